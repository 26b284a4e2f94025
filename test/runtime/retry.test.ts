import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConnectionError, InvalidOptionError, TimeoutError } from '../../runtime/index.js';
import type { RetryOptions } from '../../runtime/index.js';
import type { Handler } from '../helpers/server.js';
import { rejection, sleep, useHarness } from '../helpers/harness.js';

const h = useHarness();

// Small backoffs keep the tests fast; what is retried is checked by counting server hits.
const fast: RetryOptions = { limit: 2, backoff: 1, maxBackoff: 5 };

/** Fails each path's first `failures` requests with `status` (or by destroying the socket), then answers 200. */
function flaky(failures: number, status: number | 'destroy', headers: Record<string, string> = {}): Handler {
  const hits = new Map<string, number>();
  return (request, response) => {
    const path = request.url ?? '';
    const hit = (hits.get(path) ?? 0) + 1;
    hits.set(path, hit);
    if (hit > failures) {
      response.end(`ok after ${hit}`);
    } else if (status === 'destroy') {
      request.socket.destroy();
    } else {
      response.statusCode = status;
      for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
      response.end(`failure ${hit}`);
    }
  };
}

describe('retrying statuses', () => {
  it.each([408, 429, 500, 502, 503, 504])('retries a GET answered %i, until it succeeds', async (status) => {
    const server = await h.server(flaky(2, status));
    const s = h.session(server.origin, { retry: fast });
    const response = await s.get('/x');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('ok after 3');
    expect(server.received).toHaveLength(3);
  });

  it.each([400, 404, 418, 501])('does not retry %i', async (status) => {
    const server = await h.server(flaky(5, status));
    const s = h.session(server.origin, { retry: fast });
    expect((await s.get('/x')).status).toBe(status);
    expect(server.received).toHaveLength(1);
  });

  it('gives up after limit + 1 attempts and returns the last response', async () => {
    const server = await h.server(flaky(100, 503));
    const s = h.session(server.origin, { retry: { ...fast, limit: 3 } });
    const response = await s.get('/x');
    expect(response.status).toBe(503);
    expect(await response.text()).toBe('failure 4');
    expect(server.received).toHaveLength(4);
  });

  it('without a retry option a GET is retried twice (as stripe-node and openai-node); a POST without a key is not', async () => {
    const server = await h.server(flaky(100, 503));
    const s = h.session(server.origin);
    expect((await s.get('/get')).status).toBe(503);
    expect((await s.post('/post')).status).toBe(503);
    expect(server.received.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /get', 'GET /get', 'GET /get', 'POST /post']);
  });

  it('without a retry option one 503 then 200 gives the 200', async () => {
    const server = await h.server(flaky(1, 503));
    const s = h.session(server.origin);
    expect((await s.get('/x')).status).toBe(200);
    expect(server.received).toHaveLength(2);
  });

  it("the server's x-should-retry / stripe-should-retry: false stops a retry, true retries any 4xx or 5xx, but never an unkeyed POST", async () => {
    const server = await h.server((request, response) => {
      const hit = server.received.filter((r) => r.url === request.url).length;
      const [status, header] = ({
        '/no': [503, { 'x-should-retry': 'false' }],
        '/stripe-no': [500, { 'stripe-should-retry': 'false' }],
        '/yes': [hit === 1 ? 409 : 200, { 'x-should-retry': 'true' }],
        '/stripe-yes': [hit === 1 ? 400 : 200, { 'stripe-should-retry': 'true' }],
        '/ok': [200, { 'x-should-retry': 'true' }],
        '/post': [500, { 'x-should-retry': 'true' }],
      } as Record<string, [number, Record<string, string>]>)[request.url ?? '']!;
      response.writeHead(status, header);
      response.end(`${status}`);
    });
    const s = h.session(server.origin, { retry: fast });
    const statuses = [];
    for (const path of ['/no', '/stripe-no', '/yes', '/stripe-yes', '/ok']) statuses.push((await s.get(path)).status);
    statuses.push((await s.post('/post')).status);
    expect(statuses).toEqual([503, 500, 200, 200, 200, 500]);
    expect(server.received.map((r) => r.url)).toEqual(['/no', '/stripe-no', '/yes', '/yes', '/stripe-yes', '/stripe-yes', '/ok', '/post']);
  });

  it('retry: false and retry: 0 send once, on the session or the call', async () => {
    const server = await h.server(flaky(100, 503));
    const off = h.session(server.origin, { retry: false });
    const zero = h.session(server.origin, { retry: 0 });
    const on = h.session(server.origin);
    await off.get('/off');
    await zero.get('/zero');
    await on.get('/call-false', { retry: false });
    const hits = (path: string): number => server.received.filter((r) => r.url === path).length;
    expect([hits('/off'), hits('/zero'), hits('/call-false')]).toEqual([1, 1, 1]);
  });

  it('a retry that is not a number, false or options is refused, named', async () => {
    const s = h.session('http://127.0.0.1:9', {});
    expect(() => h.session('http://127.0.0.1:9', { retry: 'twice' as unknown as number })).toThrow('invalid option retry');
    expect(await rejection(s.get('/x', { retry: null as unknown as number }))).toBeInstanceOf(InvalidOptionError);
  });

  it('retry: <number> sets the limit', async () => {
    const server = await h.server(flaky(1, 503, { 'retry-after': '0' }));
    const s = h.session(server.origin, { retry: 1 });
    expect((await s.get('/x')).status).toBe(200);
    expect(server.received).toHaveLength(2);
  });

  it('a call-level retry replaces the session one (number or options, 0 turns it off)', async () => {
    const server = await h.server(flaky(100, 503));
    const s = h.session(server.origin, { retry: { ...fast, limit: 3 } });
    await s.get('/off', { retry: 0 });
    await s.get('/one', { retry: { ...fast, limit: 1 } });
    const bare = h.session(server.origin);
    await bare.get('/call', { retry: fast });
    const hits = (path: string): number => server.received.filter((r) => r.url === path).length;
    expect([hits('/off'), hits('/one'), hits('/call')]).toEqual([1, 2, 3]);
  });
});

describe('which methods are retried', () => {
  it('by default the idempotent ones only: a POST or PATCH answered 503 is not retried', async () => {
    const server = await h.server(flaky(100, 503));
    const s = h.session(server.origin, { retry: fast });
    expect((await s.post('/post', { json: { a: 1 } })).status).toBe(503);
    expect((await s.patch('/patch', { json: { a: 1 } })).status).toBe(503);
    for (const method of ['get', 'head', 'put', 'delete', 'options'] as const) await (await s[method](`/${method}`)).dump();
    const hits = (method: string): number => server.received.filter((r) => r.method === method).length;
    expect({ POST: hits('POST'), PATCH: hits('PATCH'), GET: hits('GET'), HEAD: hits('HEAD'), PUT: hits('PUT'), DELETE: hits('DELETE'), OPTIONS: hits('OPTIONS') }).toEqual({
      POST: 1,
      PATCH: 1,
      GET: 3,
      HEAD: 3,
      PUT: 3,
      DELETE: 3,
      OPTIONS: 3,
    });
  });

  it('a POST is retried, body and all, when methods names it', async () => {
    const server = await h.server(flaky(1, 503));
    const s = h.session(server.origin, { retry: { ...fast, methods: ['post'] } });
    const response = await s.post('/p', { json: { n: 1 } });
    expect(response.status).toBe(200);
    expect(server.received.map((r) => [r.method, r.body])).toEqual([
      ['POST', '{"n":1}'],
      ['POST', '{"n":1}'],
    ]);
  });

  it('a stream body, which can be sent once, is not retried', async () => {
    const server = await h.server(flaky(1, 503));
    const s = h.session(server.origin, { retry: fast });
    const response = await s.put('/stream', { body: Readable.from([Buffer.from('once')]) });
    expect(response.status).toBe(503);
    expect(server.received).toHaveLength(1);
  });
});

describe('retrying network errors', () => {
  it('retries when the server drops the connection, then succeeds', async () => {
    const server = await h.server(flaky(2, 'destroy'));
    const s = h.session(server.origin, { retry: fast });
    const response = await s.get('/x');
    expect(await response.text()).toBe('ok after 3');
    expect(server.received).toHaveLength(3);
  });

  it('throws the ConnectionError once the limit is spent', async () => {
    const server = await h.server(flaky(100, 'destroy'));
    const s = h.session(server.origin, { retry: fast });
    expect(await rejection(s.get('/x'))).toBeInstanceOf(ConnectionError);
    expect(server.received).toHaveLength(3);
  });

  it('does not retry them with networkErrors: false, nor for a POST', async () => {
    const server = await h.server(flaky(100, 'destroy'));
    const s = h.session(server.origin, { retry: { ...fast, networkErrors: false } });
    expect(await rejection(s.get('/get'))).toBeInstanceOf(ConnectionError);
    expect(await rejection(s.post('/post', { retry: fast, body: 'x' }))).toBeInstanceOf(ConnectionError);
    expect(server.received.map((r) => r.url)).toEqual(['/get', '/post']);
  });
});

describe('Retry-After and backoff', () => {
  it('Retry-After: 0 is used instead of the backoff', async () => {
    const server = await h.server(flaky(2, 503, { 'retry-after': '0' }));
    // Without Retry-After this backoff would take 15 s or more (and time the test out).
    const s = h.session(server.origin, { retry: { limit: 2, backoff: 10_000, maxBackoff: 10_000 } });
    const started = Date.now();
    expect((await s.get('/x')).status).toBe(200);
    expect(server.received).toHaveLength(3);
    expect(Date.now() - started).toBeLessThan(8000);
  });

  it('Retry-After: 1 is waited for', async () => {
    const server = await h.server(flaky(1, 429, { 'retry-after': '1' }));
    const s = h.session(server.origin, { retry: { limit: 1, backoff: 1 } });
    const started = performance.now();
    expect((await s.get('/x')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.received).toHaveLength(2);
  });

  it('a Retry-After HTTP date in the past means retry now', async () => {
    const server = await h.server(flaky(1, 503, { 'retry-after': new Date(Date.now() - 60_000).toUTCString() }));
    const s = h.session(server.origin, { retry: { limit: 1, backoff: 10_000, maxBackoff: 10_000 } });
    expect((await s.get('/x')).status).toBe(200);
  });

  it('a Retry-After above maxRetryAfter is not waited for: the response comes back', async () => {
    const server = await h.server(flaky(5, 503, { 'retry-after': '120' }));
    const s = h.session(server.origin, { retry: { ...fast, maxRetryAfter: 1000 } });
    const started = Date.now();
    const response = await s.get('/x');
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('120');
    expect(server.received).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('the backoff grows between retries', async () => {
    const times: number[] = [];
    const failing = flaky(100, 503);
    const server = await h.server((request, response, body) => {
      times.push(performance.now());
      return failing(request, response, body);
    });
    const s = h.session(server.origin, { retry: { limit: 3, backoff: 40, maxBackoff: 1000 } });
    expect((await s.get('/x')).status).toBe(503);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    // Full jitter keeps each wait within [ceiling/2, ceiling]: at least 20, 40 and 80 ms.
    expect(gaps[0]).toBeGreaterThanOrEqual(18);
    expect(gaps[1]).toBeGreaterThanOrEqual(38);
    expect(gaps[2]).toBeGreaterThanOrEqual(78);
  });
});

describe('a retried call keeps its rules', () => {
  it('the call timeout bounds the whole call, backoff sleeps included', async () => {
    const server = await h.server(flaky(1000, 503));
    const s = h.session(server.origin, { retry: { limit: 50, backoff: 200, maxBackoff: 200 } });
    const started = Date.now();
    const error = await rejection(s.get('/x', { timeout: 500 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(5000);
    // 500 ms of 100–200 ms sleeps: a handful of attempts, not 51.
    expect(server.received.length).toBeLessThanOrEqual(6);
    const hits = server.received.length;
    await sleep(400);
    expect(server.received).toHaveLength(hits);
  });

  it('the session timeout bounds a call waiting on a long Retry-After', async () => {
    const server = await h.server(flaky(1000, 503, { 'retry-after': '30' }));
    const s = h.session(server.origin, { timeout: 300, retry: { limit: 1 } });
    expect(await rejection(s.get('/x'))).toBeInstanceOf(TimeoutError);
    expect(server.received).toHaveLength(1);
  });

  it('retries stay within the connections cap', async () => {
    let inFlight = 0;
    let peakInFlight = 0;
    const failing = flaky(2, 503);
    const server = await h.server(async (request, response, body) => {
      inFlight++;
      peakInFlight = Math.max(peakInFlight, inFlight);
      await sleep(5);
      inFlight--;
      return failing(request, response, body);
    });
    const s = h.session(server.origin, { connections: 2, retry: fast });
    const responses = await Promise.all(Array.from({ length: 8 }, (_, i) => s.get(`/${i}`)));
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(server.received).toHaveLength(24);
    expect(server.peakSockets).toBeLessThanOrEqual(2);
    expect(peakInFlight).toBeLessThanOrEqual(2);
  });

  it('retries of dropped connections stay within the cap too', async () => {
    const server = await h.server(flaky(1, 'destroy'));
    const s = h.session(server.origin, { connections: 2, retry: fast });
    const responses = await Promise.all(Array.from({ length: 6 }, (_, i) => s.get(`/${i}`)));
    expect(responses.map((r) => r.status)).toEqual(Array(6).fill(200));
    expect(server.peakSockets).toBeLessThanOrEqual(2);
  });
});
