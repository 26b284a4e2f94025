import { describe, expect, it } from 'vitest';
import { InvalidOptionError, Session } from '../../runtime/index.js';
import { rejection, useHarness } from '../helpers/harness.js';

const h = useHarness();

function query(url: string): [string, string][] {
  return [...new URL(url, 'http://x').searchParams.entries()];
}

describe('joining base location, endpoint and path', () => {
  it('puts exactly one / between the parts, whatever slashes each has', async () => {
    const server = await h.server();
    const s = h.session(server.origin);
    const bases = [server.origin + '/api', server.origin + '/api/', server.origin + '/api//'];
    const endpoints = ['v1', '/v1', 'v1/', '/v1/', '//v1//'];
    const paths = ['items', '/items'];
    const combos: string[] = [];
    for (const base of bases) {
      for (const endpoint of endpoints) {
        for (const path of paths) {
          s.baseLocation = base;
          s.endpoint = endpoint;
          const response = await s.get(path);
          await response.dump();
          combos.push(`${base} + ${endpoint} + ${path}`);
          expect(server.received.at(-1)!.url, combos.at(-1)).toBe('/api/v1/items');
          expect(response.url).toBe(server.origin + '/api/v1/items');
        }
      }
    }
    expect(server.received).toHaveLength(combos.length);
  });

  it('joins a bare origin, an empty endpoint and no path to /', async () => {
    const server = await h.server();
    const s = h.session(server.origin);
    await (await s.get()).dump();
    await (await s.get({ path: 'x' })).dump();
    s.endpoint = '/only-endpoint';
    await (await s.get()).dump();
    expect(server.received.map((r) => r.url)).toEqual(['/', '/x', '/only-endpoint']);
  });

  it('keeps the endpoint when the path starts with / (no new URL(relative, base) surprise)', async () => {
    const server = await h.server();
    const s = h.session(server.origin + '/asks', { endpoint: '/test' });
    await (await s.get('/1')).dump();
    await (await s.get({ path: '/2' })).dump();
    expect(server.received.map((r) => r.url)).toEqual(['/asks/test/1', '/asks/test/2']);
  });

  it('keeps a trailing slash on the path: it is part of the resource name', async () => {
    const server = await h.server();
    const s = h.session(server.origin, { endpoint: '/v1' });
    await (await s.get('/dir/')).dump();
    expect(server.received[0]!.url).toBe('/v1/dir/');
  });

  it('lets a full URL replace base location and endpoint', async () => {
    const home = await h.server();
    const other = await h.server();
    const s = h.session(home.origin + '/base', { endpoint: '/v1', connections: 2 });
    const response = await s.get(other.origin + '/elsewhere?q=1');
    await response.dump();
    await (await s.get(new URL('/from-url-object', other.origin))).dump();
    expect(home.received).toHaveLength(0);
    expect(other.received.map((r) => r.url)).toEqual(['/elsewhere?q=1', '/from-url-object']);
    expect(response.url).toBe(other.origin + '/elsewhere?q=1');
  });

  it('joins a full URL and options.path together', async () => {
    const server = await h.server();
    const s = h.session();
    await (await s.get(server.origin + '/root/', { path: '/leaf' })).dump();
    expect(server.received[0]!.url).toBe('/root/leaf');
  });

  it.each([
    ['an http URL', 'http://127.0.0.1:1/x'],
    ['another scheme', 'javascript:alert(1)'],
    ['a protocol-relative URL', '//127.0.0.1:1/x'],
    ['a protocol-relative URL with more slashes', '///evil/x'],
  ])('refuses a path holding %s, sending nothing', async (_what, path) => {
    const home = await h.server();
    const other = await h.server();
    const s = h.session(home.origin, { connections: 2 });
    const evil = path.replace('127.0.0.1:1', `127.0.0.1:${other.port}`);
    const error = await rejection(s.get({ path: evil }));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe('path');
    if (!evil.includes(':')) {
      // Without a scheme the first argument is a path too, and must be refused the same way.
      const first = await rejection(s.get(evil));
      expect(first).toBeInstanceOf(InvalidOptionError);
      expect((first as InvalidOptionError).option).toBe('path');
    }
    expect(home.received).toHaveLength(0);
    expect(other.received).toHaveLength(0);
    expect(home.totalSockets + other.totalSockets).toBe(0);
  });

  it('refuses a path when there is no base location to join it to', async () => {
    const s = h.session();
    const error = await rejection(s.get('/x'));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe('baseLocation');
  });
});

describe('the query string', () => {
  it('merges session params, call params and the query already in the path', async () => {
    const server = await h.server();
    const s = h.session(server.origin, { params: { key: 'k', shared: 'session' } });
    await (await s.get('/p?inpath=1&x=a%20b', { params: { call: 'c', shared: 'call', many: [1, 2] } })).dump();
    const got = query(server.received[0]!.url);
    expect(got).toEqual(expect.arrayContaining([['inpath', '1'], ['x', 'a b'], ['key', 'k'], ['shared', 'call'], ['call', 'c'], ['many', '1'], ['many', '2']]));
    expect(got.filter(([name]) => name === 'shared')).toEqual([['shared', 'call']]);
    expect(got).toHaveLength(7);
    expect(server.received[0]!.url.startsWith('/p?')).toBe(true);
  });

  it('encodes parameter names and values', async () => {
    const server = await h.server();
    const s = h.session(server.origin);
    await (await s.get('/p', { params: { 'a b': 'x&y=z', q: 'ä/?#' } })).dump();
    expect(query(server.received[0]!.url)).toEqual([['a b', 'x&y=z'], ['q', 'ä/?#']]);
  });

  it('drops a session param for one call with null, and the session keeps it', async () => {
    const server = await h.server();
    const s = h.session(server.origin, { params: { key: 'k', other: 'o' } });
    const before = structuredClone(s.params);
    await (await s.get('/users', { params: { key: null } })).dump();
    await (await s.get('/users', { params: { other: 'override' } })).dump();
    await (await s.get('/users')).dump();
    expect(server.received.map((r) => query(r.url))).toEqual([
      [['other', 'o']],
      [['key', 'k'], ['other', 'override']],
      [['key', 'k'], ['other', 'o']],
    ]);
    expect(s.params).toEqual(before);
  });
});

describe('session settings after construction', () => {
  it('uses baseLocation, endpoint, headers and params set after construction', async () => {
    const first = await h.server();
    const second = await h.server();
    const s = h.session(first.origin, { endpoint: '/v1', headers: { 'x-first': '1' }, params: { first: '1' } });
    await (await s.get('/a')).dump();
    s.baseLocation = second.origin + '/moved';
    s.endpoint = '/v2';
    s.headers['X-Late'] = 'late';
    s.params.late = 'yes';
    await (await s.get('/b')).dump();
    s.headers = { 'x-replaced': 'r' };
    s.params = { replaced: 'r' };
    await (await s.get('/c')).dump();
    expect(first.received.map((r) => r.url)).toEqual(['/v1/a?first=1']);
    expect(second.received.map((r) => r.url)).toEqual(['/moved/v2/b?first=1&late=yes', '/moved/v2/c?replaced=r']);
    expect(second.received[0]!.headers['x-late']).toBe('late');
    expect(second.received[0]!.headers['x-first']).toBe('1');
    expect(second.received[1]!.headers['x-replaced']).toBe('r');
    expect(second.received[1]!.headers['x-first']).toBeUndefined();
    expect(s.baseLocation).toBe(second.origin + '/moved');
    expect(s.endpoint).toBe('/v2');
  });

  it('refuses a base location that is not an absolute http(s) URL', () => {
    expect(() => new Session('not a url')).toThrow(InvalidOptionError);
    expect(() => new Session('ftp://example.com')).toThrow(InvalidOptionError);
    const s = h.session('http://127.0.0.1:1');
    expect(() => {
      s.baseLocation = '/relative';
    }).toThrow(InvalidOptionError);
  });

  it('accepts both constructor forms', async () => {
    const server = await h.server();
    const positional = h.session(server.origin, { endpoint: '/e', params: { p: '1' }, headers: { 'x-form': 'positional' } });
    const single = h.session({ baseLocation: server.origin, endpoint: '/e', params: { p: '1' }, headers: { 'x-form': 'single' } });
    await (await positional.get('/x')).dump();
    await (await single.get('/x')).dump();
    expect(server.received.map((r) => [r.url, r.headers['x-form']])).toEqual([
      ['/e/x?p=1', 'positional'],
      ['/e/x?p=1', 'single'],
    ]);
    expect(positional.baseLocation).toBe(server.origin);
    expect(single.baseLocation).toBe(server.origin);
  });
});

describe('methods', () => {
  it('sends each helper with its own verb, and request() with any', async () => {
    const server = await h.server();
    const s = h.session(server.origin);
    for (const call of [s.get('/'), s.head('/'), s.post('/'), s.put('/'), s.delete('/'), s.options('/'), s.patch('/'), s.request('get', '/')]) {
      await (await call).dump();
    }
    expect(server.received.map((r) => r.method)).toEqual(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'GET']);
  });

  it('refuses a method that is not an HTTP token', async () => {
    const server = await h.server();
    const s = h.session(server.origin);
    const error = await rejection(s.request('GET /x HTTP/1.1\r\n', '/'));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe('method');
    expect(server.totalSockets).toBe(0);
  });
});

describe('the plain-path shortcut of resolveTarget', () => {
  it('gives exactly what the full join gives, for plain and tricky paths alike (fuzzed)', async () => {
    const { resolveTarget, parseBase } = await import('../../runtime/url.js');
    const fc = (await import('fast-check')).default;
    const base = parseBase('baseLocation', 'http://127.0.0.1:8080');
    // An endpoint of '/' joins to the same place as none, but never takes the shortcut.
    const outcome = (endpoint: string, path: string): unknown => {
      try {
        return resolveTarget(base, endpoint, undefined, path, '');
      } catch (error) {
        return String(error);
      }
    };
    const full = (path: string) => outcome('/', path);
    const fixed = ['/', '/a', '/a/', '/a//', '/a//b', '//a', '/a/./b', '/a/../b', '/.', '/..', '/a?x=1', '/a#f', '/a b', '/ü', '/%2E%2E', '/%zz', '/a/b/c/', '/things/42'];
    for (const path of fixed) expect(outcome('', path)).toEqual(full(path));
    const chars = fc.constantFrom('/', '.', 'a', '?', '#', '%', ' ', 'ü', '2', 'E', '~', '=');
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 12 }), (list) => {
        const path = '/' + list.join('');
        expect(outcome('', path)).toEqual(full(path));
      }),
      { numRuns: 3000 },
    );
  });
});
