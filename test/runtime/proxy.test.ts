import { createServer as createHttpsServer } from 'node:https';
import { connect, createServer as createNetServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionError, InvalidOptionError } from '../../runtime/index.js';
import { NoProxy } from '../../runtime/no-proxy.js';
import { toProxyRoutes } from '../../runtime/proxy.js';
import { selfSignedCertificate } from '../helpers/certificate.js';
import { gate, localhostOrigin, rejection, useHarness } from '../helpers/harness.js';
import type { ReceivedRequest } from '../helpers/server.js';
import { startTinyproxy } from '../helpers/tinyproxy.js';
import type { Tinyproxy } from '../helpers/tinyproxy.js';

const h = useHarness();

/** An https server on loopback with the test certificate, recording what it got. */
async function httpsServer(tls: { key: Buffer; cert: Buffer }): Promise<{ origin: string; received: ReceivedRequest[] }> {
  const received: ReceivedRequest[] = [];
  const server = createHttpsServer(tls, (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks);
      received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: raw.toString(), raw, socket: 0 });
      response.end('secure');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  h.defer(() => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  }));
  return { origin: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

/**
 * A bare CONNECT relay that keeps every byte the client sent it: what a proxy (or anyone on the way
 * to it) can read. Only for checking that, not a second proxy implementation.
 */
async function spyingRelay(): Promise<{ url: string; seen: () => string }> {
  const chunks: Buffer[] = [];
  const sockets = new Set<Socket>();
  const server = createNetServer((client) => {
    sockets.add(client);
    client.once('data', (head: Buffer) => {
      chunks.push(head);
      const [, host, port] = /^CONNECT ([^:\s]+):(\d+) /.exec(head.toString('latin1')) ?? [];
      const upstream = connect(Number(port), host!, () => client.write('HTTP/1.1 200 Connection established\r\n\r\n'));
      sockets.add(upstream);
      client.on('data', (chunk: Buffer) => chunks.push(chunk));
      client.pipe(upstream).pipe(client);
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  h.defer(() => new Promise<void>((resolve) => {
    for (const socket of sockets) socket.destroy();
    server.close(() => resolve());
  }));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen: () => Buffer.concat(chunks).toString('latin1') };
}

/** Sets environment variables for the length of `run` only: the session reads them when it is made. */
function withEnv<T>(env: Record<string, string>, run: () => T): T {
  const saved = new Map(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  try {
    return run();
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

describe('through a real proxy (Debian tinyproxy on loopback)', () => {
  let open: Tinyproxy;
  let guarded: Tinyproxy;
  let tls: { key: Buffer; cert: Buffer };

  beforeAll(async () => {
    tls = selfSignedCertificate();
    // One after the other: if the second fails to start, the first is already assigned and afterAll stops it.
    open = await startTinyproxy();
    guarded = await startTinyproxy({ user: 'proxyuser', password: 'pass-word.9' });
  });

  afterAll(async () => {
    await Promise.all([open?.close(), guarded?.close()]);
  });

  it('an http origin: an absolute-form request to the proxy, which forwards it; the proxy log shows it', async () => {
    const server = await h.server();
    const s = h.session(server.origin, { proxy: open.url });
    const response = await s.get('/items?page=2', { headers: { 'X-Trace': 't1' } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(open.requests()).toContain(`GET ${server.origin}/items?page=2 HTTP/1.1`);
    const [got] = server.received;
    expect(got!.url).toBe('/items?page=2');
    expect(got!.headers['host']).toBe(new URL(server.origin).host);
    expect(got!.headers['x-trace']).toBe('t1');
  });

  it('an https origin: a CONNECT tunnel, TLS to the origin inside it, its certificate checked', async () => {
    const server = await httpsServer(tls);
    const s = h.session(server.origin, { proxy: open.url, tls: { ca: tls.cert }, auth: ['origin-user', 'origin-secret'] });
    const response = await s.get('/secure?q=1');
    expect(await response.text()).toBe('secure');
    const authority = new URL(server.origin).host;
    expect(open.requests()).toContain(`CONNECT ${authority} HTTP/1.1`);
    // The proxy saw only the authority: the path and query went inside the tunnel.
    expect(open.log()).not.toContain('/secure?q=1');
    expect(server.received[0]!.headers['authorization']).toBe(`Basic ${Buffer.from('origin-user:origin-secret').toString('base64')}`);
    // An untrusted certificate still fails through the tunnel.
    const untrusting = h.session(server.origin, { proxy: open.url });
    expect(await rejection(untrusting.get('/'))).toBeInstanceOf(ConnectionError);
  });

  it('proxy credentials: 407 without them, 200 with them, and never sent on to the origin', async () => {
    const server = await h.server();
    const without = h.session(server.origin, { proxy: guarded.url.replace(/\/\/.*@/, '//') });
    expect((await without.get('/denied')).status).toBe(407);
    const withAuth = h.session(server.origin, { proxy: guarded.url });
    expect((await withAuth.get('/allowed')).status).toBe(200);
    expect(server.received.map((r) => r.url)).toEqual(['/allowed']);
    expect(server.received[0]!.headers['proxy-authorization']).toBeUndefined();

    const secure = await httpsServer(tls);
    const tunnelWithout = h.session(secure.origin, { proxy: guarded.url.replace(/\/\/.*@/, '//'), tls: { ca: tls.cert } });
    const error = await rejection(tunnelWithout.get('/'));
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).code).toBe('ERR_PROXY_AUTH');
    const tunnelWith = h.session(secure.origin, { proxy: guarded.url, tls: { ca: tls.cert } });
    expect(await (await tunnelWith.get('/in')).text()).toBe('secure');
    expect(secure.received.map((r) => [r.url, r.headers['proxy-authorization']])).toEqual([['/in', undefined]]);
  });

  it('trustEnv: HTTP_PROXY and HTTPS_PROXY from the environment, NO_PROXY bypassing by host', async () => {
    const server = await h.server();
    const secure = await httpsServer(tls);
    const s = withEnv({ http_proxy: open.url, HTTPS_PROXY: open.url, NO_PROXY: 'localhost, .example.com' }, () => h.session({ trustEnv: true, tls: { ca: tls.cert } }));
    await s.get(`${server.origin}/via-proxy`);
    await s.get(`${localhostOrigin(server)}/direct`);
    await s.get(`${secure.origin}/tunnelled`);
    expect(open.requests()).toContain(`GET ${server.origin}/via-proxy HTTP/1.1`);
    expect(open.requests()).toContain(`CONNECT ${new URL(secure.origin).host} HTTP/1.1`);
    expect(open.log()).not.toContain('/direct');
    expect(server.received.map((r) => r.url)).toEqual(['/via-proxy', '/direct']);
    // Without trustEnv the same environment is ignored.
    const ignoring = withEnv({ http_proxy: 'http://127.0.0.1:1' }, () => h.session(server.origin));
    expect((await ignoring.get('/plain')).status).toBe(200);
  });

  it('the connection cap counts every socket to the proxy', async () => {
    const hold = gate();
    const server = await h.server(async (_request, response) => {
      await hold.wait;
      response.end('late');
    });
    const s = h.session(server.origin, { proxy: open.url, connections: 2 });
    const calls = Array.from({ length: 6 }, (_, i) => s.get(`/c${i}`));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(s.openConnections).toBe(2);
    expect(s.queuedCalls).toBe(4);
    expect(server.received).toHaveLength(2);
    hold.open();
    expect((await Promise.all(calls)).map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(server.peakSockets).toBeLessThanOrEqual(2);
  });
});

describe('what a proxy can read', () => {
  it("an https origin's Authorization, cookies and path never cross the proxy in clear", async () => {
    const tls = selfSignedCertificate();
    const server = await httpsServer(tls);
    const relay = await spyingRelay();
    const s = h.session(server.origin, { proxy: relay.url.replace('//', '//pu:pp@'), tls: { ca: tls.cert }, auth: ['someone', 'hunter2-secret'] });
    await (await s.get('/private-path', { cookies: { session: 'cookie-secret' } })).text();
    expect(server.received[0]!.headers['cookie']).toBe('session=cookie-secret');
    const seen = relay.seen();
    expect(seen).toContain(`CONNECT ${new URL(server.origin).host} HTTP/1.1\r\n`);
    expect(seen).toContain(`Proxy-Authorization: Basic ${Buffer.from('pu:pp').toString('base64')}`);
    for (const secret of ['hunter2-secret', Buffer.from('someone:hunter2-secret').toString('base64'), 'cookie-secret', 'private-path']) expect(seen).not.toContain(secret);
    expect(server.received[0]!.headers['proxy-authorization']).toBeUndefined();
  });
});

describe('NO_PROXY, read as requests and curl read it', () => {
  const cases: [list: string, url: string, bypass: boolean][] = [
    ['*', 'https://anything.test/', true],
    ['example.com', 'https://example.com/', true],
    ['example.com', 'https://api.example.com/', true],
    ['.example.com', 'https://example.com/', true],
    ['.example.com', 'https://deep.api.example.com/', true],
    ['example.com', 'https://notexample.com/', false],
    ['EXAMPLE.com', 'https://Example.COM/', true],
    ['a.test, b.test', 'http://b.test/', true],
    ['a.test b.test', 'http://b.test/', true],
    ['example.com:8443', 'https://example.com:8443/', true],
    ['example.com:8443', 'https://example.com/', false],
    ['example.com:443', 'https://example.com/', true],
    ['127.0.0.1', 'http://127.0.0.1:8080/', true],
    ['10.0.0.0/8', 'http://10.1.2.3/', true],
    ['10.0.0.0/8', 'http://11.1.2.3/', false],
    ['::1', 'http://[::1]:80/', true],
    ['[::1]:8080', 'http://[::1]:8080/', true],
    ['fd00::/8', 'http://[fd12::1]/', true],
    ['localhost', 'http://127.0.0.1/', false],
    ['', 'http://localhost/', false],
    ['127.0.0.1', 'http://localhost/', false],
  ];
  it.each(cases)('%j for %s: bypass %s', (list, url, bypass) => {
    expect(new NoProxy(list).bypasses(new URL(url))).toBe(bypass);
  });

  it('loopback is not special: without an entry it goes through the proxy, as in requests and curl', () => {
    const routes = toProxyRoutes(undefined, true, { HTTP_PROXY: 'http://proxy:3128' })!;
    expect(routes.route('http://localhost:80')?.hostname).toBe('proxy');
    expect(routes.route('http://127.0.0.1:80')?.hostname).toBe('proxy');
  });
});

describe('proxies from the environment', () => {
  it('lower-case names win; HTTPS_PROXY for https, HTTP_PROXY for http, ALL_PROXY for either', () => {
    const routes = toProxyRoutes(undefined, true, { http_proxy: 'http://lower:1', HTTP_PROXY: 'http://upper:1', ALL_PROXY: 'all:2' })!;
    expect(routes.route('http://a.test')?.hostname).toBe('lower');
    expect(routes.route('https://a.test')).toMatchObject({ hostname: 'all', port: '2' });
  });

  it('under CGI (REQUEST_METHOD set) HTTP_PROXY is a request header, not configuration (httpoxy)', () => {
    expect(toProxyRoutes(undefined, true, { REQUEST_METHOD: 'GET', HTTP_PROXY: 'http://evil:1' })).toBeUndefined();
    expect(toProxyRoutes(undefined, true, { REQUEST_METHOD: 'GET', http_proxy: 'http://ok:1' })?.route('http://a.test')?.hostname).toBe('ok');
  });

  it('proxy replaces the environment proxies; NO_PROXY from the environment still applies with trustEnv', () => {
    const routes = toProxyRoutes('http://given:1', true, { HTTPS_PROXY: 'http://env:1', no_proxy: 'internal.test' })!;
    expect(routes.route('https://a.test')?.hostname).toBe('given');
    expect(routes.route('https://internal.test')).toBeUndefined();
    expect(toProxyRoutes('http://given:1', false, { no_proxy: '*' })!.route('https://a.test')?.hostname).toBe('given');
  });

  it('credentials are percent-decoded into Basic; nothing set means no proxy', () => {
    expect(toProxyRoutes('http://us%40er:p%3Ass@p:1', false)!.route('http://a.test')?.authorization).toBe(`Basic ${Buffer.from('us@er:p:ss').toString('base64')}`);
    expect(toProxyRoutes(undefined, true, {})).toBeUndefined();
    expect(toProxyRoutes(undefined, undefined, { HTTP_PROXY: 'http://p:1' })).toBeUndefined();
  });

  it('https and SOCKS proxies, and what is not a URL, are refused by name', () => {
    for (const [proxy, env] of [['socks5://p:1', {}], ['https://p:1', {}], ['http://[bad', {}], [undefined, { HTTPS_PROXY: 'socks5h://p:1' }]] as const) {
      const error = (() => {
        try {
          toProxyRoutes(proxy, true, env);
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(InvalidOptionError);
    }
    expect(() => h.session({ proxy: 'ftp://x:1' })).toThrow(/only http:\/\/ proxies/);
  });
});
