/**
 * docs/spec.md names every key of the spec format: every key table the reader checks (and the
 * JSON Schema is built from, and `sessiongen import` prints from) has each of its keys in the
 * page's code, as `key` or `key: ...`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AUTH_KEYS, DETAIL_KEYS, PAGINATE_KEYS, PATH_KEYS, RETRY_KEYS, SPEC_KEYS } from '../../generator/frontends/yaml/spec-format.js';

const page = readFileSync(new URL('../../docs/spec.md', import.meta.url), 'utf8');

/** The page's code: fenced blocks and inline spans (a span may be fenced by two backticks). */
function codeOf(markdown: string): string[] {
  const fenced = [...markdown.matchAll(/^```[a-z]*\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
  const prose = markdown.replace(/^```[a-z]*\n[\s\S]*?^```$/gm, '');
  const spans = [...prose.matchAll(/(`+)\s?([\s\S]+?)\s?\1/g)].map((match) => match[2]!);
  return [...fenced, ...spans];
}

function documented(key: string, code: readonly string[]): boolean {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const asKey = new RegExp(`(^|[\\s{,])${escaped}:`, 'm');
  return code.some((text) => text.trim() === key || asKey.test(text));
}

const TABLES = { SPEC_KEYS, PATH_KEYS, DETAIL_KEYS, PAGINATE_KEYS, AUTH_KEYS, RETRY_KEYS };

describe('docs/spec.md', () => {
  it.each(Object.entries(TABLES))('names every key of %s', (_, table) => {
    const code = codeOf(page);
    expect(Object.keys(table).filter((key) => !documented(key, code))).toEqual([]);
  });
});
