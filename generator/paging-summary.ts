/**
 * The line `generate` and `import` print for an OpenAPI document about the pagination they
 * detected (docs/openapi.md, "Detected pagination"): one count per rule, most used first, so
 * Stripe's 300-odd operations say in one line what became paged and how.
 */
import type { MethodModel, PaginationModel } from './model/types.js';

/** One rule in a few words, without where its items are (which differ per list): `cursor starting_after = last item's id, while has_more`. */
export function describePagination(rule: PaginationModel): string {
  switch (rule.style) {
    case 'link':
      return `Link header`;
    case 'url':
      return `next URL ${rule.next.join('.')}`;
    case 'offset':
      return `offset in ${rule.param}`;
    case 'page':
      return `page number in ${rule.param}`;
    case 'cursor': {
      const from = rule.cursor.from === 'lastItem' ? `last item's ${rule.cursor.path.join('.')}` : rule.cursor.path.join('.');
      return `cursor ${rule.param} = ${from}${rule.hasMore === undefined ? '' : `, while ${rule.hasMore.join('.')}`}`;
    }
  }
}

/** `paging: 43 of 305 operations paged: 41 cursor starting_after = last item's id, while has_more; 2 ...`, or undefined when nothing is paged. */
export function pagingSummary(methods: readonly MethodModel[]): string | undefined {
  const counts = new Map<string, number>();
  for (const method of methods) {
    if (method.pagination === undefined) continue;
    const text = describePagination(method.pagination);
    counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  if (counts.size === 0) return undefined;
  const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
  const parts = [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0)).map(([text, count]) => `${count} ${text}`);
  return `paging: ${total} of ${methods.length} operations paged: ${parts.join('; ')}`;
}
