import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, createServer as createNetServer } from 'node:net';
import type { AddressInfo, Server as NetServer, Socket } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConnectionError, encodePathParam, InvalidOptionError } from '../../runtime/index.js';
import type { HeaderMap, PreparedRequest, Session } from '../../runtime/index.js';
import { selfSignedCertificate } from '../helpers/certificate.js';
import { localhostOrigin, rejection, useHarness } from '../helpers/harness.js';
import type { Handler, ReceivedRequest, TestServer } from '../helpers/server.js';

const h = useHarness();

/** An object that really owns `__proto__` and `constructor` keys, as JSON.parse makes them. */
function hostile<T>(json: string): T {
  return JSON.parse(json) as T;
}

function expectNoPollution(): void {
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
  expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
}

describe('path parameters arrive as one encoded segment', () => {
  const values = [
    'a/b',
    '../../etc/passwd',
    '..',
    '.',
    'a?b=c',
    '?',
    '#frag',
    'a#b',
    '100%',
    '%',
    '%2F',
    '%2e%2e',
    'a b',
    ' ',
    'ünïcødé/名前',
    '😀',
    'a\r\nX-Injected: 1',
    'a\0b',
    'a;b=c,d',
    '\\..\\',
  ];

  it.each(values)('%j', async (value) => {
    const server = await h.server();
    const s = h.session(server.origin + '/api/', { endpoint: '/v1/' });
    await (await s.get({ path: '/items/' + encodePathParam(value) + '/tail' })).dump();
    const url = server.received[0]!.url;
    expect(url.startsWith('/api/v1/items/'), url).toBe(true);
    expect(url.endsWith('/tail'), url).toBe(true);
    const segment = url.slice('/api/v1/items/'.length, -'/tail'.length);
    expect(segment).not.toMatch(/[/?#\s\\]/);
    expect(segment).not.toMatch(/^\.{1,2}$/);
    expect(decodeURIComponent(segment)).toBe(value);
    expect(server.received[0]!.headers['x-injected']).toBeUndefined();
  });
});

describe('CR, LF and NUL in what becomes a header are refused before anything is sent', () => {
  const bad = ['a\r\nX-Injected: 1', 'a\nX-Injected: 1', 'a\rb', 'a\0b'];
  const places: [string, string, (s: Session, value: string) => Promise<unknown>][] = [
    ['session header value', 'session headers', (s, v) => ((s.headers['X-A'] = v), s.get('/'))],
    ['session header name', 'session headers', (s, v) => ((s.headers['X' + v] = 'v'), s.get('/'))],
    ['call header value', 'headers', (s, v) => s.get('/', { headers: { 'X-A': v } })],
    ['call header name', 'headers', (s, v) => s.get('/', { headers: { ['X' + v]: 'v' } as HeaderMap })],
    ['call header array item', 'headers', (s, v) => s.get('/', { headers: { 'X-A': ['fine', v] } })],
    ['cookie value', 'cookies', (s, v) => s.get('/', { cookies: { c: v } })],
    ['cookie name', 'cookies', (s, v) => s.get('/', { cookies: { [v]: 'v' } })],
    ['header set by an auth function', 'auth', (s, v) => s.get('/', { auth: (r: PreparedRequest) => ((r.headers['authorization'] = v), r) })],
    ['header set by a preRequest hook', 'hooks.preRequest', (s, v) => s.get('/', { hooks: { preRequest: (r) => ((r.headers['x-hook'] = v), r) } })],
  ];
  const cases = places.flatMap(([where, option, call]) => bad.map((value) => [where, JSON.stringify(value), option, call, value] as const));

  it.each(cases)('%s %s', async (_where, _shown, option, call, value) => {
    const server = await h.server();
    const s = h.session(server.origin, { persistCookies: true });
    const error = await rejection(call(s, value));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe(option);
    expect(server.received).toHaveLength(0);
    expect(server.totalSockets).toBe(0);
  });

  it('a method with CR/LF is refused; in a raw path or params they are percent-encoded, never sent as bytes', async () => {
    const server = await h.server();
    const s = h.session(server.origin);
    expect(await rejection(s.request('GET /x HTTP/1.1\r\nX-Injected: 1\r\n\r\nGET', '/'))).toBeInstanceOf(InvalidOptionError);
    expect(server.totalSockets).toBe(0);
    await (await s.get('/p\r\nX-Injected: 1\r\n\r\n', { params: { q: 'v\r\nX-Injected: 2', ['k\r\nX-Injected: 3']: '1' } })).dump();
    expect(server.received).toHaveLength(1);
    expect(server.received[0]!.headers['x-injected']).toBeUndefined();
    expect(server.received[0]!.url).not.toMatch(/[\r\n\0 ]/);
    expect(server.received[0]!.url).toContain('%0D%0A');
  });
});

/** `/set?c=<Set-Cookie line>&c=...` sets cookies; every other path just answers. */
const setsCookies: Handler = (request, response) => {
  const lines = new URL(request.url ?? '/', 'http://x').searchParams.getAll('c');
  if (lines.length > 0) response.setHeader('set-cookie', lines);
  response.end('ok');
};

function setPath(...lines: string[]): string {
  return '/set?' + lines.map((line) => 'c=' + encodeURIComponent(line)).join('&');
}

function cookieNames(header: string | undefined): string[] {
  return header === undefined ? [] : header.split('; ').map((pair) => pair.split('=')[0]!).sort();
}

describe('cookies are scoped by tough-cookie with the public suffix list', () => {
  it("the session's jar refuses a cookie for a public suffix (co.uk, com) and keeps one for the site", async () => {
    // No *.co.uk host exists on loopback, so this asks the session's own jar directly.
    const s = h.session({ persistCookies: true });
    const jar = s.cookies!;
    await expect(jar.setCookie('psl=1; Domain=co.uk', 'http://www.example.co.uk/')).rejects.toThrow(/public suffix/i);
    await expect(jar.setCookie('psl=1; Domain=com', 'http://www.example.com/')).rejects.toThrow(/public suffix|domain/i);
    await jar.setCookie('site=1; Domain=example.co.uk', 'http://www.example.co.uk/');
    expect((await jar.getCookies('http://shop.example.co.uk/')).map((c) => c.key)).toEqual(['site']);
    expect(await jar.getCookies('http://www.other.co.uk/')).toEqual([]);
  });

  it('from 127.0.0.1, cookies for other domains (com, localhost, a suffix of the IP) are dropped; host-only ones are kept', async () => {
    const server = await h.server(setsCookies);
    const s = h.session(server.origin, { persistCookies: true });
    await (await s.get(setPath('tld=1; Domain=com', 'lh=1; Domain=localhost', 'ipsuffix=1; Domain=0.0.1', 'mine=1'))).dump();
    expect((await s.cookies!.getCookies(server.origin)).map((c) => c.key)).toEqual(['mine']);
    expect(await s.cookies!.getCookies('http://localhost/')).toEqual([]);
    expect(await s.cookies!.getCookies('http://example.com/')).toEqual([]);
  });

  it('a host-only cookie set by 127.0.0.1 is not sent to localhost (same port or another), and vice versa', async () => {
    const a = await h.server(setsCookies);
    const b = await h.server(setsCookies);
    const s = h.session({ persistCookies: true });
    await (await s.get(a.origin + setPath('from127=1'))).dump();
    await (await s.get(localhostOrigin(b) + setPath('fromLocalhost=1'))).dump();
    await (await s.get(a.origin + '/check')).dump();
    await (await s.get(localhostOrigin(a) + '/check')).dump();
    await (await s.get(localhostOrigin(b) + '/check')).dump();
    const sent = (server: TestServer, host: string): string[] =>
      cookieNames(server.received.find((r) => r.url === '/check' && r.headers.host?.startsWith(host))?.headers.cookie);
    expect(sent(a, '127.0.0.1')).toEqual(['from127']);
    expect(sent(a, 'localhost')).toEqual(['fromLocalhost']);
    expect(sent(b, 'localhost')).toEqual(['fromLocalhost']);
  });

  it('a Secure cookie set over plain http is not kept, and is never sent over http', async () => {
    const server = await h.server(setsCookies);
    const s = h.session(server.origin, { persistCookies: true });
    await (await s.get(setPath('sec=1; Secure', 'plain=1'))).dump();
    await (await s.get('/check')).dump();
    expect(cookieNames(server.received[1]!.headers.cookie)).toEqual(['plain']);
    expect((await s.cookies!.getCookies(server.origin.replace('http:', 'https:'))).map((c) => c.key)).toEqual(['plain']);
    // Even one put in the jar by hand for this host stays off http.
    await s.cookies!.setCookie('handmade=1; Secure', 'https://127.0.0.1/');
    await (await s.get('/check')).dump();
    expect(cookieNames(server.received[2]!.headers.cookie)).toEqual(['plain']);
  });
});

/** Answers `/redirect?to=<url>&status=<n>` with that redirect; anything else with 200. */
const redirects: Handler = (request, response) => {
  const url = new URL(request.url ?? '/', 'http://x');
  const to = url.searchParams.get('to');
  if (to !== null) {
    response.statusCode = Number(url.searchParams.get('status') ?? 302);
    response.setHeader('location', to);
  }
  response.end('ok');
};

const CREDENTIALS = ['authorization', 'proxy-authorization', 'cookie'] as const;

function credentialsOf(request: ReceivedRequest | undefined): Record<string, string | undefined> {
  expect(request).toBeDefined();
  return Object.fromEntries(CREDENTIALS.map((name) => [name, request!.headers[name] as string | undefined]));
}

describe('credentials are dropped on a redirect that leaves the origin', () => {
  it.each([301, 302, 303, 307, 308])('%i to another origin: Authorization, Proxy-Authorization, Cookie and auth are not sent on', async (status) => {
    const a = await h.server(redirects);
    const b = await h.server(redirects);
    const s = h.session(a.origin, { headers: { Authorization: 'Bearer session-secret' } });
    const to = localhostOrigin(b) + '/landing';
    const response = await s.post(`/redirect?status=${status}&to=${encodeURIComponent(to)}`, {
      headers: { 'Proxy-Authorization': 'Basic cHJveHk6c2VjcmV0', Cookie: 'sid=secret' },
      body: 'payload',
    });
    await response.dump();
    expect(response.url).toBe(to);
    expect(credentialsOf(a.received[0])).toEqual({ authorization: 'Bearer session-secret', 'proxy-authorization': 'Basic cHJveHk6c2VjcmV0', cookie: 'sid=secret' });
    expect(credentialsOf(b.received[0])).toEqual({ authorization: undefined, 'proxy-authorization': undefined, cookie: undefined });

    const withAuth = await s.get(`/redirect?status=${status}&to=${encodeURIComponent(to)}`, { auth: ['user', 'pass'], headers: { Authorization: null } });
    await withAuth.dump();
    expect(a.received[1]!.headers.authorization).toBe('Basic ' + Buffer.from('user:pass').toString('base64'));
    expect(b.received[1]!.headers.authorization).toBeUndefined();
  });

  it('a redirect within the origin keeps them; once off the origin, coming back does not restore them', async () => {
    const a = await h.server(redirects);
    const b = await h.server(redirects);
    const s = h.session(a.origin, { auth: ['user', 'pass'] });
    await (await s.get('/redirect?to=/same')).dump();
    expect(a.received[1]!.headers.authorization).toMatch(/^Basic /);
    const back = a.origin + '/back';
    await (await s.get(`/redirect?to=${encodeURIComponent(localhostOrigin(b) + '/redirect?to=' + encodeURIComponent(back))}`)).dump();
    expect(b.received[0]!.headers.authorization).toBeUndefined();
    expect(a.received.find((r) => r.url === '/back')!.headers.authorization).toBeUndefined();
  });
});

describe('https', () => {
  let tls: { key: Buffer; cert: Buffer } | undefined;

  beforeAll(() => {
    tls = selfSignedCertificate();
  });

  /** One port that speaks https and plain http (by the first byte), so a downgrade keeps host and port. */
  async function dualServer(handler: Handler): Promise<{ port: number; received: (ReceivedRequest & { secure: boolean })[] }> {
    const received: (ReceivedRequest & { secure: boolean })[] = [];
    const listener = (secure: boolean): RequestListener => (request: IncomingMessage, response: ServerResponse) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const raw = Buffer.concat(chunks);
        received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: raw.toString(), raw, socket: 0, secure });
        void handler(request, response, raw.toString());
      });
    };
    const plain = createHttpServer(listener(false));
    const secure = createHttpsServer(tls!, listener(true));
    const portOf = async (server: NetServer): Promise<number> => {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return (server.address() as AddressInfo).port;
    };
    const [plainPort, securePort] = [await portOf(plain), await portOf(secure)];
    // The front port hands each connection on, by its first byte (0x16 opens a TLS handshake).
    const links = new Set<Socket>();
    const front = createNetServer((socket) => {
      links.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => links.delete(socket));
      socket.once('data', (first: Buffer) => {
        socket.pause();
        const back = connect(first[0] === 0x16 ? securePort : plainPort, '127.0.0.1', () => {
          back.write(first);
          socket.pipe(back).pipe(socket);
          socket.resume();
        });
        links.add(back);
        back.on('error', () => socket.destroy());
        back.on('close', () => (links.delete(back), socket.destroy()));
        socket.on('close', () => back.destroy());
      });
    });
    h.defer(async () => {
      for (const link of links) link.destroy();
      plain.closeAllConnections();
      secure.closeAllConnections();
      await Promise.all([front, plain, secure].map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    });
    await portOf(front);
    return { port: (front.address() as AddressInfo).port, received };
  }

  it('https to http on the same host and port drops credentials; a Secure cookie from https is not sent over http', async () => {
    const server = await dualServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://x');
      if (url.pathname === '/login') response.setHeader('set-cookie', ['sec=1; Secure; Path=/', 'plain=1; Path=/']);
      void redirects(request, response, '');
    });
    const secureOrigin = `https://127.0.0.1:${server.port}`;
    const plainOrigin = `http://127.0.0.1:${server.port}`;
    const s = h.session(secureOrigin, { persistCookies: true, headers: { 'Proxy-Authorization': 'Basic cHJveHk6c2VjcmV0' }, tls: { ca: tls!.cert } });
    await (await s.get('/login')).dump();
    const response = await s.get(`/go?to=${encodeURIComponent(plainOrigin + '/landing')}`, { auth: ['user', 'pass'] });
    await response.dump();
    expect(response.url).toBe(plainOrigin + '/landing');

    const go = server.received.find((r) => r.url.startsWith('/go'))!;
    expect(go.secure).toBe(true);
    expect(go.headers.authorization).toMatch(/^Basic /);
    expect(go.headers['proxy-authorization']).toBeDefined();
    expect(cookieNames(go.headers.cookie)).toEqual(['plain', 'sec']);

    const landing = server.received.find((r) => r.url === '/landing')!;
    expect(landing.secure).toBe(false);
    expect(landing.headers.authorization).toBeUndefined();
    expect(landing.headers['proxy-authorization']).toBeUndefined();
    // The jar still sends what its rules allow for this URL (cookies are per host, not per scheme), never the Secure one.
    expect(cookieNames(landing.headers.cookie)).toEqual(['plain']);

    await (await s.get(plainOrigin + '/direct')).dump();
    expect(cookieNames(server.received.at(-1)!.headers.cookie)).toEqual(['plain']);
  });

  it('checks certificates by default: an untrusted one is a ConnectionError, and `tls.ca` trusts it', async () => {
    const server = await dualServer((_request, response) => {
      response.end('ok');
    });
    const origin = `https://127.0.0.1:${server.port}`;
    const untrusting = h.session(origin);
    const refused = await rejection(untrusting.get('/'));
    expect(refused).toBeInstanceOf(ConnectionError);
    expect((refused as ConnectionError).code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    expect(server.received).toHaveLength(0);
    const trusting = h.session(origin, { tls: { ca: tls!.cert } });
    expect(await (await trusting.get('/')).text()).toBe('ok');
    expect(server.received).toHaveLength(1);
  });
});

describe('__proto__ and constructor keys cannot pollute prototypes', () => {
  it('in session headers, call headers, params, cookies, form and JSON bodies: sent as ordinary names and keys', async () => {
    const server = await h.server((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end('{"__proto__":{"polluted":"response"},"constructor":{"prototype":{"polluted":"response"}}}');
    });
    const s = h.session(server.origin, {
      headers: hostile<HeaderMap>('{"__proto__":"session-proto","constructor":"session-ctor"}'),
      params: hostile('{"__proto__":"sp","constructor":"sc"}'),
    });
    const json = hostile<unknown>('{"__proto__":{"polluted":"body"},"constructor":{"prototype":{"polluted":"body"}},"a":{"__proto__":{"polluted":"nested"}}}');
    const response = await s.post('/json', {
      headers: hostile<HeaderMap>('{"__proto__":"call-proto","x-ok":"1"}'),
      params: hostile('{"__proto__":"cp","prototype":"cq"}'),
      cookies: hostile('{"__proto__":"cookie"}'),
      json,
    });
    const parsed = (await response.json()) as Record<string, unknown>;
    expectNoPollution();
    expect(Object.keys(parsed)).toEqual(['__proto__', 'constructor']);

    const sent = server.received[0]!;
    expect(sent.headers['x-ok']).toBe('1');
    expect(sent.headers.cookie).toBe('__proto__=cookie');
    expect(JSON.parse(sent.body)).toEqual(json);
    expect(sent.body).toContain('"__proto__":{"polluted":"body"}');
    const query = new URL(sent.url, 'http://x').searchParams;
    expect(query.getAll('__proto__')).toEqual(['cp']);
    expect(query.getAll('constructor')).toEqual(['sc']);
    expect(query.getAll('prototype')).toEqual(['cq']);

    await (await s.post('/form', { form: hostile('{"__proto__":"f","constructor":"g"}') })).dump();
    expect(new URLSearchParams(server.received[1]!.body).getAll('__proto__')).toEqual(['f']);
    expectNoPollution();
  });

  it('header names __proto__ and constructor reach the server as headers, the call one over the session one', async () => {
    const raw: string[][] = [];
    const server = await h.server((request, response) => {
      raw.push(request.rawHeaders);
      response.end('ok');
    });
    const s = h.session(server.origin, { headers: hostile<HeaderMap>('{"__proto__":"session-proto","constructor":"session-ctor"}') });
    await (await s.get('/', { headers: hostile<HeaderMap>('{"__proto__":"call-proto"}') })).dump();
    const pairs = raw[0]!.flatMap((value, i) => (i % 2 === 0 ? [[value.toLowerCase(), raw[0]![i + 1]!]] : []));
    expect(pairs).toContainEqual(['__proto__', 'call-proto']);
    expect(pairs).toContainEqual(['constructor', 'session-ctor']);
    expect(pairs.filter(([name]) => name === '__proto__')).toHaveLength(1);
    expectNoPollution();
  });
});
