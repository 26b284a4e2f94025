import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { RedirectError } from '../../runtime/index.js';
import type { Handler, TestServer } from '../helpers/server.js';
import { localhostOrigin, rejection, useHarness } from '../helpers/harness.js';

const h = useHarness();

/**
 * Routes `/r/<status>/<path...>` to a redirect with that status to `/<path...>` (or to the
 * `to` query value when given, for other origins); anything else echoes method and body.
 */
const redirecting: Handler = (request, response, body) => {
  const url = new URL(request.url ?? '/', 'http://x');
  const match = /^\/r\/(\d{3})(\/.*)$/.exec(url.pathname);
  if (match !== null) {
    response.statusCode = Number(match[1]);
    response.setHeader('location', url.searchParams.get('to') ?? match[2]!);
    response.end('redirecting');
    return;
  }
  response.setHeader('content-type', 'application/json');
  response.end(JSON.stringify({ method: request.method, path: url.pathname, body }));
};

async function redirectServer(): Promise<TestServer> {
  return h.server(redirecting);
}

describe('following redirects', () => {
  it('is on by default: the final response, its URL, and the chain of URLs that redirected', async () => {
    const server = await redirectServer();
    const s = h.session(server.origin);
    const response = await s.get('/r/302/r/301/r/307/end');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ method: 'GET', path: '/end', body: '' });
    expect(response.url).toBe(`${server.origin}/end`);
    expect(response.redirects).toEqual([`${server.origin}/r/302/r/301/r/307/end`, `${server.origin}/r/301/r/307/end`, `${server.origin}/r/307/end`]);
    expect(server.received.map((r) => r.url)).toEqual(['/r/302/r/301/r/307/end', '/r/301/r/307/end', '/r/307/end', '/end']);
  });

  it('resolves a relative Location against the URL that sent it', async () => {
    const server = await h.server((request, response) => {
      if (request.url === '/a/b/start') {
        response.statusCode = 302;
        response.setHeader('location', '../c/next?q=1');
        response.end();
      } else response.end(request.url);
    });
    const s = h.session(server.origin);
    const response = await s.get('/a/b/start');
    expect(await response.text()).toBe('/a/c/next?q=1');
    expect(response.url).toBe(`${server.origin}/a/c/next?q=1`);
  });

  it('stops past maxRedirects with a RedirectError that holds the chain', async () => {
    const server = await redirectServer();
    const s = h.session(server.origin, { maxRedirects: 2 });
    const error = await rejection(s.get('/r/302/r/302/r/302/end'));
    expect(error).toBeInstanceOf(RedirectError);
    expect((error as RedirectError).message).toMatch(/more than 2 redirects/);
    expect((error as RedirectError).chain).toEqual([`${server.origin}/r/302/r/302/r/302/end`, `${server.origin}/r/302/r/302/end`, `${server.origin}/r/302/end`]);
    // Two followed, the third redirect was not.
    expect(server.received.map((r) => r.url)).toEqual(['/r/302/r/302/r/302/end', '/r/302/r/302/end', '/r/302/end']);
    // A call-level limit replaces the session's.
    const ok = await s.get('/r/302/r/302/r/302/end', { maxRedirects: 3 });
    expect(ok.status).toBe(200);
  });

  it('stops a redirect loop at the default limit', async () => {
    const server = await h.server((_request, response) => {
      response.statusCode = 302;
      response.setHeader('location', '/loop');
      response.end();
    });
    const s = h.session(server.origin);
    const error = await rejection(s.get('/loop'));
    expect(error).toBeInstanceOf(RedirectError);
    expect(server.received.length).toBeGreaterThan(1);
    expect(server.received.length).toBeLessThanOrEqual(31);
  });

  it('with maxRedirects: 0 returns the 3xx response itself, on the session or the call', async () => {
    const server = await redirectServer();
    const off = h.session(server.origin, { maxRedirects: 0 });
    const response = await off.get('/r/302/end');
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe('/end');
    expect(await response.text()).toBe('redirecting');
    expect(response.redirects).toEqual([]);
    const s = h.session(server.origin);
    expect((await s.get('/r/301/end', { maxRedirects: 0 })).status).toBe(301);
    expect(server.received.map((r) => r.url)).toEqual(['/r/302/end', '/r/301/end']);
  });
});

describe('method and body on a redirect', () => {
  it.each([301, 302, 303])('%i turns a POST into a GET with no body and no body headers', async (status) => {
    const server = await redirectServer();
    const s = h.session(server.origin);
    const response = await s.post(`/r/${status}/next`, { json: { big: 'payload' }, headers: { 'X-Kept': 'yes' } });
    expect(await response.json()).toEqual({ method: 'GET', path: '/next', body: '' });
    const [first, second] = server.received;
    expect(first!.method).toBe('POST');
    expect(first!.body).toBe('{"big":"payload"}');
    expect(second!.method).toBe('GET');
    expect(second!.raw.length).toBe(0);
    expect(second!.headers['content-type']).toBeUndefined();
    expect(second!.headers['content-length'] ?? '0').toBe('0');
    expect(second!.headers['transfer-encoding']).toBeUndefined();
    expect(second!.headers['x-kept']).toBe('yes');
  });

  it('303 turns a PUT into a GET too', async () => {
    const server = await redirectServer();
    const s = h.session(server.origin);
    const response = await s.put('/r/303/next', { body: 'data' });
    expect(await response.json()).toEqual({ method: 'GET', path: '/next', body: '' });
  });

  it.each([307, 308])('%i keeps the method, the body and its content-type', async (status) => {
    const server = await redirectServer();
    const s = h.session(server.origin);
    const response = await s.post(`/r/${status}/next`, { json: { big: 'payload' } });
    expect(await response.json()).toEqual({ method: 'POST', path: '/next', body: '{"big":"payload"}' });
    const second = server.received[1]!;
    expect(second.method).toBe('POST');
    expect(second.headers['content-type']).toBe('application/json');
    const put = await s.put(`/r/${status}/again`, { form: { a: '1' } });
    expect(await put.json()).toEqual({ method: 'PUT', path: '/again', body: 'a=1' });
  });

  it('a 307 with a stream body, which cannot be sent twice, fails with a clear RedirectError', async () => {
    const server = await redirectServer();
    const s = h.session(server.origin);
    const error = await rejection(s.post('/r/307/next', { body: Readable.from([Buffer.from('chunk 1 '), Buffer.from('chunk 2')]) }));
    expect(error).toBeInstanceOf(RedirectError);
    expect((error as Error).message).toMatch(/307/);
    expect((error as Error).message).toMatch(/stream/);
    expect((error as RedirectError).chain).toEqual([`${server.origin}/r/307/next`]);
    expect(server.received).toHaveLength(1);
    expect(server.received[0]!.body).toBe('chunk 1 chunk 2');
  });

  it('a 303 after a stream body is fine: the body is not sent again', async () => {
    const server = await redirectServer();
    const s = h.session(server.origin);
    const response = await s.post('/r/303/next', { body: Readable.from([Buffer.from('once')]) });
    expect(await response.json()).toEqual({ method: 'GET', path: '/next', body: '' });
  });
});

describe('credentials across origins', () => {
  const credentialOptions = {
    auth: ['user', 'pass'] as const,
    cookies: { callCookie: 'c1' },
    headers: { 'Proxy-Authorization': 'Basic cHJveHk6cHc=', 'X-Plain': 'kept' },
  };

  /** The call's origin, and another on another host name (cookies ignore ports, so another port would not do). */
  async function twoOrigins(): Promise<[TestServer, TestServer, string]> {
    const other = await redirectServer();
    const home = await h.server((request, response, body) => {
      if (request.url?.startsWith('/set')) {
        response.setHeader('set-cookie', 'jarCookie=j1; Path=/');
        response.end();
      } else redirecting(request, response, body);
    });
    return [home, other, localhostOrigin(other)];
  }

  it('drops Authorization, Cookie and Proxy-Authorization when the redirect leaves the origin', async () => {
    const [home, other, otherOrigin] = await twoOrigins();
    const s = h.session(home.origin, { persistCookies: true });
    await s.get('/set');
    const response = await s.get(`/r/302/x?to=${encodeURIComponent(otherOrigin + '/landed')}`, { ...credentialOptions, auth: ['user', 'pass'] });
    expect(await response.json()).toMatchObject({ method: 'GET', path: '/landed' });
    expect(response.url).toBe(`${otherOrigin}/landed`);

    // The call's own origin got them all.
    const sent = home.received.at(-1)!.headers;
    expect(sent.authorization).toBe('Basic ' + Buffer.from('user:pass').toString('base64'));
    expect(sent.cookie).toContain('jarCookie=j1');
    expect(sent.cookie).toContain('callCookie=c1');
    expect(sent['proxy-authorization']).toBe('Basic cHJveHk6cHc=');

    // The other origin got none of them.
    expect(other.received).toHaveLength(1);
    const leaked = other.received[0]!.headers;
    expect(leaked.authorization).toBeUndefined();
    expect(leaked.cookie).toBeUndefined();
    expect(leaked['proxy-authorization']).toBeUndefined();
    expect(leaked['x-plain']).toBe('kept');
  });

  it('drops a Cookie header the caller wrote by hand, and session-level auth, on another origin', async () => {
    const [home, other, otherOrigin] = await twoOrigins();
    const s = h.session(home.origin, { auth: ['session', 'secret'], headers: { Cookie: 'manual=1', Authorization: 'ignored' } });
    await s.get(`/r/307/x?to=${encodeURIComponent(otherOrigin + '/landed')}`);
    expect(home.received[0]!.headers.cookie).toBe('manual=1');
    expect(other.received[0]!.headers.cookie).toBeUndefined();
    expect(other.received[0]!.headers.authorization).toBeUndefined();
  });

  it('keeps them all on a redirect within the same origin', async () => {
    const [home] = await twoOrigins();
    const s = h.session(home.origin, { persistCookies: true });
    await s.get('/set');
    await s.get('/r/302/same', { ...credentialOptions, auth: ['user', 'pass'] });
    const second = home.received.at(-1)!;
    expect(second.url).toBe('/same');
    expect(second.headers.authorization).toBe('Basic ' + Buffer.from('user:pass').toString('base64'));
    expect(second.headers.cookie).toContain('jarCookie=j1');
    expect(second.headers.cookie).toContain('callCookie=c1');
    expect(second.headers['proxy-authorization']).toBe('Basic cHJveHk6cHc=');
  });
});

describe('cookies set along the way', () => {
  it('are stored in the jar and sent on the next hop', async () => {
    const server = await h.server((request, response) => {
      if (request.url === '/login') {
        response.statusCode = 302;
        response.setHeader('set-cookie', ['sid=abc123; Path=/', 'pref=dark; Path=/home']);
        response.setHeader('location', '/home');
        response.end();
      } else {
        response.end(request.headers.cookie ?? 'no cookie');
      }
    });
    const s = h.session(server.origin, { persistCookies: true });
    const response = await s.get('/login');
    expect(await response.text()).toBe('pref=dark; sid=abc123');
    expect(response.redirects).toEqual([`${server.origin}/login`]);
    const stored = await s.cookies!.getCookies(`${server.origin}/home`);
    expect(stored.map((c) => `${c.key}=${c.value}`).sort()).toEqual(['pref=dark', 'sid=abc123']);
    // And they stay for later calls, where their path allows.
    expect(await (await s.get('/elsewhere')).text()).toBe('sid=abc123');
  });
});
