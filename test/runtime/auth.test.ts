import { describe, expect, it } from 'vitest';
import { BasicAuth, BearerAuth, DigestAuth } from '../../runtime/index.js';
import type { AuthHandler, PreparedRequest } from '../../runtime/index.js';
import { digestServer } from '../helpers/digest.js';
import { useHarness } from '../helpers/harness.js';

const h = useHarness();

const basic = (user: string, pass: string): string => 'Basic ' + Buffer.from(`${user}:${pass}`).toString('base64');

describe('Basic and Bearer auth', () => {
  it("auth: ['user', 'pass'] on the session sends Basic credentials with every call", async () => {
    const server = await h.server();
    const s = h.session(server.origin, { auth: ['user', 'pass'] });
    await s.get('/a');
    await s.post('/b', { json: {} });
    expect(server.received.map((r) => r.headers.authorization)).toEqual([basic('user', 'pass'), basic('user', 'pass')]);
  });

  it('a call-level auth replaces the session one for that call only', async () => {
    const server = await h.server();
    const s = h.session(server.origin, { auth: ['user', 'pass'] });
    await s.get('/call', { auth: ['other', 's3cret:with:colons'] });
    await s.get('/session');
    await s.get('/bearer', { auth: new BearerAuth('tok-123') });
    expect(server.received.map((r) => [r.url, r.headers.authorization])).toEqual([
      ['/call', basic('other', 's3cret:with:colons')],
      ['/session', basic('user', 'pass')],
      ['/bearer', 'Bearer tok-123'],
    ]);
  });

  it('new BasicAuth(...) and new BearerAuth(...) put the right Authorization header', async () => {
    const server = await h.server();
    const s = h.session(server.origin);
    await s.get('/basic', { auth: new BasicAuth('jürgen', 'pä ss') });
    await s.get('/bearer', { auth: new BearerAuth('abc.def.ghi') });
    await s.get('/none');
    expect(server.received[0]!.headers.authorization).toBe('Basic ' + Buffer.from('jürgen:pä ss', 'utf8').toString('base64'));
    expect(server.received[1]!.headers.authorization).toBe('Bearer abc.def.ghi');
    expect(server.received[2]!.headers.authorization).toBeUndefined();
  });

  it('a refused Basic call resolves to the 401 after one request', async () => {
    const server = await h.server((request, response) => {
      response.statusCode = request.headers.authorization === basic('user', 'right') ? 200 : 401;
      response.setHeader('www-authenticate', 'Basic realm="x"');
      response.end();
    });
    const s = h.session(server.origin);
    expect((await s.get('/', { auth: ['user', 'wrong'] })).status).toBe(401);
    expect(server.received).toHaveLength(1);
    expect((await s.get('/', { auth: ['user', 'right'] })).status).toBe(200);
  });
});

describe('custom auth', () => {
  it('a function that takes the request and changes it signs the call (mutating or returning)', async () => {
    const server = await h.server();
    const s = h.session(server.origin);
    const seen: string[] = [];
    const mutate = (request: PreparedRequest): void => {
      seen.push(`${request.method} ${request.url}`);
      request.headers['x-signature'] = `sig(${request.method} ${new URL(request.url).pathname})`;
    };
    const replace = (request: PreparedRequest): PreparedRequest => ({ ...request, headers: { ...request.headers, authorization: 'Custom abc' } });
    await s.put('/items/1', { auth: mutate, body: 'x' });
    await s.get('/items/2', { auth: replace });
    expect(seen).toEqual([`PUT ${server.origin}/items/1`]);
    expect(server.received[0]!.headers['x-signature']).toBe('sig(PUT /items/1)');
    expect(server.received[1]!.headers.authorization).toBe('Custom abc');
  });

  it('an object with apply() works like a scheme, on the session and async', async () => {
    const server = await h.server();
    class TokenAuth implements AuthHandler {
      calls = 0;
      async apply(request: PreparedRequest): Promise<void> {
        await new Promise((resolve) => setTimeout(resolve, 1));
        this.calls++;
        request.headers['x-api-key'] = `key-${this.calls}`;
      }
    }
    const auth = new TokenAuth();
    const s = h.session(server.origin, { auth });
    await s.get('/1');
    await s.get('/2');
    expect(server.received.map((r) => r.headers['x-api-key'])).toEqual(['key-1', 'key-2']);
  });
});

describe.each(['MD5', 'SHA-256'] as const)('DigestAuth with %s (RFC 7616, qop=auth)', (algorithm) => {
  const credentials = { algorithm, username: 'Mufasa', password: 'Circle of Life' };

  it('answers the challenge, then signs later calls up front with the same nonce and a counted nc', async () => {
    const digest = digestServer(credentials);
    const server = await h.server(digest.handler);
    const s = h.session(server.origin, { auth: new DigestAuth('Mufasa', 'Circle of Life') });

    const first = await s.get('/dir/index.html?a=1&b=two');
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ authenticated: true, user: 'Mufasa' });
    expect(server.received).toHaveLength(2);

    const second = await s.get('/other');
    expect(second.status).toBe(200);
    await second.dump();
    // One round trip for the second call: the nonce is kept, not asked for again.
    expect(server.received).toHaveLength(3);

    const third = await s.post('/post', { json: { x: 1 } });
    expect(third.status).toBe(200);
    await third.dump();
    expect(server.received).toHaveLength(4);

    expect(digest.attempts.map((a) => [a.url, a.outcome, a.nc, a.reason])).toEqual([
      ['/dir/index.html?a=1&b=two', 'challenged', undefined, undefined],
      ['/dir/index.html?a=1&b=two', 'ok', '00000001', undefined],
      ['/other', 'ok', '00000002', undefined],
      ['/post', 'ok', '00000003', undefined],
    ]);
    const nonces = new Set(digest.attempts.slice(1).map((a) => a.nonce));
    expect(nonces.size).toBe(1);
  });

  it('signs up front only for the exact origin that challenged, not one that merely starts the same', async () => {
    const digest = digestServer(credentials);
    const server = await h.server(digest.handler);
    const auth = new DigestAuth('Mufasa', 'Circle of Life');
    const s = h.session(server.origin, { auth });
    await (await s.get('/start')).dump();
    const signed = (url: string): boolean => {
      const request = { method: 'GET', url, headers: {}, body: null };
      auth.apply(request);
      return request.headers['authorization' as keyof typeof request.headers] !== undefined;
    };
    expect(signed(`${server.origin}/same`)).toBe(true);
    expect(signed(`${server.origin}?q=1`)).toBe(true);
    // Port 4123 is not port 41230, and 127.0.0.1 is not 127.0.0.10.
    expect(signed(`${server.origin}0/elsewhere`)).toBe(false);
    expect(signed(server.origin.replace('127.0.0.1', '127.0.0.10') + '/elsewhere')).toBe(false);
  });

  it('answers stale=true with the fresh nonce once, counting from 00000001 again', async () => {
    const digest = digestServer(credentials);
    const server = await h.server(digest.handler);
    const s = h.session(server.origin, { auth: new DigestAuth('Mufasa', 'Circle of Life') });
    await (await s.get('/a')).dump();
    await (await s.get('/b')).dump();
    digest.retireNonces();
    const before = server.received.length;
    const response = await s.get('/c');
    expect(response.status).toBe(200);
    expect(server.received.length - before).toBe(2);
    const last = digest.attempts.slice(-2);
    expect(last.map((a) => [a.outcome, a.nc])).toEqual([
      ['stale', '00000003'],
      ['ok', '00000001'],
    ]);
    expect(last[0]!.nonce).not.toBe(last[1]!.nonce);
    // And the fresh nonce goes on being counted.
    await (await s.get('/d')).dump();
    expect(digest.attempts.at(-1)).toMatchObject({ outcome: 'ok', nc: '00000002', nonce: last[1]!.nonce });
  });

  it('sends the cookie set on the 401 challenge with the signed answer when persistCookies is on', async () => {
    const digest = digestServer({ algorithm: 'MD5', username: 'u', password: 'p' });
    const server = await h.server((request, response, body) => {
      if (request.headers.authorization === undefined) {
        response.setHeader('set-cookie', 'challenge=c123; Path=/');
        return digest.handler(request, response, body);
      }
      if (request.headers.cookie !== 'challenge=c123') {
        response.statusCode = 403;
        return void response.end('missing the cookie set on the challenge');
      }
      return digest.handler(request, response, body);
    });
    const s = h.session(server.origin, { auth: new DigestAuth('u', 'p'), persistCookies: true });
    const response = await s.get('/private');
    expect(response.status).toBe(200);
    await response.dump();
    expect(server.received.map((r) => r.headers.cookie)).toEqual([undefined, 'challenge=c123']);
    expect(digest.attempts.map((a) => a.outcome)).toEqual(['challenged', 'ok']);
  });

  it('with a wrong password the 401 comes back after one answer to the challenge, no loop', async () => {
    const digest = digestServer(credentials);
    const server = await h.server(digest.handler);
    const s = h.session(server.origin);
    const response = await s.get('/secret', { auth: new DigestAuth('Mufasa', 'wrong') });
    expect(response.status).toBe(401);
    expect(server.received).toHaveLength(2);
    expect(digest.attempts.map((a) => a.outcome)).toEqual(['challenged', 'refused']);
    expect(digest.attempts[1]!.reason).toContain('response hash');
  });

  it('picks qop=auth out of a list that also offers auth-int, and works as a call-level auth', async () => {
    const digest = digestServer({ ...credentials, qop: 'auth-int, auth' });
    const server = await h.server(digest.handler);
    const s = h.session(server.origin, { auth: ['someone', 'else'] });
    const auth = new DigestAuth('Mufasa', 'Circle of Life');
    expect((await s.get('/x', { auth })).status).toBe(200);
    expect((await s.get('/y', { auth })).status).toBe(200);
    expect(digest.attempts.map((a) => [a.outcome, a.nc])).toEqual([
      ['challenged', undefined],
      ['ok', '00000001'],
      ['ok', '00000002'],
    ]);
    // Without the call-level Digest the session's Basic goes out, and the server challenges it.
    expect((await s.get('/z')).status).toBe(401);
    expect(server.received.at(-1)!.headers.authorization).toBe(basic('someone', 'else'));
  });
});
