import qs from 'qs';
import { describe, expect, it } from 'vitest';
import { InvalidOptionError, queryParams } from '../../runtime/index.js';
import type { ParamMap, QueryStyle } from '../../runtime/index.js';
import { useHarness } from '../helpers/harness.js';
import { python } from '../helpers/python.js';

const h = useHarness();

/** The request target the server saw for a GET with these params over session params `session`. */
async function target(params: ParamMap, session: ParamMap = {}): Promise<string> {
  const server = await h.server();
  const s = h.session(server.origin, { params: session });
  await (await s.get('/search', { params })).dump();
  return server.received[0]!.url;
}

function styled(query: Record<string, unknown>, styles: Record<string, QueryStyle>): Promise<string> {
  return target(queryParams(query, styles));
}

describe('query styles', () => {
  it('comma joins items with a literal comma, and encodes commas inside items', async () => {
    expect(await styled({ ids: ['a', 'b,c', 'd e', 3, true] }, { ids: 'comma' })).toBe('/search?ids=a,b%2Cc,d%20e,3,true');
  });

  it('space and pipe join with %20 and %7C (neither may stand bare in a URL)', async () => {
    expect(await styled({ s: ['a', 'b c'], p: ['x', 'y|z'] }, { s: 'space', p: 'pipe' })).toBe('/search?s=a%20b%20c&p=x%7Cy%7Cz');
  });

  it('repeat (and any key without a style) repeats the key for arrays, and spreads an object', async () => {
    expect(await styled({ tag: ['a', 'b'], other: [1, 2], filter: { state: 'open', sort: 'asc' } }, { tag: 'repeat' })).toBe('/search?tag=a&tag=b&other=1&other=2&state=open&sort=asc');
  });

  it('deepObject writes filter[state]=open with percent-encoded brackets, as qs does', async () => {
    const query = { filter: { state: 'open', labels: { name: 'bug fix' } }, page: 2 };
    const url = await styled(query, { filter: 'deepObject' });
    expect(url).toBe('/search?filter%5Bstate%5D=open&filter%5Blabels%5D%5Bname%5D=bug%20fix&page=2');
    expect(url).toBe('/search?' + qs.stringify(query));
    const pairs = await python<[string, string][]>('import sys, json, urllib.parse; print(json.dumps(urllib.parse.parse_qsl(sys.stdin.read().split("?", 1)[1])))', url);
    expect(pairs).toEqual([['filter[state]', 'open'], ['filter[labels][name]', 'bug fix'], ['page', '2']]);
  });

  it('comma, space and pipe write an object as its keys and values in turn', async () => {
    expect(await styled({ color: { R: 100, G: 200 } }, { color: 'comma' })).toBe('/search?color=R,100,G,200');
  });

  it('leaves undefined out, and lets null drop a session param', async () => {
    const params = queryParams({ a: undefined, b: null, c: 'x', d: [undefined, 'y', null] }, { d: 'comma' });
    expect(await target(params, { b: 'session', keep: 'k' })).toBe('/search?keep=k&c=x&d=y');
  });

  it('gives scalars as they are, whatever the style, and encodes keys', async () => {
    expect(await styled({ 'per-page': 10, 'a&b': 'c=d', q: 'x,y' }, { 'per-page': 'comma', 'a&b': 'deepObject', q: 'comma' })).toBe('/search?per-page=10&a%26b=c%3Dd&q=x%2Cy');
  });

  it('refuses values a query cannot hold', () => {
    expect(() => queryParams({ when: new Date(0) }, {})).toThrow(InvalidOptionError);
    expect(() => queryParams({ ids: [{ a: 1 }] }, { ids: 'comma' })).toThrow(/ids holds an item of type object/);
  });

  it('keeps session params with a literal comma too', async () => {
    expect(await target({}, queryParams({ fields: ['id', 'name'] }, { fields: 'comma' }))).toBe('/search?fields=id,name');
  });
});
