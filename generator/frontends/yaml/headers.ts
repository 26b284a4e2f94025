/** Checks a `headers` or `params` map: names, and values that keep their text and cannot split a request. */
import type { DiagnosticSink } from '../../diagnostics.js';
import type { HeaderEntry } from '../../model/types.js';
import type { SpecNode } from './load.js';
import { describe, expectMap, join } from './nodes.js';

import { TOKEN } from '../../model/http-token.js';

export { TOKEN };
const SPLITS_REQUEST = /[\r\n\0]/;

/** A scalar's text as written: `1.10` stays `1.10`, `00123` stays `00123`. */
function valueText(node: SpecNode, at: string, sink: DiagnosticSink): string | undefined {
  if (node.kind === 'scalar' && typeof node.value === 'string') return node.value;
  if (node.kind === 'scalar' && typeof node.value === 'number') return node.source ?? String(node.value);
  sink.report('wrongType', node.position, at, 'a string or a number', describe(node));
  return undefined;
}

/** `headers`: HTTP token names. */
export function readHeaders(node: SpecNode, at: string, sink: DiagnosticSink): HeaderEntry[] {
  return readEntries(node, at, sink, true);
}

/** Top-level `params`: query keys are any text (they are percent-encoded when sent). */
export function readParams(node: SpecNode, at: string, sink: DiagnosticSink): HeaderEntry[] {
  return readEntries(node, at, sink, false);
}

function readEntries(node: SpecNode, at: string, sink: DiagnosticSink, tokenNames: boolean): HeaderEntry[] {
  const map = expectMap(node, at, sink);
  if (map === undefined) return [];
  const entries: HeaderEntry[] = [];
  for (const entry of map.entries) {
    const entryAt = join(at, entry.key);
    if (tokenNames && !TOKEN.test(entry.key)) {
      sink.report('badHeaderName', entry.keyPosition, entryAt, entry.key);
      continue;
    }
    const text = valueText(entry.value, entryAt, sink);
    if (text === undefined) continue;
    if (SPLITS_REQUEST.test(text)) {
      sink.report('badHeaderValue', entry.value.position, entryAt, entry.key);
      continue;
    }
    entries.push([entry.key, text]);
  }
  return entries;
}

/** The value of a header in a list of fixed headers, by case-insensitive name. */
export function headerValue(headers: readonly HeaderEntry[], name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find(([key]) => key.toLowerCase() === lower)?.[1];
}
