import { ApiCall } from './api-call.js';
import { wholeNumber } from './check.js';
import type { HTTPError } from './errors.js';
import type { RequestOptions } from './options.js';
import { checkPageRule, firstPosition, nextPage, pageArguments, pageItems } from './paging.js';
import type { PageRule } from './paging.js';
import type { ResponseReader } from './readers.js';
import type { SessionResponse } from './response.js';

/** One page of a paged call: its body as the reader read it, the items in it, and its response. */
export interface ApiPage<Page, Item> {
  readonly data: Page;
  readonly items: readonly Item[];
  readonly response: SessionResponse;
}

export interface PageLimit {
  /** The most pages (for `pages()`) or items (for `items()`) given; the iteration then ends without another request. */
  readonly limit?: number;
}

/** Sends one request of the call: the first, or a later page's. */
export type PageSender = (target: string, options: RequestOptions) => Promise<SessionResponse>;

/**
 * What a paged method returns. Awaited (or `withResponse()`, `result()`) it is the first page,
 * exactly like an ApiCall; iterated with `for await` it gives every item of every page; `pages()`
 * gives the pages with their responses.
 *
 * - The first request starts at once, as every ApiCall's does, and every iteration's first page is
 *   that response (read once, kept): awaiting the call and then iterating sends no second request.
 * - The next page is requested only when the previous one is used up, so one iteration never has
 *   two requests in flight and never asks for a page twice. `break` (or a limit reached) sends
 *   nothing more; a failed page (an HTTPError, a network error) rejects the iteration.
 * - The iteration ends on: no `rel="next"` link; no next URL in the body (null, empty or missing); a missing or empty cursor, or one that is neither
 *   a string nor a number, or the same cursor again; `hasMore` anything but `true`; an empty page
 *   (which is not given). For offset and page numbers only an empty page ends it: a page shorter
 *   than the one before is not taken as the last, since servers cap page sizes their own way (one
 *   more request at the end, rather than items silently missed).
 * - Iterating a second time starts again from the kept first page and requests the rest afresh.
 */
export class PagedCall<Page, Item, E extends HTTPError = HTTPError> extends ApiCall<Page, E> implements AsyncIterable<Item> {
  readonly #rule: PageRule;
  readonly #reader: ResponseReader<Page>;
  readonly #target: string;
  readonly #options: RequestOptions;
  readonly #send: PageSender;

  constructor(rule: PageRule, reader: ResponseReader<Page>, target: string, options: RequestOptions, send: PageSender) {
    checkPageRule(rule);
    super(send(target, options), reader);
    this.#rule = rule;
    this.#reader = reader;
    this.#target = target;
    this.#options = options;
    this.#send = send;
  }

  /** Every item of every page, in order. */
  [Symbol.asyncIterator](): AsyncGenerator<Item, void, undefined> {
    return this.items();
  }

  /** Every item of every page, in order; at most `limit` of them. */
  async *items(options: PageLimit = {}): AsyncGenerator<Item, void, undefined> {
    const limit = await this.#limit(options);
    if (limit === 0) return;
    let count = 0;
    for await (const page of this.pages()) {
      for (const item of page.items) {
        yield item;
        // Checked before the next page is asked for: a limit met at a page's end sends nothing more.
        if (++count >= limit) return;
      }
    }
  }

  /** Every page with its items and response, in order; at most `limit` of them. */
  async *pages(options: PageLimit = {}): AsyncGenerator<ApiPage<Page, Item>, void, undefined> {
    const limit = await this.#limit(options);
    if (limit === 0) return;
    const rule = this.#rule;
    let position = firstPosition(rule, this.#options.params);
    const first = await this.withResponse();
    let { data, response } = first;
    for (let count = 1; ; count++) {
      const items = pageItems(rule, data, response) as readonly Item[];
      if (items.length === 0) return;
      yield { data, items, response };
      if (count >= limit) return;
      const next = nextPage(rule, items, data, response, position, first.response);
      if (next === undefined) return;
      position = next[1];
      // A page is read as the first was, so a non-2xx page rejects with the same HTTPError subclass.
      ({ data, response } = await new ApiCall<Page, E>(this.#send(...pageArguments(this.#target, this.#options, next[0])), this.#reader).withResponse());
    }
  }

  /**
   * The limit, checked once the first page is in: the call's own request has started already, and
   * an iteration that gave up before looking at it (limit 0, a bad limit) would leave its failure
   * unhandled. So the first page's error, if any, is always the iteration's.
   */
  async #limit(options: PageLimit): Promise<number> {
    await this.withResponse();
    return wholeNumber('limit', options.limit, Number.POSITIVE_INFINITY, 0);
  }

  override get [Symbol.toStringTag](): string {
    return 'PagedCall';
  }
}
