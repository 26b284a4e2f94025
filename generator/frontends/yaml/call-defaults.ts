/**
 * Checks the call options a spec may set at the top (session defaults) or on a path (that
 * method's defaults): `retry`, `max_redirects` and `timeout`, as the runtime takes them.
 */
import type { DiagnosticSink } from '../../diagnostics.js';
import type { CallDefaultsModel, RetryModel, RetryValue } from '../../model/types.js';
import type { MapEntry, SpecNode } from './load.js';
import { camelCase, RETRY_KEYS, STATUS_RANGE, type RetryKey } from './spec-format.js';
import { checkKeys, describe, expectBoolean, expectMethod, expectWholeNumber, join } from './nodes.js';

/** A list whose every item reads; items are named `at[0]`, `at[1]`, ... as the loader names them. */
function readList<T>(node: SpecNode, at: string, what: string, sink: DiagnosticSink, readItem: (item: SpecNode, itemAt: string) => T | undefined): T[] | undefined {
  if (node.kind !== 'list') {
    sink.report('wrongType', node.position, at, `a list of ${what}`, describe(node));
    return undefined;
  }
  const items = node.items.map((item, index) => readItem(item, `${at}[${index}]`));
  return items.every((item): item is T => item !== undefined) ? items : undefined;
}

function readRetryValue(key: RetryKey, node: SpecNode, at: string, sink: DiagnosticSink): RetryValue | undefined {
  switch (RETRY_KEYS[key].kind) {
    case 'count':
      return expectWholeNumber(node, at, sink, 0);
    case 'boolean':
      return expectBoolean(node, at, sink);
    case 'methodList':
      return readList(node, at, 'methods', sink, (item, itemAt) => expectMethod(item, itemAt, sink));
    case 'statusList':
      return readList(node, at, 'HTTP statuses', sink, (item, itemAt) => expectWholeNumber(item, itemAt, sink, STATUS_RANGE.min, STATUS_RANGE.max));
  }
}

/** `retry: 2` (the limit) or a map of RETRY_KEYS, kept in the table's order so the output is stable. */
function readRetry(node: SpecNode, at: string, sink: DiagnosticSink): RetryModel | undefined {
  if (node.kind !== 'map') {
    if (node.kind === 'scalar' && typeof node.value === 'number') return expectWholeNumber(node, at, sink, 0);
    sink.report('wrongType', node.position, at, 'a whole number of at least 0 or a map of retry settings', describe(node));
    return undefined;
  }
  const before = sink.count;
  const keys = checkKeys(node, RETRY_KEYS, at, sink);
  const entries: (readonly [string, RetryValue])[] = [];
  for (const key of Object.keys(RETRY_KEYS) as RetryKey[]) {
    const entry = keys.get(key);
    if (entry === undefined) continue;
    const value = readRetryValue(key, entry.value, join(at, key), sink);
    if (value !== undefined) entries.push([camelCase(key), value]);
  }
  return sink.count === before ? entries : undefined;
}

function readTimeout(node: SpecNode, at: string, sink: DiagnosticSink): number | undefined {
  if (node.kind === 'scalar' && typeof node.value === 'number' && Number.isFinite(node.value) && node.value > 0) return node.value;
  sink.report('wrongType', node.position, at, 'a number of milliseconds above 0', describe(node));
  return undefined;
}

/** The `retry`, `max_redirects` and `timeout` among a map's checked keys (`at` is the map's place). */
export function readCallDefaults(keys: ReadonlyMap<string, MapEntry>, at: string, sink: DiagnosticSink): CallDefaultsModel {
  const read = <T>(key: string, reader: (node: SpecNode, keyAt: string) => T | undefined): T | undefined => {
    const entry = keys.get(key);
    return entry === undefined ? undefined : reader(entry.value, join(at, key));
  };
  return {
    retry: read('retry', (node, keyAt) => readRetry(node, keyAt, sink)),
    maxRedirects: read('max_redirects', (node, keyAt) => expectWholeNumber(node, keyAt, sink, 0)),
    timeout: read('timeout', (node, keyAt) => readTimeout(node, keyAt, sink)),
  };
}
