/** Checks a `headers` map: HTTP token names, and values that cannot split a request. */
import type { DiagnosticSink } from '../diagnostics.js';
import type { SpecNode } from '../load.js';
import type { HeaderEntry } from '../model.js';
import { describe, expectMap, join } from './nodes.js';

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const SPLITS_REQUEST = /[\r\n\0]/;

export function readHeaders(node: SpecNode, at: string, sink: DiagnosticSink): HeaderEntry[] {
  const map = expectMap(node, at, sink);
  if (map === undefined) return [];
  const headers: HeaderEntry[] = [];
  for (const entry of map.entries) {
    const headerAt = join(at, entry.key);
    if (!TOKEN.test(entry.key)) {
      sink.report('badHeaderName', entry.keyPosition, headerAt, entry.key);
      continue;
    }
    const value = entry.value;
    if (value.kind !== 'scalar' || (typeof value.value !== 'string' && typeof value.value !== 'number')) {
      sink.report('wrongType', value.position, headerAt, 'a string or a number', describe(value));
      continue;
    }
    const text = String(value.value);
    if (SPLITS_REQUEST.test(text)) {
      sink.report('badHeaderValue', value.position, headerAt, entry.key);
      continue;
    }
    headers.push([entry.key, text]);
  }
  return headers;
}
