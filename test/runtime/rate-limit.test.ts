import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { InvalidOptionError, SessionClosedError, TimeoutError, AbortError } from '../../runtime/index.js';
import { rateLimitWait } from '../../runtime/rate-limit-headers.js';
import type { Handler, TestServer } from '../helpers/server.js';
import { eventually } from '../helpers/server.js';
import { rejection, useHarness } from '../helpers/harness.js';

const h = useHarness();

// A call takes its token when it takes its connection; the server sees it a connect (or an
// event-loop turn) later, and that delay differs between calls by a few milliseconds.
const TOLERANCE = 25;

/** A server that notes when (performance.now(), same process) each request arrived, by path. */
async function timedServer(handler?: Handler): Promise<{ server: TestServer; arrivals: { path: string; at: number }[] }> {
  const arrivals: { path: string; at: number }[] = [];
  const server = await h.server((request, response, body) => {
    arrivals.push({ path: request.url ?? '', at: performance.now() });
    if (handler !== undefined) return handler(request, response, body);
    response.end('ok');
  });
  return { server, arrivals };
}

function gaps(arrivals: readonly { at: number }[]): number[] {
  return arrivals.slice(1).map((arrival, i) => arrival.at - arrivals[i]!.at);
}

describe('rateLimit: a token bucket', () => {
  it('spaces requests per / requests ms apart (200 ms) on the server, in FIFO order, across connections', async () => {
    const { server, arrivals } = await timedServer();
    const s = h.session(server.origin, { connections: 6, rateLimit: { requests: 5, per: 1000 } });
    // The first request of a process is slow to arrive (code loading, a first connect): one call
    // before the measured ones keeps that out of the gaps.
    await s.get('/warm');
    const calls = Array.from({ length: 6 }, (_, i) => s.get(`/${i}`));
    expect(s.queuedCalls).toBe(6);
    await Promise.all(calls);
    expect(arrivals.map((a) => a.path)).toEqual(['/warm', '/0', '/1', '/2', '/3', '/4', '/5']);
    for (const gap of gaps(arrivals)) expect(gap).toBeGreaterThanOrEqual(200 - TOLERANCE);
    // Generous upper bound: the queue is not stalled either.
    expect(arrivals.at(-1)!.at - arrivals[0]!.at).toBeLessThan(5 * 200 + 1500);
  });

  it('with one connection and slow answers, the connection paces and the bucket still holds: FIFO throughout', async () => {
    const { server, arrivals } = await timedServer(async (_request, response) => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      response.end('slow');
    });
    const s = h.session(server.origin, { connections: 1, rateLimit: { requests: 10, per: 1000 } });
    const other = h.session(server.origin, { connections: 1 });
    await Promise.all([...Array.from({ length: 4 }, (_, i) => s.get(`/${i}`)), other.get('/unlimited')]);
    const limited = arrivals.filter((a) => a.path !== '/unlimited');
    expect(limited.map((a) => a.path)).toEqual(['/0', '/1', '/2', '/3']);
    for (const gap of gaps(limited)) expect(gap).toBeGreaterThanOrEqual(150 - TOLERANCE);
    expect(s.openConnections).toBeLessThanOrEqual(1);
    expect(server.peakSockets).toBeLessThanOrEqual(2);
  });

  it('burst lets that many go at once after a quiet spell, then paces the rest', async () => {
    const { server, arrivals } = await timedServer();
    const s = h.session(server.origin, { connections: 5, rateLimit: { requests: 5, per: 1000, burst: 3 } });
    await Promise.all(Array.from({ length: 5 }, (_, i) => s.get(`/${i}`)));
    expect(arrivals.map((a) => a.path)).toEqual(['/0', '/1', '/2', '/3', '/4']);
    const [, , third, fourth, fifth] = arrivals;
    expect(fourth!.at - arrivals[0]!.at).toBeGreaterThanOrEqual(200 - TOLERANCE);
    expect(fifth!.at - fourth!.at).toBeGreaterThanOrEqual(200 - TOLERANCE);
    expect(third!.at - arrivals[0]!.at).toBeLessThan(150);
  });

  it('retries count as requests and wait their turn too', async () => {
    let first = true;
    const { server, arrivals } = await timedServer((_request, response) => {
      response.statusCode = first ? 503 : 200;
      first = false;
      response.end();
    });
    const s = h.session(server.origin, { rateLimit: { requests: 1, per: 150 }, retry: { limit: 1, backoff: 1, maxBackoff: 1 } });
    expect((await s.get('/r')).status).toBe(200);
    expect(arrivals).toHaveLength(2);
    expect(gaps(arrivals)[0]).toBeGreaterThanOrEqual(150 - TOLERANCE);
  });

  it('a timed-out or aborted call leaves the queue; the others keep their order and pace', async () => {
    const { server, arrivals } = await timedServer();
    const s = h.session(server.origin, { connections: 4, rateLimit: { requests: 1, per: 200 } });
    const controller = new AbortController();
    const a = s.get('/a');
    const b = s.get('/b', { timeout: 50 });
    const c = s.get('/c', { signal: controller.signal });
    const d = s.get('/d');
    expect(s.queuedCalls).toBe(3);
    controller.abort();
    expect(await rejection(c)).toBeInstanceOf(AbortError);
    expect(await rejection(b)).toBeInstanceOf(TimeoutError);
    expect(s.queuedCalls).toBe(1);
    await Promise.all([a, d]);
    expect(arrivals.map((x) => x.path)).toEqual(['/a', '/d']);
    expect(gaps(arrivals)[0]).toBeGreaterThanOrEqual(200 - TOLERANCE);
    expect(server.received.map((r) => r.url)).toEqual(['/a', '/d']);
  });

  it('close() settles the waiting calls with SessionClosedError', async () => {
    const { server } = await timedServer();
    const s = h.session(server.origin, { connections: 3, rateLimit: { requests: 1, per: 10_000 } });
    const first = s.get('/1');
    const waiting = [rejection(s.get('/2')), rejection(s.get('/3'))];
    await first;
    await s.close();
    for (const error of await Promise.all(waiting)) expect(error).toBeInstanceOf(SessionClosedError);
    expect(server.received.map((r) => r.url)).toEqual(['/1']);
  });

  it('bad shapes are refused at construction, naming the option', () => {
    for (const bad of [{}, { requests: 0 }, { requests: 1.5 }, { requests: 1, per: -1 }, { requests: 1, burst: 0 }, { adaptive: true, per: 10 }, { adaptive: true, maxWait: -1 }]) {
      expect(() => h.session('http://127.0.0.1:1', { rateLimit: bad })).toThrow(InvalidOptionError);
    }
  });
});

describe('rateLimit: adaptive', () => {
  /** The first request gets `headers` (and `status`), the rest 200. */
  function exhaustedOnce(headers: () => Record<string, string>, status = 200): Handler {
    let first = true;
    return (_request, response) => {
      if (first) {
        first = false;
        response.writeHead(status, headers());
      }
      response.end();
    };
  }

  it('X-RateLimit-Remaining: 0 holds the queue until X-RateLimit-Reset (Unix seconds), then sends in order', async () => {
    let reset = 0;
    const wall: number[] = [];
    const exhausted = exhaustedOnce(() => {
      reset = Math.floor(Date.now() / 1000) + 1;
      return { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) };
    });
    const { server, arrivals } = await timedServer((request, response, body) => {
      wall.push(Date.now());
      return exhausted(request, response, body);
    });
    const s = h.session(server.origin, { connections: 3, rateLimit: { adaptive: true } });
    await s.get('/first');
    await Promise.all([s.get('/2'), s.get('/3')]);
    expect(arrivals.map((a) => a.path)).toEqual(['/first', '/2', '/3']);
    expect(wall[1]!).toBeGreaterThanOrEqual(reset * 1000 - TOLERANCE);
  });

  it.each([
    ['RateLimit-Remaining / RateLimit-Reset (seconds from now)', { 'ratelimit-remaining': '0', 'ratelimit-reset': '1' }],
    ['RateLimit: "policy";r=0;t=1 (draft 07 on)', { ratelimit: '"burst";r=5;t=9, "default";r=0;t=1' }],
    ['RateLimit: limit=..., remaining=0, reset=1 (up to draft 06)', { ratelimit: 'limit=10, remaining=0, reset=1' }],
  ])('%s holds the queue for the reset', async (_name, headers) => {
    const { server, arrivals } = await timedServer(exhaustedOnce(() => headers));
    const s = h.session(server.origin, { rateLimit: { adaptive: true } });
    await s.get('/first');
    await s.get('/second');
    expect(gaps(arrivals)[0]).toBeGreaterThanOrEqual(1000 - TOLERANCE);
  });

  it('a 429 with Retry-After holds every queued call, not just the one it answered', async () => {
    const { server, arrivals } = await timedServer(exhaustedOnce(() => ({ 'retry-after': '1' }), 429));
    // retry: 0: the 429 must come back to the caller for this test (the default would retry it).
    const s = h.session(server.origin, { connections: 2, rateLimit: { adaptive: true }, retry: 0 });
    expect((await s.get('/limited')).status).toBe(429);
    const [two, three] = await Promise.all([s.get('/2'), s.get('/3')]);
    expect([two.status, three.status]).toEqual([200, 200]);
    expect(arrivals[1]!.at - arrivals[0]!.at).toBeGreaterThanOrEqual(1000 - TOLERANCE);
    expect(arrivals.map((a) => a.path)).toEqual(['/limited', '/2', '/3']);
  });

  it('a call that times out while the queue is held leaves it; close() settles the rest', async () => {
    const { server } = await timedServer(exhaustedOnce(() => ({ 'ratelimit-remaining': '0', 'ratelimit-reset': '30' })));
    const s = h.session(server.origin, { rateLimit: { adaptive: true } });
    await s.get('/first');
    expect(await rejection(s.get('/late', { timeout: 50 }))).toBeInstanceOf(TimeoutError);
    expect(s.queuedCalls).toBe(0);
    const held = rejection(s.get('/held'));
    await eventually(() => s.queuedCalls === 1, 'the call to queue');
    await s.close();
    expect(await held).toBeInstanceOf(SessionClosedError);
    expect(server.received.map((r) => r.url)).toEqual(['/first']);
  });

  it('a reset past maxWait is not waited for: calls go and the server answers them', async () => {
    const { server, arrivals } = await timedServer(exhaustedOnce(() => ({ 'ratelimit-remaining': '0', 'ratelimit-reset': '3600' })));
    const s = h.session(server.origin, { rateLimit: { adaptive: true, maxWait: 1000 } });
    await s.get('/first');
    await s.get('/second');
    expect(gaps(arrivals)[0]).toBeLessThan(500);
  });

  it('remaining above 0 holds nothing, and without adaptive the headers are ignored', async () => {
    const { server, arrivals } = await timedServer((_request, response) => {
      response.writeHead(200, { 'x-ratelimit-remaining': arrivals.length === 1 ? '5' : '0', 'ratelimit-reset': '5', 'x-ratelimit-reset': '5' });
      response.end();
    });
    const adaptive = h.session(server.origin, { rateLimit: { adaptive: true } });
    await adaptive.get('/1');
    const bucket = h.session(server.origin, { rateLimit: { requests: 100, per: 100 } });
    await bucket.get('/2');
    await bucket.get('/3');
    expect(gaps(arrivals).every((gap) => gap < 500)).toBe(true);
  });
});

describe('rateLimitWait: reading the quota headers', () => {
  const now = 1_700_000_000_000;
  it.each([
    [{ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 30) }, 200, 30_000],
    [{ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '12' }, 200, 12_000],
    [{ 'x-ratelimit-remaining': '1', 'x-ratelimit-reset': '12' }, 200, undefined],
    [{ 'ratelimit-remaining': '0', 'ratelimit-reset': '7' }, 200, 7000],
    [{ ratelimit: '"a";r=0;t=4, "b";r=0;t=9' }, 200, 9000],
    [{ ratelimit: 'default;r=3;t=4' }, 200, undefined],
    [{ ratelimit: 'limit=100, remaining=0, reset=2' }, 200, 2000],
    [{ ratelimit: 'limit=100, remaining=0, reset=-2' }, 200, undefined],
    [{ 'x-ratelimit-remaining': 'none', 'x-ratelimit-reset': 'soon' }, 200, undefined],
    [{ 'retry-after': '3' }, 429, 3000],
    [{ 'retry-after': '3' }, 503, undefined],
    [{ 'retry-after': '3', 'ratelimit-remaining': '0', 'ratelimit-reset': '5' }, 429, 5000],
  ])('%j (status %i) waits %j ms', (headers, status, expected) => {
    expect(rateLimitWait(status, headers, now)).toBe(expected);
  });
});
