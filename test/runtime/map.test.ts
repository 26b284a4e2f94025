import { describe, expect, it } from 'vitest';
import { ConnectionError, InvalidOptionError } from '../../runtime/index.js';
import type { MapCall, Session, SessionResponse } from '../../runtime/index.js';
import type { Handler } from '../helpers/server.js';
import { eventually } from '../helpers/server.js';
import { gate, rejection, sleep, useHarness } from '../helpers/harness.js';

const h = useHarness();

/** Answers `/<n>` after a delay that shrinks as n grows (so later calls finish first), counting calls in flight. */
function countingHandler(): Handler & { inFlight: number; peak: number } {
  const state = Object.assign(
    async (request: Parameters<Handler>[0], response: Parameters<Handler>[1]) => {
      state.inFlight++;
      state.peak = Math.max(state.peak, state.inFlight);
      const n = Number((request.url ?? '/0').slice(1).split('?')[0]) || 0;
      await sleep(Math.max(1, 30 - n * 2));
      state.inFlight--;
      if (request.url === '/drop') request.socket.destroy();
      else response.end(`answer ${request.url}`);
    },
    { inFlight: 0, peak: 0 },
  );
  return state;
}

const text = async (response: SessionResponse): Promise<string> => response.text();

describe('s.map', () => {
  it('runs functions at most `size` at a time, and settles them in input order', async () => {
    const handler = countingHandler();
    const server = await h.server(handler);
    const s = h.session(server.origin, { connections: 10 });
    const calls = Array.from({ length: 12 }, (_, i) => (session: Session) => session.get(`/${i}`).then(text));
    const results = await s.map(calls, { size: 3 });
    expect(results).toEqual(Array.from({ length: 12 }, (_, i) => ({ status: 'fulfilled', value: `answer /${i}` })));
    expect(handler.peak).toBeLessThanOrEqual(3);
    expect(handler.peak).toBe(3);
    expect(server.received).toHaveLength(12);
  });

  it('takes request options (with method and url), and resolves them to responses', async () => {
    const server = await h.server((request, response, body) => void response.end(`${request.method} ${request.url} ${body}`));
    const s = h.session(server.origin, { connections: 4 });
    const calls: MapCall<SessionResponse>[] = [
      { path: '/a', params: { q: 1 } },
      { method: 'POST', path: '/b', json: { n: 2 } },
      { method: 'PUT', url: `${server.origin}/c`, body: 'three' },
    ];
    const results = await s.map(calls, { size: 2 });
    const texts = await Promise.all(results.map((r) => (r.status === 'fulfilled' ? r.value.text() : Promise.reject(r.reason))));
    expect(texts).toEqual(['GET /a?q=1 ', 'POST /b {"n":2}', 'PUT /c three']);
  });

  it('never runs more than the session connections, whatever size asks for (and defaults to them)', async () => {
    const handler = countingHandler();
    const server = await h.server(handler);
    const s = h.session(server.origin, { connections: 2 });
    const calls = Array.from({ length: 8 }, (_, i) => ({ path: `/${i}` }));
    const results = await s.map(calls, { size: 10 });
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    expect(handler.peak).toBeLessThanOrEqual(2);
    expect(server.peakSockets).toBeLessThanOrEqual(2);

    // Not just the requests: no more than `connections` calls are started at once (none queue in the pool).
    let running = 0;
    let peakRunning = 0;
    const counted = Array.from({ length: 8 }, (_, i) => async (session: Session) => {
      running++;
      peakRunning = Math.max(peakRunning, running);
      try {
        return await (await session.get(`/${i}`)).text();
      } finally {
        running--;
      }
    });
    expect((await s.map(counted, { size: 10 })).every((r) => r.status === 'fulfilled')).toBe(true);
    expect(peakRunning).toBeLessThanOrEqual(2);
    expect(peakRunning).toBe(2);

    // Functions may call the session more than once; the connections still bound them.
    const twice = await s.map(
      Array.from({ length: 6 }, (_, i) => async (session: Session) => {
        const [a, b] = await Promise.all([session.get(`/${i}`), session.get(`/${i}`)]);
        return `${await a.text()}|${await b.text()}`;
      }),
    );
    expect(twice).toHaveLength(6);
    expect(handler.peak).toBeLessThanOrEqual(2);
    expect(server.peakSockets).toBeLessThanOrEqual(2);
  });

  it('one failed call is rejected in its place; the others are fulfilled, and nothing runs on after', async () => {
    const handler = countingHandler();
    const server = await h.server(handler);
    const s = h.session(server.origin, { connections: 3 });
    const calls: MapCall<string>[] = Array.from({ length: 9 }, (_, i) => (session: Session) => session.get(`/${i}`).then(text));
    calls[2] = () => {
      throw new Error('thrown by the caller');
    };
    // A POST, so the runtime does not quietly resend it on a fresh connection.
    calls[5] = (session) => session.post('/drop', { body: 'x' }).then(text);
    const results = await s.map(calls, { size: 3 });
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect((results[2] as PromiseRejectedResult).reason).toEqual(new Error('thrown by the caller'));
    expect((results[5] as PromiseRejectedResult).reason).toBeInstanceOf(ConnectionError);
    expect((results[8] as PromiseFulfilledResult<string>).value).toBe('answer /8');
    // Everything had finished when map resolved: nothing in flight, no request arrives later.
    expect(handler.inFlight).toBe(0);
    const arrived = server.received.length;
    expect(server.received.map((r) => r.url).sort()).toEqual(['/0', '/1', '/3', '/4', '/6', '/7', '/8', '/drop']);
    await sleep(150);
    expect(server.received).toHaveLength(arrived);
  });

  it('pulls an async generator of 10,000 items only as calls finish, not all up front', async () => {
    const held = gate();
    let heldCount = 0;
    const server = await h.server(async (_request, response) => {
      heldCount++;
      await held.wait;
      response.end('held');
    });
    const s = h.session(server.origin, { connections: 4 });
    let pulled = 0;
    async function* calls(): AsyncGenerator<MapCall<string>> {
      for (let i = 0; i < 10_000; i++) {
        pulled++;
        // The first few go to the server and wait there; the rest are cheap.
        yield i < 4 ? (session: Session) => session.get(`/${i}`).then(text) : () => `local ${i}`;
      }
    }
    const mapped = s.map(calls(), { size: 4 });
    await eventually(() => heldCount === 4, 'the first four calls at the server');
    await sleep(50);
    // While the first four are in flight, the generator has been pulled only for them (plus a little).
    expect(pulled).toBeLessThanOrEqual(4 + 2);
    held.open();
    const results = await mapped;
    expect(pulled).toBe(10_000);
    expect(results).toHaveLength(10_000);
    expect(results[0]).toEqual({ status: 'fulfilled', value: 'held' });
    expect(results[3]).toEqual({ status: 'fulfilled', value: 'held' });
    expect(results[9_999]).toEqual({ status: 'fulfilled', value: 'local 9999' });
    expect(results.every((r, i) => r.status === 'fulfilled' && r.value === (i < 4 ? 'held' : `local ${i}`))).toBe(true);
  });

  it('takes a sync generator too, and refuses a size below 1', async () => {
    const server = await h.server((request, response) => void response.end(request.url));
    const s = h.session(server.origin, { connections: 2 });
    function* calls(): Generator<MapCall<SessionResponse>> {
      for (let i = 0; i < 5; i++) yield { path: `/${i}` };
    }
    const results = await s.map(calls(), { size: 2 });
    const texts = await Promise.all(results.map((r) => (r as PromiseFulfilledResult<SessionResponse>).value.text()));
    expect(texts).toEqual(['/0', '/1', '/2', '/3', '/4']);
    expect(await rejection(s.map([], { size: 0 }))).toBeInstanceOf(InvalidOptionError);
  });
});
