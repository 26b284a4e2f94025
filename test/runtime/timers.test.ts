import { describe, expect, it } from 'vitest';
import { InvalidOptionError, SessionClosedError } from '../../runtime/index.js';
import { eventually } from '../helpers/server.js';
import { rejection, sleep, useHarness } from '../helpers/harness.js';

/**
 * Issue 10, items 5, 6 and 8: durations past what a timer holds are refused (never fire early),
 * Retry-After values that are neither delta-seconds nor a date fall back to backoff, and close()
 * ends a retry's wait at once.
 */
const h = useHarness();

const MAX = 2 ** 31 - 1;

describe('durations a timer cannot hold', () => {
  it('timeout: 2**31 is refused with an InvalidOptionError naming timeout, on the call and the session; nothing is sent', async () => {
    const server = await h.server();
    const s = h.session(server.origin);
    const error = await rejection(s.get('/', { timeout: 2 ** 31 }));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe('timeout');
    expect(() => h.session(server.origin, { timeout: 2 ** 40 })).toThrow(InvalidOptionError);
    expect(server.received).toHaveLength(0);
  });

  it('timeout: 2**31 - 1 is kept as asked: a reply after 100 ms arrives, no early timeout', async () => {
    const server = await h.server(async (_request, response) => {
      await sleep(100);
      response.end('late');
    });
    const s = h.session(server.origin, { timeout: MAX });
    expect(await (await s.get('/')).text()).toBe('late');
  });

  it.each(['backoff', 'maxBackoff', 'maxRetryAfter'])('retry.%s past 2**31 - 1 is refused with an InvalidOptionError', async (name) => {
    const server = await h.server();
    const s = h.session(server.origin);
    const error = await rejection(s.get('/', { retry: { limit: 1, [name]: 2 ** 32 } }));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe(`retry.${name}`);
    expect(server.received).toHaveLength(0);
  });
});

describe('Retry-After values that are not delta-seconds or a date', () => {
  it.each(['-5', '1.5', '+3', '1e3'])('Retry-After: %s is invalid and the retry waits its backoff instead of going at once', async (value) => {
    const times: number[] = [];
    const server = await h.server((_request, response) => {
      times.push(performance.now());
      if (times.length === 1) {
        response.statusCode = 503;
        response.setHeader('retry-after', value);
      }
      response.end();
    });
    const s = h.session(server.origin, { retry: { limit: 1, backoff: 400, maxBackoff: 400 } });
    expect((await s.get('/')).status).toBe(200);
    // Full jitter over [backoff/2, backoff]: at least 200 ms.
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(190);
  });

  it('a real HTTP date still counts, and whole seconds too', async () => {
    const server = await h.server((request, response) => {
      if (server.received.length % 2 === 1) {
        response.statusCode = 503;
        response.setHeader('retry-after', request.url === '/date' ? new Date(Date.now() - 1000).toUTCString() : '0');
      }
      response.end();
    });
    const s = h.session(server.origin, { retry: { limit: 1, backoff: 5000, maxBackoff: 5000 } });
    const started = performance.now();
    expect((await s.get('/date')).status).toBe(200);
    expect((await s.get('/seconds')).status).toBe(200);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('close() during a retry wait', () => {
  it('settles the waiting call at once with a SessionClosedError, whatever the Retry-After', async () => {
    const server = await h.server((_request, response) => {
      response.statusCode = 503;
      response.setHeader('retry-after', '30');
      response.end();
    });
    const s = h.session(server.origin, { retry: { limit: 2 } });
    const call = rejection(s.get('/wait'));
    await eventually(() => server.received.length === 1, 'the first try');
    await sleep(20);
    const started = performance.now();
    await s.close();
    const error = await call;
    expect(performance.now() - started).toBeLessThan(200);
    expect(error).toBeInstanceOf(SessionClosedError);
    expect((error as SessionClosedError).url).toBe(server.origin + '/wait');
    expect(server.received).toHaveLength(1);
  });

  it('also during a backoff after a connection error', async () => {
    const server = await h.server((request) => void request.socket.destroy());
    const s = h.session(server.origin, { retry: { limit: 2, backoff: 20_000, maxBackoff: 20_000 } });
    const call = rejection(s.get('/wait'));
    await eventually(() => server.received.length === 1, 'the first try');
    await sleep(50);
    const started = performance.now();
    await s.close();
    expect(await call).toBeInstanceOf(SessionClosedError);
    expect(performance.now() - started).toBeLessThan(200);
  });
});
