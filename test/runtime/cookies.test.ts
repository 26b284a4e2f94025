import { describe, expect, it } from 'vitest';
// From tough-cookie itself, as users import it: the session's jar must be that very class.
import { CookieJar } from 'tough-cookie';
import type { Handler } from '../helpers/server.js';
import { localhostOrigin, useHarness } from '../helpers/harness.js';

const h = useHarness();

/** `/set?c=<Set-Cookie line>&c=...` sets cookies; every other path just answers. */
const cookieRoutes: Handler = (request, response) => {
  const url = new URL(request.url ?? '/', 'http://x');
  const lines = url.searchParams.getAll('c');
  if (lines.length > 0) response.setHeader('set-cookie', lines);
  response.end('ok');
};

function setPath(...lines: string[]): string {
  return '/set?' + lines.map((line) => 'c=' + encodeURIComponent(line)).join('&');
}

function sentCookies(server: { received: { url: string; headers: { cookie?: string } }[] }): Record<string, string | undefined> {
  return Object.fromEntries(server.received.map((r) => [r.url, r.headers.cookie]));
}

describe('persistCookies', () => {
  it('is off by default: nothing is kept or sent back, and there is no jar', async () => {
    const server = await h.server(cookieRoutes);
    const s = h.session(server.origin);
    await (await s.get(setPath('sid=abc; Path=/'))).dump();
    await (await s.get('/next')).dump();
    expect(s.cookies).toBeUndefined();
    expect(server.received[1]!.headers.cookie).toBeUndefined();
  });

  it('when true, sends cookies back to later calls, and keeps them in s.cookies', async () => {
    const server = await h.server(cookieRoutes);
    const s = h.session(server.origin, { persistCookies: true });
    expect(s.cookies).toBeInstanceOf(CookieJar);
    await (await s.get(setPath('sid=abc; Path=/', 'theme=dark'))).dump();
    await (await s.get('/next')).dump();
    expect(server.received[1]!.headers.cookie?.split('; ').sort()).toEqual(['sid=abc', 'theme=dark']);
    expect(await s.cookies!.getCookieString(server.origin + '/')).toContain('sid=abc');
  });

  it('sends a cookie only under its path', async () => {
    const server = await h.server(cookieRoutes);
    const s = h.session(server.origin, { persistCookies: true });
    await (await s.get(setPath('admin=1; Path=/admin'))).dump();
    // No Path: the default path is the directory of the URL that set it.
    await (await s.get('/deep' + setPath('deep=1'))).dump();
    for (const path of ['/admin', '/admin/users', '/administrator', '/other', '/deep/x', '/']) await (await s.get(path)).dump();
    expect(sentCookies(server)).toMatchObject({
      '/admin': 'admin=1',
      '/admin/users': 'admin=1',
      '/administrator': undefined,
      '/other': undefined,
      '/deep/x': 'deep=1',
      '/': undefined,
    });
  });

  it('keeps cookies of one host from another (127.0.0.1 vs localhost), and refuses foreign domains', async () => {
    const ip = await h.server(cookieRoutes);
    const named = await h.server(cookieRoutes);
    const s = h.session({ persistCookies: true, connections: 2 });
    await (await s.get(ip.origin + setPath('from_ip=1', 'foreign=1; Domain=example.com'))).dump();
    await (await s.get(localhostOrigin(named) + setPath('from_localhost=1'))).dump();
    await (await s.get(ip.origin + '/check')).dump();
    await (await s.get(localhostOrigin(named) + '/check')).dump();
    expect(ip.received[1]!.headers.cookie).toBe('from_ip=1');
    expect(named.received[1]!.headers.cookie).toBe('from_localhost=1');
    const all = await s.cookies!.getCookies(ip.origin + '/');
    expect(all.map((cookie) => cookie.key)).toEqual(['from_ip']);
  });

  it('honours expiry: an expired cookie is not stored, Max-Age=0 removes one', async () => {
    const server = await h.server(cookieRoutes);
    const s = h.session(server.origin, { persistCookies: true });
    await (await s.get(setPath('old=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT', 'fresh=1; Max-Age=3600', 'gone=1'))).dump();
    await (await s.get('/one')).dump();
    await (await s.get(setPath('gone=; Max-Age=0'))).dump();
    await (await s.get('/two')).dump();
    expect(server.received[1]!.headers.cookie?.split('; ').sort()).toEqual(['fresh=1', 'gone=1']);
    expect(server.received[3]!.headers.cookie).toBe('fresh=1');
  });

  it('never sends a Secure cookie over http, not even to localhost', async () => {
    const server = await h.server(cookieRoutes);
    const s = h.session({ persistCookies: true });
    for (const origin of [server.origin, localhostOrigin(server)]) {
      await s.cookies!.setCookie('secret=1; Secure', origin.replace('http:', 'https:') + '/');
      await s.cookies!.setCookie('plain=1', origin + '/');
    }
    // A Secure cookie the server sets over http is not sent back either.
    await (await s.get(server.origin + setPath('set_secure=1; Secure'))).dump();
    await (await s.get(server.origin + '/ip')).dump();
    await (await s.get(localhostOrigin(server) + '/localhost')).dump();
    expect(sentCookies(server)).toMatchObject({ '/ip': 'plain=1', '/localhost': 'plain=1' });
  });

  it('uses a CookieJar the user passes as it is, reading and writing it', async () => {
    const server = await h.server(cookieRoutes);
    const jar = new CookieJar();
    await jar.setCookie('preset=1', server.origin + '/');
    const s = h.session(server.origin, { persistCookies: jar });
    expect(s.cookies).toBe(jar);
    await (await s.get(setPath('added=2'))).dump();
    expect(server.received[0]!.headers.cookie).toBe('preset=1');
    expect((await jar.getCookies(server.origin + '/')).map((cookie) => cookie.key).sort()).toEqual(['added', 'preset']);
  });

  it('sends call-level cookies without storing them', async () => {
    const server = await h.server(cookieRoutes);
    const s = h.session(server.origin, { persistCookies: true });
    await (await s.get(setPath('kept=jar'))).dump();
    await (await s.get('/with', { cookies: { once: '1', kept: 'call' } })).dump();
    await (await s.get('/without')).dump();
    expect(sentCookies(server)).toMatchObject({ '/with': 'once=1; kept=call', '/without': 'kept=jar' });
    expect((await s.cookies!.getCookies(server.origin + '/')).map((cookie) => `${cookie.key}=${cookie.value}`)).toEqual(['kept=jar']);
  });

  it('sends call-level cookies when the session keeps none', async () => {
    const server = await h.server(cookieRoutes);
    const s = h.session(server.origin);
    await (await s.get('/with', { cookies: { a: '1', b: '2' } })).dump();
    await (await s.get('/without')).dump();
    expect(sentCookies(server)).toMatchObject({ '/with': 'a=1; b=2', '/without': undefined });
    expect(s.cookies).toBeUndefined();
  });
});
