import { InvalidOptionError, ParseError } from './errors.js';
import { linkTarget } from './link-header.js';
import type { ParamMap, ParamValue, RequestOptions } from './options.js';
import type { SessionResponse } from './response.js';

/** Keys into a response body, outermost first; empty (or absent) means the body itself. */
export type ItemPath = readonly string[];

/** Where a cursor comes from: a value in the body, or a value in the page's last item. */
export interface CursorSource {
  readonly from: 'body' | 'lastItem';
  readonly path: readonly string[];
}

/**
 * How a paged API says where the next page is. `items` is where a page's items are in its body
 * (default: the body is the array). The next request is the same call with one query parameter set
 * over the call's own (`param`), or, for `link`, the URL of the `Link` header's `rel="next"`.
 */
export type PageRule =
  /** GitHub: the next page is the `Link: <url>; rel="next"` target (absolute or relative to the response URL). */
  | { readonly style: 'link'; readonly items?: ItemPath }
  /**
   * Stripe: `{ param: 'starting_after', cursor: { from: 'lastItem', path: ['id'] }, hasMore: ['has_more'], items: ['data'] }`;
   * Slack: `{ param: 'cursor', cursor: { from: 'body', path: ['response_metadata', 'next_cursor'] }, items: ['channels'] }`.
   */
  | { readonly style: 'cursor'; readonly param: string; readonly cursor: CursorSource; readonly hasMore?: ItemPath; readonly items?: ItemPath }
  /** `param` = the number of items before the page: the call's own value (default 0), plus each page's item count. */
  | { readonly style: 'offset'; readonly param: string; readonly items?: ItemPath }
  /** `param` = the page number: the call's own value, else `start` (default 1), plus one per page. */
  | { readonly style: 'page'; readonly param: string; readonly start?: number; readonly items?: ItemPath }
  /**
   * Twilio, Django REST framework: the next page's URL is in the body at `next` (`next_page_uri`),
   * absolute or relative to the response URL; followed as a `Link` header's would be.
   */
  | { readonly style: 'url'; readonly next: ItemPath; readonly items?: ItemPath };

/** What changes from one page's request to the next. */
export type PageRequest = { readonly param: string; readonly value: string | number } | { readonly url: string };

/** Where an iteration stands: the page's offset or number, the cursor that asked for it, or nothing (link). */
export type PagePosition = string | number | undefined;

const STYLES: ReadonlySet<unknown> = new Set(['link', 'cursor', 'offset', 'page', 'url']);

function checkPath(option: string, path: unknown): void {
  if (path !== undefined && !(Array.isArray(path) && path.every((key) => typeof key === 'string'))) {
    throw new InvalidOptionError(option, `expected a list of keys; got ${JSON.stringify(path)}`);
  }
}

/** Refuses a rule the runtime cannot follow, before anything is sent (generated code passes literals, but users write rules too). */
export function checkPageRule(rule: PageRule): void {
  if (typeof rule !== 'object' || rule === null || !STYLES.has(rule.style)) {
    throw new InvalidOptionError('rule.style', `expected link, cursor, offset, page or url; got ${JSON.stringify((rule as { style?: unknown } | null)?.style)}`);
  }
  checkPath('rule.items', rule.items);
  if (rule.style === 'link') return;
  if (rule.style === 'url') {
    if (!Array.isArray(rule.next) || rule.next.length === 0) throw new InvalidOptionError('rule.next', `expected the keys of the next page's URL in the body; got ${JSON.stringify(rule.next)}`);
    checkPath('rule.next', rule.next);
    return;
  }
  if (typeof rule.param !== 'string' || rule.param === '') throw new InvalidOptionError('rule.param', `expected the query parameter's name; got ${JSON.stringify(rule.param)}`);
  if (rule.style === 'cursor') {
    if (typeof rule.cursor !== 'object' || rule.cursor === null || (rule.cursor.from !== 'body' && rule.cursor.from !== 'lastItem')) {
      throw new InvalidOptionError('rule.cursor', `expected { from: 'body' | 'lastItem', path }; got ${JSON.stringify(rule.cursor)}`);
    }
    checkPath('rule.cursor.path', rule.cursor.path);
    checkPath('rule.hasMore', rule.hasMore);
  }
  if (rule.style === 'page' && rule.start !== undefined && !Number.isSafeInteger(rule.start)) {
    throw new InvalidOptionError('rule.start', `expected a whole number; got ${String(rule.start)}`);
  }
}

/** The value at `path` in `value`; own keys only, so `__proto__` or `constructor` in a path finds nothing inherited. */
export function valueAt(value: unknown, path: ItemPath | undefined): unknown {
  let current = value;
  for (const key of path ?? []) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A page's items. Missing (or null) is an empty page; anything else that is not a list is a ParseError, not a silent stop. */
export function pageItems(rule: PageRule, data: unknown, response: SessionResponse): readonly unknown[] {
  const items = valueAt(data, rule.items);
  if (items === undefined || items === null) return [];
  if (Array.isArray(items)) return items;
  const where = rule.items === undefined || rule.items.length === 0 ? 'the body' : JSON.stringify(rule.items.join('.'));
  throw new ParseError(`the page's items (${where}) are not a list`, 'ERR_PAGE_ITEMS', { method: response.method, url: response.url });
}

function numberParam(value: ParamValue | null | undefined): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^-?[0-9]+$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(number) ? number : undefined;
}

/** The first page's position: the offset or page number the call itself asked for, or the default. */
export function firstPosition(rule: PageRule, params: ParamMap | undefined): PagePosition {
  if (rule.style === 'offset') return numberParam(params?.[rule.param]) ?? 0;
  if (rule.style === 'page') return numberParam(params?.[rule.param]) ?? rule.start ?? 1;
  if (rule.style === 'cursor') {
    const cursor = params?.[rule.param];
    return typeof cursor === 'string' || typeof cursor === 'number' ? cursor : undefined;
  }
  return undefined;
}

/** The URL a call was first sent to (before redirects): a link may lead only back to its origin. */
function firstUrl(response: SessionResponse): string {
  return response.redirects[0] ?? response.url;
}

/**
 * The request for a next page the server named by URL (a `Link` header's, or one in the body),
 * resolved against the response URL; undefined when it leads back to the page just read.
 */
function followUrl(target: string, what: 'link' | 'URL', response: SessionResponse, first: SessionResponse): [PageRequest, PagePosition] | undefined {
  let url: URL;
  try {
    url = new URL(target, response.url);
  } catch (error) {
    throw new ParseError(`the next page's ${what} ${JSON.stringify(target)} is not a URL`, 'ERR_PAGE_LINK', { method: response.method, url: response.url }, { cause: error });
  }
  // The session signs calls to the origin the call went to; a link elsewhere would carry its
  // credentials there, where a redirect would have dropped them. Refused, not silently cut short.
  const origin = new URL(firstUrl(first)).origin;
  if (url.origin !== origin) {
    throw new ParseError(`the next page's ${what} leads to ${url.origin}, not to ${origin} where the call went; not followed, so the session's credentials stay on their origin`, 'ERR_PAGE_LINK', { method: response.method, url: response.url });
  }
  // A link to the page just read would loop for ever.
  if (url.href === response.url || url.href === firstUrl(response)) return undefined;
  return [{ url: url.href }, undefined];
}

/**
 * Where the page after this one is, and its position; undefined when this page is the last. `first`
 * is the first page's response. Pages are never empty here (an empty page ends the iteration).
 */
export function nextPage(rule: PageRule, items: readonly unknown[], data: unknown, response: SessionResponse, position: PagePosition, first: SessionResponse): [PageRequest, PagePosition] | undefined {
  switch (rule.style) {
    case 'link': {
      const target = linkTarget(response.headers, 'next');
      return target === undefined ? undefined : followUrl(target, 'link', response, first);
    }
    case 'url': {
      const target = valueAt(data, rule.next);
      // null, a missing key or "" is the last page, as Twilio's `next_page_uri: null` says.
      return typeof target === 'string' && target !== '' ? followUrl(target, 'URL', response, first) : undefined;
    }
    case 'cursor': {
      if (rule.hasMore !== undefined && valueAt(data, rule.hasMore) !== true) return undefined;
      const source = rule.cursor.from === 'body' ? data : items[items.length - 1];
      const cursor = valueAt(source, rule.cursor.path);
      const usable = (typeof cursor === 'string' && cursor !== '') || (typeof cursor === 'number' && Number.isFinite(cursor));
      // The cursor that asked for this page again would loop for ever.
      if (!usable || cursor === position) return undefined;
      return [{ param: rule.param, value: cursor }, cursor];
    }
    case 'offset': {
      const offset = (position as number) + items.length;
      return [{ param: rule.param, value: offset }, offset];
    }
    case 'page': {
      const page = (position as number) + 1;
      return [{ param: rule.param, value: page }, page];
    }
  }
}

/**
 * The target and options of the request for a later page: the call's own with the parameter set,
 * or the link's URL. A link carries its own query (the server copies what it needs into it), so
 * the call's and session's parameters it already holds are dropped rather than sent twice; those it
 * lacks (an API key the server left out) are still added.
 */
export function pageArguments(target: string, options: RequestOptions, next: PageRequest): [string, RequestOptions] {
  if ('param' in next) return [target, { ...options, params: { ...options.params, [next.param]: next.value } }];
  const dropped: ParamMap = { ...options.params };
  for (const key of new URL(next.url).searchParams.keys()) dropped[key] = null;
  return [next.url, { ...options, params: dropped }];
}
