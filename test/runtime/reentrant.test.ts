import { describe, expect, it } from 'vitest';
import type { PreparedRequest, Session } from '../../runtime/index.js';
import { useHarness } from '../helpers/harness.js';
import type { TestServer } from '../helpers/server.js';

/**
 * Issue 10, item 2: auth and preRequest hooks that call the same session ("fetch a token first")
 * must not wait for a connection their own call holds, at any `connections`.
 */
const h = useHarness();

async function tokenServer(): Promise<TestServer> {
  return h.server((request, response) => {
    if (request.url === '/token') return void response.end('tok-' + Math.random().toString(36).slice(2, 6));
    response.end(request.headers.authorization ?? 'none');
  });
}

/** Fetches a token on the same session and signs with it. */
function tokenFrom(s: Session) {
  return async (request: PreparedRequest): Promise<PreparedRequest> => {
    const token = await (await s.get('/token', { timeout: 2000 })).text();
    request.headers['authorization'] = 'Bearer ' + token;
    return request;
  };
}

describe('auth and hooks that call their own session', () => {
  for (const connections of [1, 2, 5]) {
    it(`an auth function that fetches a token on the same session completes (connections: ${connections}, ${connections * 2} calls at once)`, async () => {
      const server = await tokenServer();
      const s = h.session(server.origin, { connections });
      const auth = tokenFrom(s);
      const calls = Array.from({ length: connections * 2 }, (_, i) => s.get(`/data/${i}`, { auth, timeout: 3000 }));
      const bodies = await Promise.all(calls.map(async (call) => (await call).text()));
      expect(bodies.every((body) => body.startsWith('Bearer tok-'))).toBe(true);
      expect(server.received.filter((r) => r.url === '/token')).toHaveLength(connections * 2);
      expect(server.peakSockets).toBeLessThanOrEqual(connections);
    });

    it(`a session preRequest hook that fetches a token on the same session completes (connections: ${connections})`, async () => {
      const server = await tokenServer();
      const s = h.session(server.origin, { connections });
      const sign = tokenFrom(s);
      s.hooks.preRequest = (request) => (request.url.endsWith('/token') ? undefined : sign(request));
      const calls = Array.from({ length: connections * 2 }, (_, i) => s.get(`/data/${i}`, { timeout: 3000 }));
      const bodies = await Promise.all(calls.map(async (call) => (await call).text()));
      expect(bodies.every((body) => body.startsWith('Bearer tok-'))).toBe(true);
    });
  }

  it('a redirect hop signed by a re-entrant auth function completes with connections: 1', async () => {
    const server = await h.server((request, response) => {
      if (request.url === '/token') return void response.end('t');
      if (request.url === '/old') {
        response.statusCode = 302;
        response.setHeader('location', '/new');
        return void response.end();
      }
      response.end(request.headers.authorization ?? 'none');
    });
    const s = h.session(server.origin);
    const auth = tokenFrom(s);
    const response = await s.get('/old', { auth, timeout: 3000 });
    expect(await response.text()).toBe('Bearer t');
  });
});
