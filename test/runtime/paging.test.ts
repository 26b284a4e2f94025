import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { InternalServerError, InvalidOptionError, PagedCall, ParseError, Session, SessionClosedError, readJson } from '../../runtime/index.js';
import type { ApiPage, PageRule, RequestOptions, SessionOptions } from '../../runtime/index.js';
import { localhostOrigin, rejection, sleep, useHarness } from '../helpers/harness.js';
import type { TestServer } from '../helpers/server.js';

const h = useHarness();

/** What a generated client is: a Session subclass reaching the protected callPaged. */
class Api extends Session {
  list<Page, Item>(target: string, rule: PageRule, options: RequestOptions = {}): PagedCall<Page, Item> {
    return this.callPaged<Page, Item>('GET', target, options, readJson, rule);
  }
}

interface Thing {
  readonly id: string;
}

// Seven things, three to a page: pages of 3, 3 and 1.
const THINGS: readonly Thing[] = Array.from({ length: 7 }, (_, i) => ({ id: `t${i + 1}` }));
const ALL_IDS = THINGS.map((thing) => thing.id);
const SIZE = 3;

type Answer = [status: number, headers: Record<string, string>, body: unknown];

/** A paged API: `answer` gives each request's reply; the server counts requests and the most in flight at once. */
interface PagedServer {
  readonly server: TestServer;
  readonly urls: string[];
  readonly peakInFlight: number;
}

async function pagedServer(answer: (url: URL, request: IncomingMessage) => Answer): Promise<PagedServer> {
  let inFlight = 0;
  let peak = 0;
  const urls: string[] = [];
  const server = await h.server(async (request: IncomingMessage, response: ServerResponse) => {
    inFlight += 1;
    peak = Math.max(peak, inFlight);
    urls.push(request.url ?? '');
    // Each page takes a while, so a client asking for two at once would be seen doing it.
    await sleep(5);
    const [status, headers, body] = answer(new URL(request.url ?? '/', 'http://x'), request);
    inFlight -= 1;
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
  });
  return {
    server,
    urls,
    get peakInFlight() {
      return peak;
    },
  };
}

function api(server: TestServer, options: SessionOptions = {}): Api {
  // More connections than one iteration could use: only the iteration itself keeps pages one at a time.
  const s = new Api(server.origin, { connections: 4, ...options });
  h.defer(() => s.close());
  return s;
}

function slice(from: number): Thing[] {
  return THINGS.slice(from, from + SIZE);
}

async function ids(call: PagedCall<unknown, Thing>): Promise<string[]> {
  const got: string[] = [];
  for await (const thing of call) got.push(thing.id);
  return got;
}

function number(url: URL, name: string, fallback: number): number {
  const value = url.searchParams.get(name);
  return value === null ? fallback : Number(value);
}

/** Each style's API, as the API it is modelled on answers. */
const STYLES: Record<string, { rule: PageRule; target: string; answer: (url: URL, request: IncomingMessage) => Answer; requests: number }> = {
  'link (GitHub)': {
    rule: { style: 'link' },
    target: '/repos?per_page=3',
    answer: (url, request) => {
      const page = number(url, 'page', 1);
      const last = Math.ceil(THINGS.length / SIZE);
      const links = [`<http://${request.headers.host}/repos?per_page=3&page=${last}>; rel="last"`];
      // The first page's link is absolute, the second's relative, as either may come.
      if (page === 1) links.push(`<http://${request.headers.host}/repos?per_page=3&page=2>; rel="next"`);
      if (page === 2) links.push('</repos?per_page=3&page=3>; rel="next"', '</repos?per_page=3&page=1>; rel="prev first"');
      return [200, { link: links.join(', ') }, slice((page - 1) * SIZE)];
    },
    requests: 3,
  },
  'cursor from the last item, has_more (Stripe)': {
    rule: { style: 'cursor', param: 'starting_after', cursor: { from: 'lastItem', path: ['id'] }, hasMore: ['has_more'], items: ['data'] },
    target: '/v1/customers?limit=3',
    answer: (url) => {
      const after = url.searchParams.get('starting_after');
      const from = after === null ? 0 : THINGS.findIndex((thing) => thing.id === after) + 1;
      return [200, {}, { object: 'list', data: slice(from), has_more: from + SIZE < THINGS.length }];
    },
    requests: 3,
  },
  'cursor from the body (Slack)': {
    rule: { style: 'cursor', param: 'cursor', cursor: { from: 'body', path: ['response_metadata', 'next_cursor'] }, items: ['channels'] },
    target: '/conversations.list',
    answer: (url) => {
      const from = Number(url.searchParams.get('cursor')?.replace('c', '') ?? 0);
      const next = from + SIZE < THINGS.length ? `c${from + SIZE}` : '';
      return [200, {}, { ok: true, channels: slice(from), response_metadata: { next_cursor: next } }];
    },
    requests: 3,
  },
  'next URL in the body (Twilio)': {
    rule: { style: 'url', next: ['next_page_uri'], items: ['calls'] },
    target: '/Calls.json?PageSize=3',
    answer: (url) => {
      const page = number(url, 'Page', 0);
      // Relative to the response, as Twilio's are; null on the last page.
      const next = (page + 1) * SIZE < THINGS.length ? `/Calls.json?PageSize=3&Page=${page + 1}&PageToken=PA${page + 1}` : null;
      return [200, {}, { calls: slice(page * SIZE), next_page_uri: next, page }];
    },
    requests: 3,
  },
  'offset': {
    rule: { style: 'offset', param: 'offset', items: ['items'] },
    target: '/things?limit=3',
    answer: (url) => [200, {}, { items: slice(number(url, 'offset', 0)) }],
    // The last page is short but not empty: one more request finds the end.
    requests: 4,
  },
  'page numbers': {
    rule: { style: 'page', param: 'page' },
    target: '/things',
    answer: (url) => [200, {}, slice((number(url, 'page', 1) - 1) * SIZE)],
    requests: 4,
  },
};

describe.each(Object.entries(STYLES))('paging by %s', (_name, style) => {
  it('gives every item in order, one page at a time, each page asked for once', async () => {
    const paged = await pagedServer(style.answer);
    const s = api(paged.server);
    const ids: string[] = [];
    for await (const thing of s.list<unknown, Thing>(style.target, style.rule)) ids.push(thing.id);
    expect(ids).toEqual(ALL_IDS);
    expect(paged.urls).toHaveLength(style.requests);
    expect(new Set(paged.urls).size).toBe(paged.urls.length);
    expect(paged.peakInFlight).toBe(1);
  });

  it('pages() gives each page with its items and response; awaiting the call first sends no second request', async () => {
    const paged = await pagedServer(style.answer);
    const s = api(paged.server);
    const call = s.list<unknown, Thing>(style.target, style.rule);
    const first = await call;
    expect(paged.urls).toHaveLength(1);
    const pages: ApiPage<unknown, Thing>[] = [];
    for await (const page of call.pages()) pages.push(page);
    expect(pages.map((page) => page.items.map((thing) => thing.id))).toEqual([ALL_IDS.slice(0, 3), ALL_IDS.slice(3, 6), ALL_IDS.slice(6)]);
    expect(pages[0]!.data).toBe(first);
    expect(pages.map((page) => page.response.status)).toEqual([200, 200, 200]);
    expect(pages.map((page) => page.response.url)).toEqual(paged.urls.slice(0, 3).map((url) => paged.server.origin + url));
    expect(paged.urls).toHaveLength(style.requests);
  });

  it('limits on pages and items send no request past them; a break sends none either', async () => {
    const paged = await pagedServer(style.answer);
    const s = api(paged.server);
    const call = s.list<unknown, Thing>(style.target, style.rule);
    const pages: number[] = [];
    for await (const page of call.pages({ limit: 2 })) pages.push(page.items.length);
    expect(pages).toEqual([3, 3]);
    expect(paged.urls).toHaveLength(2);

    // A limit met at a page's end does not ask for the next page.
    const three: string[] = [];
    for await (const thing of call.items({ limit: 3 })) three.push(thing.id);
    expect(three).toEqual(ALL_IDS.slice(0, 3));
    expect(paged.urls).toHaveLength(2);

    const four: string[] = [];
    for await (const thing of call.items({ limit: 4 })) four.push(thing.id);
    expect(four).toEqual(ALL_IDS.slice(0, 4));
    expect(paged.urls).toHaveLength(3);

    for await (const thing of call) if (thing.id === 't2') break;
    await sleep(30);
    expect(paged.urls).toHaveLength(3);
    expect(paged.peakInFlight).toBe(1);
  });

  it('a failed page rejects the iteration with its HTTPError after the items before it', async () => {
    let calls = 0;
    const paged = await pagedServer((url, request) => (++calls === 2 ? [503, { 'x-request-id': 'r2' }, { error: 'busy' }] : style.answer(url, request)));
    // Not about retries: the failed page fails once (the default would retry the 503).
    const s = api(paged.server, { retry: 0 });
    const ids: string[] = [];
    const error = await rejection(
      (async () => {
        for await (const thing of s.list<unknown, Thing>(style.target, style.rule)) ids.push(thing.id);
      })(),
    );
    expect(ids).toEqual(ALL_IDS.slice(0, 3));
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as InternalServerError).requestId).toBe('r2');
    expect((error as InternalServerError).body).toEqual({ error: 'busy' });
    expect(paged.urls).toHaveLength(2);
  });
});

describe('paging: ends and edges', () => {
  it('an empty first page: awaiting gives it, iterating gives nothing, and nothing more is asked', async () => {
    const paged = await pagedServer(() => [200, { link: '</next>; rel="next"' }, { data: [], has_more: true }]);
    const s = api(paged.server);
    const stripe = s.list<{ data: Thing[] }, Thing>('/v1/customers', { style: 'cursor', param: 'starting_after', cursor: { from: 'lastItem', path: ['id'] }, hasMore: ['has_more'], items: ['data'] });
    expect(await stripe).toEqual({ data: [], has_more: true });
    const pages: unknown[] = [];
    for await (const page of stripe.pages()) pages.push(page);
    const items: unknown[] = [];
    for await (const item of s.list('/link', { style: 'link', items: ['data'] })) items.push(item);
    expect([pages, items]).toEqual([[], []]);
    expect(paged.urls).toEqual(['/v1/customers', '/link']);
  });

  it('cursor: the call keeps its own params; has_more false, an empty, missing, non-scalar or repeated cursor ends it', async () => {
    const bodies: Record<string, unknown> = {
      '': { data: [{ id: 'a' }], has_more: true, next: 'b' },
      'b': { data: [{ id: 'b' }], has_more: true, next: 'b' },
    };
    const paged = await pagedServer((url) => [200, {}, bodies[url.searchParams.get('after') ?? ''] ?? { data: [] }]);
    const s = api(paged.server);
    const rule = (path: string[]): PageRule => ({ style: 'cursor', param: 'after', cursor: { from: 'body', path }, items: ['data'] });
    // The same cursor that asked for a page would ask for it again: the iteration ends instead.
    expect(await ids(s.list('/list', rule(['next']), { params: { limit: 1 } }))).toEqual(['a', 'b']);
    expect(paged.urls).toEqual(['/list?limit=1', '/list?limit=1&after=b']);
    for (const path of [['missing'], ['data'], ['has_more']]) expect(await ids(s.list('/list', rule(path)))).toEqual(['a']);
    const stopped: PageRule = { style: 'cursor', param: 'after', cursor: { from: 'body', path: ['next'] }, hasMore: ['nope'], items: ['data'] };
    expect(await ids(s.list('/list', stopped))).toEqual(['a']);
    expect(paged.urls).toHaveLength(6);
  });

  it('offset and page numbers start from the call\'s own value, or the rule\'s start', async () => {
    const paged = await pagedServer((url) => [200, {}, url.searchParams.has('offset') || url.pathname === '/o' ? slice(number(url, 'offset', 0)) : slice(number(url, 'p', 0) * SIZE)]);
    const s = api(paged.server);
    expect(await ids(s.list('/o', { style: 'offset', param: 'offset' }, { params: { offset: 5 } }))).toEqual(['t6', 't7']);
    expect(await ids(s.list('/p', { style: 'page', param: 'p', start: 0 }))).toEqual(ALL_IDS);
    expect(await ids(s.list('/p', { style: 'page', param: 'p', start: 0 }, { params: { p: '2' } }))).toEqual(['t7']);
    expect(paged.urls).toEqual(['/o?offset=5', '/o?offset=7', '/p', '/p?p=1', '/p?p=2', '/p?p=3', '/p?p=2', '/p?p=3']);
  });

  it('link: session and call params already in the link are not sent twice; one missing from it still is', async () => {
    const paged = await pagedServer((url): Answer => {
      const page = number(url, 'page', 1);
      return [200, page === 1 ? { link: '</r?key=k&per_page=3&page=2>; rel="next"' } : {}, slice((page - 1) * SIZE)];
    });
    const s = api(paged.server, { params: { key: 'k', token: 't' } });
    const ids: string[] = [];
    for await (const thing of s.list<unknown, Thing>('/r', { style: 'link' }, { params: { per_page: 3 } })) ids.push(thing.id);
    expect(ids).toEqual(ALL_IDS.slice(0, 6));
    expect(paged.urls).toEqual(['/r?key=k&token=t&per_page=3', '/r?key=k&per_page=3&page=2&token=t']);
  });

  it('link: a next link to another origin is refused (the session would sign it), as is one to the same page', async () => {
    let next = '';
    const paged = await pagedServer(() => [200, { link: `<${next}>; rel="next"` }, [{ id: 'x' }]]);
    const s = api(paged.server, { headers: { authorization: 'Bearer secret' } });
    next = `${localhostOrigin(paged.server)}/elsewhere`;
    const seen: unknown[] = [];
    const error = await rejection(
      (async () => {
        for await (const thing of s.list('/r', { style: 'link' })) seen.push(thing);
      })(),
    );
    expect(seen).toEqual([{ id: 'x' }]);
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).code).toBe('ERR_PAGE_LINK');
    expect((error as ParseError).message).toContain(`leads to ${localhostOrigin(paged.server)}`);
    next = '/r';
    const ids: unknown[] = [];
    for await (const thing of s.list('/r', { style: 'link' })) ids.push(thing);
    expect(ids).toEqual([{ id: 'x' }]);
    // Neither the other origin nor the same page again was asked for.
    expect(paged.urls).toEqual(['/r', '/r']);
  });

  it('url: an empty or missing next URL ends it; one to another origin is refused, as is one to the same page', async () => {
    let next: unknown = '';
    const paged = await pagedServer(() => [200, {}, { data: [{ id: 'x' }], next }]);
    const s = api(paged.server, { headers: { authorization: 'Bearer secret' } });
    const rule: PageRule = { style: 'url', next: ['next'], items: ['data'] };
    for (const value of ['', null, undefined, 42, '/r']) {
      next = value;
      expect(await ids(s.list('/r', rule))).toEqual(['x']);
    }
    next = `${localhostOrigin(paged.server)}/elsewhere`;
    const error = await rejection(ids(s.list('/r', rule)));
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).message).toContain(`the next page's URL leads to ${localhostOrigin(paged.server)}`);
    expect(paged.urls).toEqual(['/r', '/r', '/r', '/r', '/r', '/r']);
    expect(() => s.list('/r', { style: 'url', next: [] })).toThrow(InvalidOptionError);
  });

  it('items that are not a list are a ParseError; a bad rule or limit is refused before anything is sent', async () => {
    const paged = await pagedServer(() => [200, {}, { data: { id: 'x' } }]);
    const s = api(paged.server);
    const error = await rejection(s.list('/r', { style: 'page', param: 'page', items: ['data'] }).items().next());
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).code).toBe('ERR_PAGE_ITEMS');
    expect(() => s.list('/r', { style: 'pages' } as unknown as PageRule)).toThrow(InvalidOptionError);
    expect(() => s.list('/r', { style: 'cursor', param: '', cursor: { from: 'body', path: ['n'] } })).toThrow(InvalidOptionError);
    expect(() => s.list('/r', { style: 'cursor', param: 'c', cursor: { from: 'head', path: ['n'] } } as unknown as PageRule)).toThrow(InvalidOptionError);
    expect(paged.urls).toEqual(['/r']);
    expect(await rejection(s.list('/r', { style: 'link' }).items({ limit: -1 }).next())).toBeInstanceOf(InvalidOptionError);
    expect(await rejection(s.list('/r', { style: 'link' }).pages({ limit: 1.5 }).next())).toBeInstanceOf(InvalidOptionError);
    // A limit of 0 gives nothing, but the call's own failure is still the iteration's, never left unhandled.
    expect(await s.list('/r', { style: 'link' }).items({ limit: 0 }).next()).toEqual({ done: true, value: undefined });
    await s.close();
    expect(await rejection(s.list('/r', { style: 'link' }).items({ limit: 0 }).next())).toBeInstanceOf(SessionClosedError);
  });

  it('stays an ApiCall for its first page: withResponse() and result()', async () => {
    const paged = await pagedServer(STYLES['offset']!.answer);
    const s = api(paged.server);
    const call = s.list<{ items: Thing[] }, Thing>('/things', { style: 'offset', param: 'offset', items: ['items'] });
    const { data, response } = await call.withResponse();
    expect(data.items).toHaveLength(3);
    expect(response.status).toBe(200);
    const result = await call.result();
    expect(result.ok && result.data).toBe(data);
    expect(String(call)).toBe('[object PagedCall]');
  });
});
