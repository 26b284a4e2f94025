import { describe, expect, it } from 'vitest';
import { AbortError, TimeoutError } from '../../runtime/index.js';
import type { Session } from '../../runtime/index.js';
import type { Handler, TestServer } from '../helpers/server.js';
import { eventually } from '../helpers/server.js';
import { gate, localhostOrigin, rejection, sleep, useHarness } from '../helpers/harness.js';

const h = useHarness();

/** Answers after `ms`, counting how many requests it is serving at once. */
function slowHandler(ms: number): Handler & { peakInFlight: number } {
  let inFlight = 0;
  const handler = Object.assign(
    async (_request: unknown, response: { end(body: string): void }) => {
      inFlight++;
      handler.peakInFlight = Math.max(handler.peakInFlight, inFlight);
      await sleep(ms);
      inFlight--;
      response.end('done');
    },
    { peakInFlight: 0 },
  );
  return handler as unknown as Handler & { peakInFlight: number };
}

async function getAll(s: Session, paths: string[]): Promise<string[]> {
  return Promise.all(paths.map(async (path) => (await s.get(path)).text()));
}

describe('the session-wide connections cap', () => {
  it.each([1, 3, 8])('with connections: %i, 5x as many concurrent calls all succeed on at most that many sockets', async (n) => {
    const handler = slowHandler(20);
    const server = await h.server(handler);
    const s = h.session(server.origin, { connections: n });
    const bodies = await getAll(s, Array.from({ length: 5 * n }, (_, i) => `/${i}`));
    expect(bodies).toEqual(Array(5 * n).fill('done'));
    expect(server.received).toHaveLength(5 * n);
    expect(server.peakSockets).toBeLessThanOrEqual(n);
    expect(handler.peakInFlight).toBeLessThanOrEqual(n);
    // The cap is used, not just respected: the first n calls go out at once.
    expect(server.peakSockets).toBe(n);
    expect(s.openConnections).toBeLessThanOrEqual(n);
  });

  it('defaults to one connection', async () => {
    const handler = slowHandler(10);
    const server = await h.server(handler);
    const s = h.session(server.origin);
    expect(await getAll(s, ['/a', '/b', '/c', '/d', '/e'])).toEqual(Array(5).fill('done'));
    expect(server.peakSockets).toBe(1);
    expect(server.totalSockets).toBe(1);
    expect(handler.peakInFlight).toBe(1);
  });

  it('counts every origin: with connections: 1, alternating calls to two origins never hold two sockets', async () => {
    const samples: number[] = [];
    let servers: TestServer[] = [];
    const sample: Handler = (_request, response) => {
      samples.push(servers.reduce((sum, server) => sum + server.openSockets(), 0));
      response.end('ok');
    };
    const a = await h.server(sample);
    const b = await h.server(sample);
    servers = [a, b];
    const s = h.session({ connections: 1 });
    const urls = Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? `${a.origin}/${i}` : `${localhostOrigin(b)}/${i}`));
    const bodies = await Promise.all(urls.map(async (url) => (await s.get(url)).text()));
    expect(bodies).toEqual(Array(10).fill('ok'));
    expect(a.received).toHaveLength(5);
    expect(b.received).toHaveLength(5);
    expect(samples).toHaveLength(10);
    expect(Math.max(...samples)).toBe(1);
  });

  it('counts idle keep-alive sockets: a call to B first closes the idle socket to A', async () => {
    let openToA = -1;
    const a = await h.server();
    const b = await h.server((_request, response) => {
      openToA = a.openSockets();
      response.end('b');
    });
    const s = h.session({ connections: 1 });
    expect(await (await s.get(a.origin + '/')).json()).toEqual({ ok: true });
    // The socket to A stays open, idle, for reuse.
    await sleep(50);
    expect(a.openSockets()).toBe(1);
    expect(s.openConnections).toBe(1);
    expect(await (await s.get(localhostOrigin(b) + '/')).text()).toBe('b');
    expect(openToA).toBe(0);
    expect(s.openConnections).toBe(1);
  });

  it('reuses an idle keep-alive socket for the same origin', async () => {
    const server = await h.server();
    const s = h.session(server.origin, { connections: 4 });
    for (let i = 0; i < 5; i++) await (await s.get('/')).text();
    expect(server.totalSockets).toBe(1);
    expect(new Set(server.received.map((r) => r.socket))).toEqual(new Set([1]));
  });

  it('serves waiting calls in FIFO order', async () => {
    const server = await h.server(slowHandler(5));
    const s = h.session(server.origin, { connections: 1 });
    const paths = Array.from({ length: 10 }, (_, i) => `/${i + 1}`);
    await getAll(s, paths);
    expect(server.received.map((r) => r.url)).toEqual(paths);
  });

  it('serves waiting calls in FIFO order across origins', async () => {
    const order: string[] = [];
    const record: Handler = (request, response) => {
      order.push(request.url ?? '');
      response.end();
    };
    const a = await h.server(record);
    const b = await h.server(record);
    const s = h.session({ connections: 1 });
    const urls = [a, b, b, a, a, b, a, b].map((server, i) => `${server.origin}/${i}`);
    await Promise.all(urls.map(async (url) => (await s.get(url)).dump()));
    expect(order).toEqual(urls.map((_, i) => `/${i}`));
  });
});

describe('calls that give up while queued or in flight', () => {
  async function heldSession(): Promise<{ server: TestServer; s: Session; release: () => void }> {
    const held = gate();
    const server = await h.server(async (request, response) => {
      if (request.url === '/hold') await held.wait;
      response.end(request.url);
    });
    return { server, s: h.session(server.origin, { connections: 1 }), release: held.open };
  }

  it('an aborted call leaves the queue at once and the ones behind it still run', async () => {
    const { server, s, release } = await heldSession();
    const first = s.get('/hold');
    const controller = new AbortController();
    const aborted = s.get('/aborted', { signal: controller.signal });
    const third = s.get('/third');
    await eventually(() => s.queuedCalls === 2, 'two calls queued');
    controller.abort(new Error('changed my mind'));
    const error = await rejection(aborted);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).reason).toEqual(new Error('changed my mind'));
    expect(s.queuedCalls).toBe(1);
    release();
    expect(await (await first).text()).toBe('/hold');
    expect(await (await third).text()).toBe('/third');
    expect(server.received.map((r) => r.url)).toEqual(['/hold', '/third']);
    expect(server.peakSockets).toBe(1);
  });

  it('a call that times out while queued leaves the queue and the ones behind it still run', async () => {
    const { server, s, release } = await heldSession();
    const first = s.get('/hold');
    const timedOut = s.get('/late', { timeout: 100 });
    const third = s.get('/third');
    const error = await rejection(timedOut);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(s.queuedCalls).toBe(1);
    release();
    await (await first).dump();
    expect(await (await third).text()).toBe('/third');
    expect(server.received.map((r) => r.url)).toEqual(['/hold', '/third']);
  });

  it('an in-flight call that is aborted frees its connection for the next one', async () => {
    const { server, s } = await heldSession();
    const controller = new AbortController();
    const first = s.get('/hold', { signal: controller.signal });
    const second = s.get('/second');
    await eventually(() => server.received.length === 1, 'the first call reached the server');
    controller.abort();
    expect(await rejection(first)).toBeInstanceOf(AbortError);
    expect(await (await second).text()).toBe('/second');
    expect(s.openConnections).toBeLessThanOrEqual(1);
  });

  it('an in-flight call that times out frees its connection for the next one', async () => {
    const { s } = await heldSession();
    const first = s.get('/hold', { timeout: 150 });
    const second = s.get('/second');
    expect(await rejection(first)).toBeInstanceOf(TimeoutError);
    expect(await (await second).text()).toBe('/second');
  });

  it('many aborted waiters do not leak slots', async () => {
    const { server, s, release } = await heldSession();
    const first = s.get('/hold');
    const controllers = Array.from({ length: 20 }, () => new AbortController());
    const waiting = controllers.map((controller, i) => s.get(`/w${i}`, { signal: controller.signal }));
    for (const controller of controllers) controller.abort();
    for (const call of waiting) expect(await rejection(call)).toBeInstanceOf(AbortError);
    release();
    await (await first).dump();
    expect(await getAll(s, ['/x', '/y'])).toEqual(['/x', '/y']);
    expect(server.received.map((r) => r.url)).toEqual(['/hold', '/x', '/y']);
    expect(s.queuedCalls).toBe(0);
  });
});

describe('keepAlive', () => {
  it('keepAlive: false opens a new socket per call and asks the server to close it', async () => {
    const server = await h.server();
    const s = h.session(server.origin, { keepAlive: false, connections: 2 });
    for (let i = 0; i < 4; i++) await (await s.get(`/${i}`)).text();
    await Promise.all([0, 1, 2].map(async (i) => (await s.get(`/p${i}`)).text()));
    expect(server.totalSockets).toBe(7);
    expect(server.received.map((r) => r.headers.connection)).toEqual(Array(7).fill('close'));
    await eventually(() => server.openSockets() === 0, 'every socket closed after its call');
    expect(server.peakSockets).toBeLessThanOrEqual(2);
  });

  it('a server that closes the connection does not break the next call', async () => {
    const server = await h.server((_request, response) => {
      response.setHeader('connection', 'close');
      response.end('bye');
    });
    const s = h.session(server.origin);
    for (let i = 0; i < 3; i++) expect(await (await s.get('/')).text()).toBe('bye');
    expect(server.totalSockets).toBe(3);
  });
});

describe('idle sockets the server closes', () => {
  it('a keep-alive socket the server has closed is not used for the next call', async () => {
    const server = await h.server();
    server.server.keepAliveTimeout = 50;
    const s = h.session(server.origin);
    await (await s.get('/')).text();
    await eventually(() => server.openSockets() === 0, 'the server closed the idle socket');
    expect(await (await s.get('/')).json()).toEqual({ ok: true });
    expect(server.totalSockets).toBe(2);
  });
});
