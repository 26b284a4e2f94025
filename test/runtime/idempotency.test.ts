import { describe, expect, it } from 'vitest';
import { ConnectionError, InvalidOptionError } from '../../runtime/index.js';
import type { RetryOptions } from '../../runtime/index.js';
import type { Handler } from '../helpers/server.js';
import { rejection, useHarness } from '../helpers/harness.js';

const h = useHarness();
const fast: RetryOptions = { limit: 2, backoff: 1, maxBackoff: 5 };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Answers each path's first `failures` requests with 503 (or a dropped socket), then 200. */
function flaky(failures: number, how: 503 | 'destroy' = 503): Handler {
  const hits = new Map<string, number>();
  return (request, response) => {
    const hit = (hits.get(request.url ?? '') ?? 0) + 1;
    hits.set(request.url ?? '', hit);
    if (hit > failures) response.end('ok');
    else if (how === 'destroy') request.socket.destroy();
    else {
      response.statusCode = 503;
      response.end('busy');
    }
  };
}

const keysOf = (server: { received: readonly { headers: Record<string, unknown> }[] }): unknown[] => server.received.map((r) => r.headers['idempotency-key']);

describe('idempotencyKey', () => {
  it('a POST answered 503 then 200 is retried with one key; the server sees the same key twice', async () => {
    const server = await h.server(flaky(1));
    const s = h.session(server.origin, { idempotencyKey: true, retry: fast });
    const response = await s.post('/charges', { json: { amount: 100 } });
    expect(response.status).toBe(200);
    expect(server.received.map((r) => r.method)).toEqual(['POST', 'POST']);
    const [first, second] = keysOf(server);
    expect(first).toMatch(UUID);
    expect(second).toBe(first);
    expect(server.received[1]!.body).toBe('{"amount":100}');
  });

  it('a POST whose connection drops is retried with the same key', async () => {
    const server = await h.server(flaky(1, 'destroy'));
    const s = h.session(server.origin, { idempotencyKey: true, retry: fast });
    expect((await s.post('/charges', { body: 'x' })).status).toBe(200);
    const keys = keysOf(server);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
  });

  it('two calls get different keys', async () => {
    const server = await h.server();
    const s = h.session(server.origin, { idempotencyKey: true });
    await s.post('/a', { body: '1' });
    await s.post('/a', { body: '1' });
    const [one, two] = keysOf(server);
    expect(one).toMatch(UUID);
    expect(two).toMatch(UUID);
    expect(one).not.toBe(two);
  });

  it('goes on PUT, PATCH and DELETE, never on GET, HEAD or OPTIONS', async () => {
    const server = await h.server();
    const s = h.session(server.origin, { idempotencyKey: true });
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'DELETE'] as const) await (await s.request(method, '/m')).dump();
    expect(server.received.map((r) => [r.method, typeof r.headers['idempotency-key']])).toEqual([
      ['GET', 'undefined'],
      ['HEAD', 'undefined'],
      ['OPTIONS', 'undefined'],
      ['PUT', 'string'],
      ['PATCH', 'string'],
      ['DELETE', 'string'],
    ]);
  });

  it("never overrides a key the call sets itself (any case), and keeps it across retries", async () => {
    const server = await h.server(flaky(1));
    const s = h.session(server.origin, { idempotencyKey: true, retry: fast });
    await s.post('/own', { headers: { 'Idempotency-Key': 'order-42' } });
    expect(keysOf(server)).toEqual(['order-42', 'order-42']);
  });

  it('a function makes the key from the request', async () => {
    const server = await h.server();
    const seen: string[] = [];
    const s = h.session(server.origin, {
      idempotencyKey: (request) => {
        seen.push(`${request.method} ${request.url}`);
        return `k-${String(request.headers['x-order'])}`;
      },
    });
    await s.post('/orders', { headers: { 'X-Order': '7' }, body: '' });
    expect(keysOf(server)).toEqual(['k-7']);
    expect(seen).toEqual([`POST ${server.origin}/orders`]);
  });

  it('a key function that returns something unsendable is named, and nothing is sent', async () => {
    const server = await h.server();
    const s = h.session(server.origin, { idempotencyKey: () => 'a\r\nb' });
    const error = await rejection(s.post('/x'));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe('idempotencyKey');
    expect(server.received).toHaveLength(0);
  });

  it('is off by default: no key, and a POST is not retried', async () => {
    const server = await h.server(flaky(1));
    const s = h.session(server.origin, { retry: fast });
    expect((await s.post('/x')).status).toBe(503);
    expect(server.received).toHaveLength(1);
    expect(keysOf(server)).toEqual([undefined]);
  });

  it('a POST with its own key is retried even without the session option; explicit retry methods are kept as given', async () => {
    const server = await h.server(flaky(1));
    const s = h.session(server.origin, { retry: fast });
    expect((await s.post('/own', { headers: { 'idempotency-key': 'k1' } })).status).toBe(200);
    const strict = h.session(server.origin, { idempotencyKey: true, retry: { ...fast, methods: ['GET'] } });
    expect((await strict.post('/strict')).status).toBe(503);
    expect(server.received.map((r) => r.url)).toEqual(['/own', '/own', '/strict']);
  });

  it('bad option values are refused at construction', () => {
    expect(() => h.session('http://127.0.0.1:1', { idempotencyKey: 'yes' as unknown as boolean })).toThrow(InvalidOptionError);
  });

  it('without a retry policy a dropped POST still fails with ConnectionError, sent once', async () => {
    const server = await h.server(flaky(1, 'destroy'));
    const s = h.session(server.origin, { idempotencyKey: true, retry: 0 });
    expect(await rejection(s.post('/x'))).toBeInstanceOf(ConnectionError);
    expect(server.received).toHaveLength(1);
  });
});
