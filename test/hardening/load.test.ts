import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Session } from '../../runtime/index.js';
import { eventually, startServer } from '../helpers/server.js';
import type { TestServer } from '../helpers/server.js';

/**
 * Many callers through one session, bounded so `npm test` stays quick; `npm run stress` runs the
 * full 100,000 calls / 10,000 callers (bench/stress.mjs).
 */
const CALLS = 20_000;
const CALLERS = 2_000;
const CONNECTIONS = 10;

/** How many of the process's active resources are of each type (sockets, timers...). */
function resourceCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}

describe(`${CALLS} calls from ${CALLERS} concurrent callers through connections: ${CONNECTIONS}`, () => {
  let server: TestServer;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason);
  };

  beforeEach(async () => {
    server = await startServer((request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ url: request.url }));
    });
    process.on('unhandledRejection', onUnhandled);
  });

  /**
   * Closes the session, then checks that every socket closed and every timer ran its course or was
   * cleared: nothing keeps the process alive that was not there before the session existed.
   */
  async function closesCleanly(s: Session, before: Map<string, number>): Promise<void> {
    await s.close();
    expect(s.openConnections).toBe(0);
    await eventually(() => server.openSockets() === 0, 'the server sees every socket closed');
    const count = (counts: Map<string, number>, type: string): number => counts.get(type) ?? 0;
    await eventually(() => {
      const after = resourceCounts();
      return count(after, 'TCPSocketWrap') <= count(before, 'TCPSocketWrap') && count(after, 'Timeout') <= count(before, 'Timeout');
    }, `no leaked sockets or timers: before ${JSON.stringify([...before])}, after ${JSON.stringify([...resourceCounts()])}`);
    expect(unhandled).toEqual([]);
  }

  afterEach(async () => {
    process.off('unhandledRejection', onUnhandled);
    await server.close();
  });

  // The work is bounded (about 5 s on an idle 2-core box); the longer limit only keeps a loaded box from failing it.
  it('all succeed, the server never sees more than 10 sockets, and close() leaves no socket or timer behind', { timeout: 60_000 }, async () => {
    const before = resourceCounts();
    const s = new Session(server.origin, { connections: CONNECTIONS, timeout: 15_000 });
    let next = 0;
    let ok = 0;
    const failures: unknown[] = [];
    let peakQueued = 0;
    let peakOpen = 0;
    const caller = async (): Promise<void> => {
      while (next < CALLS) {
        const id = next++;
        try {
          const body = (await (await s.get(`/items/${id}`, { params: { n: id } })).json()) as { url: string };
          if (body.url === `/items/${id}?n=${id}`) ok++;
          else failures.push(new Error(`call ${id} got the answer for ${body.url}`));
        } catch (error) {
          failures.push(error);
        }
        peakQueued = Math.max(peakQueued, s.queuedCalls);
        peakOpen = Math.max(peakOpen, s.openConnections);
      }
    };
    await Promise.all(Array.from({ length: CALLERS }, caller));

    expect(failures).toEqual([]);
    expect(ok).toBe(CALLS);
    expect(server.received).toHaveLength(CALLS);
    expect(server.peakSockets).toBeLessThanOrEqual(CONNECTIONS);
    // The queue really was used: callers far outnumbered connections.
    expect(peakQueued).toBeGreaterThan(CONNECTIONS);
    expect(peakOpen).toBeLessThanOrEqual(CONNECTIONS);
    expect(s.queuedCalls).toBe(0);

    await closesCleanly(s, before);
  });

  it('callers that give up (timeouts, aborts) while queued leave no waiter, socket or timer behind', async () => {
    const before = resourceCounts();
    const s = new Session(server.origin, { connections: 2 });
    const controller = new AbortController();
    const calls = Array.from({ length: 2_000 }, (_, i) =>
      s.get(`/q/${i}`, i % 2 === 0 ? { timeout: 1 + (i % 50) } : { signal: controller.signal }).then((r) => r.text()),
    );
    controller.abort();
    const results = await Promise.allSettled(calls);
    const succeeded = results.filter((r) => r.status === 'fulfilled').length;
    expect(succeeded).toBeLessThan(calls.length);
    expect(s.queuedCalls).toBe(0);
    // The session still serves calls at full speed afterwards.
    await Promise.all(Array.from({ length: 200 }, async (_, i) => (await s.get(`/after/${i}`)).text()));
    expect(server.peakSockets).toBeLessThanOrEqual(2);
    await closesCleanly(s, before);
  });
});
