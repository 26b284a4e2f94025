/** Reads `paginate`: how a path's result continues on further pages. */
import type { DiagnosticSink } from '../../diagnostics.js';
import { elementType, typeAtPath, type BodyPath, type PaginationModel, type ResultModel, type TypeRef } from '../../model/types.js';
import type { MapEntry, SpecNode } from './load.js';
import { checkKeys, describe, expectString, expectWholeNumber, join } from './nodes.js';
import { PAGE_STYLES, PAGINATE_KEYS } from './spec-format.js';

/** A rule as written, before the result type it applies to is known. */
export type PageRule = DistributiveOmit<PaginationModel, 'itemType'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** `response_metadata.next_cursor` as keys; `last_item.id` in a cursor means the last item's `id`. */
function bodyPath(text: string): BodyPath {
  return text === '' ? [] : text.split('.');
}

const LAST_ITEM = 'last_item';

/** A `paginate` map: `style` and the keys that style needs. */
export function readPageRule(node: SpecNode, at: string, sink: DiagnosticSink): PageRule | undefined {
  if (node.kind !== 'map') {
    sink.report('wrongType', node.position, at, 'a map of paginate settings, or true for the spec\'s own', describe(node));
    return undefined;
  }
  const before = sink.count;
  const keys = checkKeys(node, PAGINATE_KEYS, at, sink);
  const text = (key: keyof typeof PAGINATE_KEYS): string | undefined => {
    const entry = keys.get(key);
    return entry === undefined ? undefined : expectString(entry.value, join(at, key), sink);
  };
  const styleEntry = keys.get('style');
  const style = text('style');
  if (style !== undefined && !PAGE_STYLES.some((candidate) => candidate === style)) sink.report('badChoice', styleEntry!.value.position, join(at, 'style'), PAGE_STYLES, style);
  const items = bodyPath(text('items') ?? '');
  const param = text('param');
  const need = (key: 'param' | 'cursor' | 'next'): void => {
    if (!keys.has(key)) sink.report('missingKey', node.position, at, key);
  };
  if (style === 'cursor') need('cursor');
  if (style === 'url') need('next');
  if (style === 'cursor' || style === 'offset' || style === 'page') need('param');
  const startEntry = keys.get('start');
  const start = startEntry === undefined ? undefined : expectWholeNumber(startEntry.value, join(at, 'start'), sink, 0);
  if (sink.count !== before) return undefined;
  switch (style) {
    case 'link':
      return { style, items };
    case 'cursor': {
      const cursor = bodyPath(text('cursor')!);
      const fromLast = cursor[0] === LAST_ITEM;
      const hasMore = text('has_more');
      return { style, param: param!, items, cursor: { from: fromLast ? 'lastItem' : 'body', path: fromLast ? cursor.slice(1) : cursor }, hasMore: hasMore === undefined ? undefined : bodyPath(hasMore) };
    }
    case 'offset':
      return { style, param: param!, items };
    case 'page':
      return { style, param: param!, items, start };
    case 'url':
      return { style, next: bodyPath(text('next')!), items };
    default:
      return undefined;
  }
}

/** `paginate: true` (the spec's rule) or a map of its own. */
export function readPagination(entry: MapEntry, at: string, fallback: PageRule | undefined, sink: DiagnosticSink): PageRule | undefined {
  const node = entry.value;
  if (node.kind === 'scalar' && node.value === true) {
    if (fallback === undefined) sink.report('noSharedPagination', node.position, at);
    return fallback;
  }
  return readPageRule(node, at, sink);
}

/** The rule with its item type, found through the result type; reported where it cannot be. */
export function paginationFor(rule: PageRule, result: ResultModel, types: ReadonlyMap<string, TypeRef>, node: SpecNode, at: string, sink: DiagnosticSink): PaginationModel | undefined {
  const pageType = result.reading === 'json' ? result.type : undefined;
  const items = pageType === undefined ? undefined : typeAtPath(pageType, rule.items, types);
  const itemType = items === undefined ? undefined : elementType(items, types);
  if (itemType === undefined) {
    sink.report('badPageItems', node.position, at, rule.items.length === 0 ? 'the response' : rule.items.join('.'));
    return undefined;
  }
  if (rule.style === 'url') {
    // A misspelt `next` would end every list after its first page without a word.
    const next = typeAtPath(pageType!, rule.next, types);
    const target = next === undefined ? undefined : typeAtPath(next, [], types);
    const text = (type: TypeRef): boolean => {
      const target = typeAtPath(type, [], types);
      if (target === undefined) return false;
      if (target.kind === 'builtin') return target.name === 'string' || target.name === 'unknown' || target.name === 'null';
      return target.kind === 'literal' ? typeof target.value === 'string' : (target.kind === 'union' || target.kind === 'intersection') && target.members.every(text);
    };
    if (target === undefined || !text(target)) {
      sink.report('badPageNext', node.position, at, rule.next.join('.'));
      return undefined;
    }
  }
  return { ...rule, itemType } as PaginationModel;
}
