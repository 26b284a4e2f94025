import { describe, expect, it } from 'vitest';
import { InvalidOptionError, MapSourceError } from '../../runtime/index.js';
import type { PreparedRequest } from '../../runtime/index.js';
import { rejection, useHarness } from '../helpers/harness.js';

/** Issue 10, item 12: the small ones, each observed on a loopback server. */
const h = useHarness();

describe('hooks and auth that return something other than what they were given', () => {
  it('a preRequest arrow returning what it assigned fails naming the hook, and nothing is sent', async () => {
    const server = await h.server();
    const s = h.session(server.origin);
    const tagged = (request: PreparedRequest) => (request.headers['x-tag'] = 'a');
    const error = await rejection(s.get('/', { hooks: { preRequest: tagged as never } }));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe('hooks.preRequest');
    expect((error as Error).message).toContain('hook #1 (tagged) returned a string');
    expect(server.received).toHaveLength(0);
  });

  it('an auth function returning a non-request fails naming auth, not the method', async () => {
    const server = await h.server();
    const s = h.session(server.origin);
    const error = await rejection(s.get('/', { auth: ((request: PreparedRequest) => (request.headers['authorization'] = 'Token x')) as never }));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe('auth');
    expect((error as Error).message).not.toContain('method');
    expect(server.received).toHaveLength(0);
  });

  it('a response hook returning a number fails naming the response hook', async () => {
    const server = await h.server();
    const s = h.session(server.origin);
    const error = await rejection(s.get('/', { hooks: { response: (() => 42) as never } }));
    expect((error as InvalidOptionError).option).toBe('hooks.response');
  });
});

describe('query values inside lists and objects', () => {
  it('null and undefined inside a list are dropped, as requests does', async () => {
    const server = await h.server();
    const s = h.session(server.origin);
    await (await s.get('/q', { params: { a: ['1', null, '2', undefined] as never, b: 'x' } })).dump();
    expect(server.received[0]!.url).toBe('/q?a=1&a=2&b=x');
  });

  it('an object (alone or in a list) is an InvalidOptionError naming the key, not "[object Object]"', async () => {
    const server = await h.server();
    const s = h.session(server.origin);
    for (const value of [{ nested: 1 }, ['1', { nested: 1 }]]) {
      const error = await rejection(s.get('/q', { params: { obj: value as never } }));
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect((error as Error).message).toContain('"obj"');
    }
    expect(server.received).toHaveLength(0);
  });
});

describe('dot segments in a path', () => {
  it.each([
    ['/a/../b', '/v1/b'],
    ['/a/./b/', '/v1/a/b/'],
    ['/a/b/..', '/v1/a/'],
    ['/../../../etc/passwd', '/etc/passwd'],
    ['/%2E%2E/kept', '/v1/%2E%2E/kept'],
    ['/x/../y?q=/../', '/v1/y?q=/../'],
  ])('%s is sent as %s, on the same origin', async (path, sent) => {
    const server = await h.server();
    const s = h.session(server.origin, { endpoint: '/v1' });
    const response = await s.get(path);
    await response.dump();
    expect(server.received[0]!.url).toBe(sent);
    expect(response.url).toBe(server.origin + sent);
  });
});

describe('map when its source throws', () => {
  it('rejects with a MapSourceError that keeps the results already finished, and the cause', async () => {
    const server = await h.server((request, response) => void response.end(request.url));
    const s = h.session(server.origin, { connections: 2 });
    function* calls() {
      yield { path: '/1' };
      yield { path: '/2' };
      yield { path: '/3' };
      throw new Error('the source broke');
    }
    const error = await rejection(s.map(calls()));
    expect(error).toBeInstanceOf(MapSourceError);
    expect(((error as MapSourceError).cause as Error).message).toBe('the source broke');
    const results = (error as MapSourceError).results;
    expect(results).toHaveLength(3);
    const texts = await Promise.all(results.map((r) => (r.status === 'fulfilled' ? (r.value as { text(): Promise<string> }).text() : 'failed')));
    expect(texts).toEqual(['/1', '/2', '/3']);
  });
});
