/** The pagination detection rule (generator/frontends/openapi/pagination.ts) on small documents. */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../generator/diagnostics.js';
import type { MethodModel, PaginationModel } from '../../generator/model/types.js';
import { pagingSummary } from '../../generator/paging-summary.js';
import { doc, model, read } from './helpers.js';

type Json = Record<string, unknown>;

const query = (name: string, type = 'string'): Json => ({ name, in: 'query', schema: { type } });
const list = (items: Json = { $ref: '#/components/schemas/Thing' }): Json => ({ type: 'array', items });
const THING: Json = { type: 'object', required: ['id'], properties: { id: { type: 'string' }, name: { type: 'string' } } };

/** One GET /things with these query parameters and this 200 body; `extra` goes on the operation. */
function listDoc(params: readonly Json[], body: Json, extra: Json = {}, response: Json = {}): Json {
  return doc({
    paths: { '/things': { get: { operationId: 'listThings', parameters: params, responses: { '200': { description: 'ok', content: { 'application/json': { schema: body } }, ...response } }, ...extra } } },
    components: { schemas: { Thing: THING } },
  });
}

/**
 * The detected rule without its item type, and the item type by itself, of the operation at
 * `route` (found by its HTTP method and path, whatever the placement rule names it).
 */
function detected(document: Json, route = 'GET /things'): { rule: Omit<PaginationModel, 'itemType'> | undefined; itemType: PaginationModel['itemType'] | undefined; warnings: string[] } {
  const client = model(document);
  const routeOf = (item: MethodModel): string => `${item.httpMethod} ${item.path.map((part) => (part.kind === 'text' ? part.text : `{${part.wireName}}`)).join('')}`;
  const found = client.methods.find((item) => routeOf(item) === route);
  if (found === undefined) throw new Error(`no operation ${route}; have ${client.methods.map(routeOf).join(', ')}`);
  const pagination = found.pagination;
  const warnings = client.warnings.map(formatDiagnostic);
  if (pagination === undefined) return { rule: undefined, itemType: undefined, warnings };
  const { itemType, ...rule } = pagination;
  return { rule, itemType, warnings };
}

const NAMED_THING = { kind: 'named', name: 'Thing' };

describe('pagination from the document\'s shapes', () => {
  it('Stripe: starting_after + has_more gives a cursor from the last item\'s id, items in the one list', () => {
    const stripe = detected(listDoc([query('limit', 'integer'), query('starting_after'), query('ending_before')], { type: 'object', properties: { object: { type: 'string' }, data: list(), has_more: { type: 'boolean' }, url: { type: 'string' } } }));
    expect(stripe.rule).toEqual({ style: 'cursor', param: 'starting_after', cursor: { from: 'lastItem', path: ['id'] }, hasMore: ['has_more'], items: ['data'] });
    expect(stripe.itemType).toEqual(NAMED_THING);
    expect(stripe.warnings).toEqual([]);
  });

  it('OpenAI: after + has_more + last_id takes the cursor from last_id; without an id anywhere nothing is guessed', () => {
    const openai = detected(listDoc([query('after')], { type: 'object', properties: { data: list(), first_id: { type: 'string' }, last_id: { type: 'string' }, has_more: { type: 'boolean' } } }));
    expect(openai.rule).toEqual({ style: 'cursor', param: 'after', cursor: { from: 'body', path: ['last_id'] }, hasMore: ['has_more'], items: ['data'] });
    const noId = detected(listDoc([query('after')], { type: 'object', properties: { data: list({ type: 'object', properties: { name: { type: 'string' } } }), has_more: { type: 'boolean' } } }));
    expect(noId.rule).toBeUndefined();
    expect(noId.warnings).toEqual([]);
    // An `after` that is a time filter is not a cursor.
    const body = { type: 'object', properties: { data: list(), has_more: { type: 'boolean' } } };
    expect(detected(listDoc([query('after', 'integer')], body)).rule).toBeUndefined();
    expect(detected(listDoc([{ name: 'after', in: 'query', schema: { type: 'string', format: 'date-time' } }], body)).rule).toBeUndefined();
  });

  it('Slack: a cursor parameter and response_metadata.next_cursor; Stripe search: page and next_page with has_more', () => {
    const slack = detected(listDoc([query('cursor'), query('limit', 'integer')], { type: 'object', properties: { ok: { type: 'boolean' }, channels: list(), response_metadata: { type: 'object', properties: { next_cursor: { type: 'string' } } } } }));
    expect(slack.rule).toEqual({ style: 'cursor', param: 'cursor', cursor: { from: 'body', path: ['response_metadata', 'next_cursor'] }, hasMore: undefined, items: ['channels'] });
    const search = detected(listDoc([query('query'), query('page')], { type: 'object', properties: { data: list(), has_more: { type: 'boolean' }, next_page: { type: 'string', nullable: true } } }));
    expect(search.rule).toEqual({ style: 'cursor', param: 'page', cursor: { from: 'body', path: ['next_page'] }, hasMore: ['has_more'], items: ['data'] });
    const camel = detected(listDoc([query('pageToken')], { type: 'object', properties: { items: list(), nextPageToken: { type: 'string' } } }));
    expect(camel.rule).toEqual({ style: 'cursor', param: 'pageToken', cursor: { from: 'body', path: ['nextPageToken'] }, hasMore: undefined, items: ['items'] });
  });

  it('Twilio and Django REST framework: the next page\'s URL in the body; a plain "next" without format uri is not one', () => {
    const twilio = detected(listDoc([query('PageSize', 'integer'), query('Page', 'integer'), query('PageToken')], { type: 'object', properties: { calls: list(), next_page_uri: { type: 'string', format: 'uri', nullable: true }, page: { type: 'integer' } } }));
    expect(twilio.rule).toEqual({ style: 'url', next: ['next_page_uri'], items: ['calls'] });
    const drf = detected(listDoc([query('page', 'integer')], { type: 'object', properties: { count: { type: 'integer' }, next: { type: 'string', format: 'uri', nullable: true }, previous: { type: 'string', nullable: true }, results: list() } }));
    expect(drf.rule).toEqual({ style: 'url', next: ['next'], items: ['results'] });
    const plain = detected(listDoc([query('page', 'integer')], { type: 'object', properties: { next: { type: 'string' }, results: list() } }));
    expect(plain.rule).toBeUndefined();
  });

  it('offset + limit and page + per_page with a list; both integers, names exact', () => {
    expect(detected(listDoc([query('offset', 'integer'), query('limit', 'integer')], list())).rule).toEqual({ style: 'offset', param: 'offset', items: [] });
    expect(detected(listDoc([query('page', 'integer'), query('per_page', 'integer')], { type: 'object', properties: { total: { type: 'integer' }, items: list() } })).rule).toEqual({ style: 'page', param: 'page', start: undefined, items: ['items'] });
    expect(detected(listDoc([query('page', 'integer'), query('page_size', 'integer')], list())).rule?.style).toBe('page');
    // Not integers, a missing partner, another spelling, or no list: not paged, and nothing to say.
    for (const params of [[query('offset'), query('limit')], [query('offset', 'integer')], [query('Page', 'integer'), query('PageSize', 'integer')], [query('page', 'integer'), query('size', 'integer')]]) {
      expect(detected(listDoc(params, list())).rule).toBeUndefined();
    }
    const notAList = detected(listDoc([query('offset', 'integer'), query('limit', 'integer')], THING));
    expect(notAList).toEqual({ rule: undefined, itemType: undefined, warnings: [] });
  });

  it('a Link header wins over page parameters (GitHub), with no warning', () => {
    const github = detected(listDoc([query('per_page', 'integer'), query('page', 'integer')], list(), {}, { headers: { Link: { schema: { type: 'string' } } } }));
    expect(github.rule).toEqual({ style: 'link', items: [] });
    expect(github.warnings).toEqual([]);
  });

  it('only GET is paged by shape; a POST with the same shape is not', () => {
    const document = listDoc([query('offset', 'integer'), query('limit', 'integer')], list());
    const paths = document['paths'] as Record<string, Record<string, unknown>>;
    paths['/things'] = { post: paths['/things']!['get'] };
    expect(detected(document, 'POST /things').rule).toBeUndefined();
  });
});

describe('ambiguous documents get a located warning, never a guess', () => {
  it('offset and page parameters both fit: warned at the operation, not paged', () => {
    const result = detected(listDoc([query('offset', 'integer'), query('limit', 'integer'), query('page', 'integer'), query('per_page', 'integer')], list()));
    expect(result.rule).toBeUndefined();
    expect(result.warnings).toEqual([
      'api.json:9:14: warning: #/paths/~1things/get: the operation fits several pagination shapes ("offset" with "limit"; "page" with "per_page"), so it is not paged: it returns its first page only (say which with x-speakeasy-pagination or x-fern-pagination)',
    ]);
  });

  it('a next cursor and a next URL both in the body: warned, not paged', () => {
    const result = detected(listDoc([query('cursor')], { type: 'object', properties: { data: list(), next_cursor: { type: 'string' }, next_url: { type: 'string' } } }));
    expect(result.rule).toBeUndefined();
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toContain('several pagination shapes (a next page URL (next_url); a cursor next_cursor for "cursor")');
  });

  it('of several lists, the one list of objects holds the items (Google\'s unreachable beside them); an allOf naming one list twice is one list', () => {
    const google = detected(listDoc([query('pageToken')], { type: 'object', properties: { instances: list(), unreachable: { type: 'array', items: { type: 'string' } }, nextPageToken: { type: 'string' } } }));
    expect(google.rule).toEqual({ style: 'cursor', param: 'pageToken', cursor: { from: 'body', path: ['nextPageToken'] }, hasMore: undefined, items: ['instances'] });
    const allOf = detected(listDoc([query('offset', 'integer'), query('limit', 'integer')], { allOf: [{ type: 'object', properties: { items: list() } }, { type: 'object', properties: { items: list(), total: { type: 'integer' } } }] }));
    expect(allOf.rule).toEqual({ style: 'offset', param: 'offset', items: ['items'] });
    // The train-travel example: a wrapper's object[] narrowed by allOf to Station[], links.next from another member.
    const wrapped = detected(listDoc([], { allOf: [
      { type: 'object', properties: { data: { type: 'array', items: { type: 'object' } }, links: { type: 'object' } } },
      { properties: { data: list() } },
      { properties: { links: { allOf: [{ type: 'object', properties: { self: { type: 'string', format: 'uri' } } }, { type: 'object', properties: { next: { type: 'string', format: 'uri' } } }] } } },
    ] }));
    expect(wrapped.rule).toEqual({ style: 'url', next: ['links', 'next'], items: ['data'] });
    expect(wrapped.itemType).toEqual({ kind: 'intersection', members: [{ kind: 'object', fields: [], extra: { kind: 'builtin', name: 'unknown' } }, NAMED_THING] });
    expect([...google.warnings, ...allOf.warnings, ...wrapped.warnings]).toEqual([]);
  });

  it('two lists that could hold the items: warned, not paged', () => {
    const result = detected(listDoc([query('cursor')], { type: 'object', properties: { users: list(), teams: list(), next_cursor: { type: 'string' } } }));
    expect(result.rule).toBeUndefined();
    expect(result.warnings).toEqual([
      'api.json:9:14: warning: #/paths/~1things/get: the operation is paged by a cursor next_cursor for "cursor", but several lists could hold the items (users, teams), so it is not paged: it returns its first page only (name them with x-speakeasy-pagination\'s outputs.results)',
    ]);
  });
});

describe('vendor extensions', () => {
  const body = { type: 'object', properties: { data: list(), meta: { type: 'object', properties: { next: { type: 'string' }, more: { type: 'boolean' } } }, users: list() } };
  const params = [query('cursor'), query('page', 'integer'), query('size', 'integer'), query('skip', 'integer'), { name: 'X-Cursor', in: 'header', schema: { type: 'string' } }];

  it('x-speakeasy-pagination: cursor (from the body or the last item), offsetLimit (offset or page), url', () => {
    const speakeasy = (extension: Json): ReturnType<typeof detected> => detected(listDoc(params, body, { 'x-speakeasy-pagination': extension }));
    expect(speakeasy({ type: 'cursor', inputs: [{ name: 'cursor', in: 'parameters', type: 'cursor' }], outputs: { nextCursor: '$.meta.next', results: '$.data' } })).toEqual({
      rule: { style: 'cursor', param: 'cursor', cursor: { from: 'body', path: ['meta', 'next'] }, hasMore: undefined, items: ['data'] },
      itemType: NAMED_THING,
      warnings: [],
    });
    expect(speakeasy({ type: 'cursor', inputs: [{ name: 'cursor', in: 'parameters', type: 'cursor' }, { name: 'size', in: 'parameters', type: 'limit' }], outputs: { nextCursor: '$.users[-1].id', results: '$.users' } }).rule).toEqual({
      style: 'cursor', param: 'cursor', cursor: { from: 'lastItem', path: ['id'] }, hasMore: undefined, items: ['users'],
    });
    expect(speakeasy({ type: 'offsetLimit', inputs: [{ name: 'skip', in: 'parameters', type: 'offset' }, { name: 'size', in: 'parameters', type: 'limit' }], outputs: { results: '$.data' } }).rule).toEqual({ style: 'offset', param: 'skip', items: ['data'] });
    expect(speakeasy({ type: 'offsetLimit', inputs: [{ name: 'page', in: 'parameters', type: 'page' }], outputs: { results: '$.users' } }).rule).toEqual({ style: 'page', param: 'page', start: undefined, items: ['users'] });
    expect(speakeasy({ type: 'url', outputs: { nextUrl: '$.meta.next', results: '$.data' } }).rule).toEqual({ style: 'url', next: ['meta', 'next'], items: ['data'] });
  });

  it('x-fern-pagination: cursor + next_cursor + has-next-page, offset (a page number; with step an offset), next_uri', () => {
    const fern = (extension: Json): ReturnType<typeof detected> => detected(listDoc(params, body, { 'x-fern-pagination': extension }));
    expect(fern({ cursor: '$request.cursor', next_cursor: '$response.meta.next', results: '$response.users', 'has-next-page': '$response.meta.more' }).rule).toEqual({
      style: 'cursor', param: 'cursor', cursor: { from: 'body', path: ['meta', 'next'] }, hasMore: ['meta', 'more'], items: ['users'],
    });
    expect(fern({ offset: '$request.page', results: '$response.data' }).rule).toEqual({ style: 'page', param: 'page', start: undefined, items: ['data'] });
    expect(fern({ offset: '$request.skip', step: '$request.size', results: '$response.data' }).rule).toEqual({ style: 'offset', param: 'skip', items: ['data'] });
    expect(fern({ next_uri: '$response.meta.next', results: '$response.data' }).rule).toEqual({ style: 'url', next: ['meta', 'next'], items: ['data'] });
  });

  it('an extension wins over the shapes it would otherwise fit', () => {
    const shaped = [query('offset', 'integer'), query('limit', 'integer'), query('cursor')];
    const result = detected(listDoc(shaped, { type: 'object', properties: { data: list(), next: { type: 'string' } } }, { 'x-fern-pagination': { cursor: '$request.cursor', next_cursor: '$response.next', results: '$response.data' } }));
    expect(result.rule?.style).toBe('cursor');
    expect(result.warnings).toEqual([]);
  });

  it('an extension naming a parameter or a response field that does not exist is a located warning, and no paging', () => {
    const cases: [Json, string][] = [
      [{ 'x-speakeasy-pagination': { type: 'cursor', inputs: [{ name: 'after', in: 'parameters', type: 'cursor' }], outputs: { nextCursor: '$.meta.next', results: '$.data' } } }, 'x-speakeasy-pagination cannot be followed: its cursor input names the parameter "after", which the operation does not have; the method returns its first page only'],
      [{ 'x-speakeasy-pagination': { type: 'cursor', inputs: [{ name: 'cursor', in: 'parameters', type: 'cursor' }], outputs: { nextCursor: '$.meta.nextCursor', results: '$.data' } } }, 'x-speakeasy-pagination cannot be followed: outputs.nextCursor names "meta.nextCursor", which the response does not have; the method returns its first page only'],
      [{ 'x-speakeasy-pagination': { type: 'cursor', inputs: [{ name: 'cursor', in: 'requestBody', type: 'cursor' }], outputs: { nextCursor: '$.meta.next', results: '$.data' } } }, 'x-speakeasy-pagination cannot be followed: its cursor input is in "requestBody"; only a query parameter can carry the next page; the method returns its first page only'],
      [{ 'x-speakeasy-pagination': { type: 'offsetLimit', inputs: [{ name: 'page', in: 'parameters', type: 'page' }], outputs: { results: '$.meta' } } }, 'x-speakeasy-pagination cannot be followed: outputs.results names "meta", which is not a list; the method returns its first page only'],
      [{ 'x-speakeasy-pagination': { type: 'offsetLimit', inputs: [{ name: 'page', in: 'parameters', type: 'page' }] } }, 'x-speakeasy-pagination cannot be followed: it names no results, and the response has several lists (data, users); the method returns its first page only'],
      [{ 'x-speakeasy-pagination': { type: 'pages' } }, 'x-speakeasy-pagination cannot be followed: it names no results, and the response has several lists (data, users); the method returns its first page only'],
      [{ 'x-fern-pagination': { cursor: '$request.X-Cursor', next_cursor: '$response.meta.next', results: '$response.data' } }, 'x-fern-pagination cannot be followed: cursor names the header parameter "X-Cursor"; only a query parameter can carry the next page; the method returns its first page only'],
      [{ 'x-fern-pagination': { cursor: '$request.cursor', next_cursor: '$response.meta.next', results: '$response.items' } }, 'x-fern-pagination cannot be followed: results names "items", which the response does not have; the method returns its first page only'],
      [{ 'x-fern-pagination': { cursor: '$request.cursor', next_cursor: '$.meta.next', results: '$response.data' } }, 'x-fern-pagination cannot be followed: next_cursor "$.meta.next" is not a path sessiongen reads ($response.key.key); the method returns its first page only'],
      [{ 'x-fern-pagination': { cursor: '$request.cursor', offset: '$request.page', results: '$response.data' } }, 'x-fern-pagination cannot be followed: it names cursor and offset; give one; the method returns its first page only'],
    ];
    for (const [extension, message] of cases) {
      const result = detected(listDoc(params, body, extension));
      expect(result.rule, message).toBeUndefined();
      const pointer = `#/paths/~1things/get/${Object.keys(extension)[0]}`;
      expect(result.warnings, message).toEqual([expect.stringMatching(new RegExp(`^api\\.json:\\d+:\\d+: warning: ${pointer.replace(/[~/]/g, (c) => `\\${c}`)}: `))]);
      expect(result.warnings[0]!.endsWith(message), `${result.warnings[0]}\nexpected ${message}`).toBe(true);
    }
  });

  it('x-pagination, which has no one format, is said not to be read; the shapes still apply', () => {
    const result = detected(listDoc([query('offset', 'integer'), query('limit', 'integer')], list(), { 'x-pagination': { type: 'offset' } }));
    expect(result.rule).toEqual({ style: 'offset', param: 'offset', items: [] });
    expect(result.warnings).toEqual([expect.stringContaining('#/paths/~1things/get/x-pagination: the x-pagination extension is not supported; it has no one published format')]);
  });

  it('an extension on an operation without a JSON result is a warning', () => {
    const document = doc({ paths: { '/things': { get: { operationId: 'listThings', 'x-fern-pagination': { offset: '$request.page' }, responses: { '204': { description: 'none' } } } } } });
    const result = read(document);
    expect(result.warnings.map(formatDiagnostic)).toEqual([expect.stringContaining('x-fern-pagination cannot be followed: the result is not a JSON body')]);
  });
});

describe('the summary line generate prints', () => {
  it('counts each rule, most used first', () => {
    const stripeList = listDoc([query('starting_after'), query('limit', 'integer')], { type: 'object', properties: { data: list(), has_more: { type: 'boolean' } } });
    const paths = stripeList['paths'] as Record<string, unknown>;
    paths['/others'] = { get: { operationId: 'listOthers', parameters: [query('starting_after')], responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { data: list(), has_more: { type: 'boolean' } } } } } } } } };
    paths['/rows'] = { get: { operationId: 'listRows', parameters: [query('offset', 'integer'), query('limit', 'integer')], responses: { '200': { description: 'ok', content: { 'application/json': { schema: list() } } } } } };
    paths['/one'] = { get: { operationId: 'getOne', responses: { '200': { description: 'ok', content: { 'application/json': { schema: THING } } } } } };
    expect(pagingSummary(model(stripeList).methods)).toBe("paging: 3 of 4 operations paged: 2 cursor starting_after = last item's id, while has_more; 1 offset in offset");
    expect(pagingSummary(model(listDoc([], THING)).methods)).toBeUndefined();
  });
});
