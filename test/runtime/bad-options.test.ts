import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../../runtime/index.js';
import type { RequestOptions } from '../../runtime/index.js';
import { rejection, useHarness } from '../helpers/harness.js';

const h = useHarness();

// Each is refused with an error naming its option; the one connection must not be lost to it.
const BAD_CALL_OPTIONS: [string, RequestOptions][] = [
  ['retry.limit', { retry: -1 }],
  ['retry.backoff', { retry: { limit: 1, backoff: -5 } }],
  ['maxRedirects', { maxRedirects: 1.5 }],
  ['auth', { auth: ['user'] as unknown as [string, string] }],
  ['timeout', { timeout: 0 }],
  ['json', { json: 10n }],
  ['path', { path: '//elsewhere.example/x' }],
];

describe('a call with a bad option', () => {
  it.each(BAD_CALL_OPTIONS)('%s: refused before anything is sent, and the session (connections: 1) goes on', async (option, call) => {
    const server = await h.server();
    const s = h.session(server.origin, { connections: 1 });
    const error = await rejection(s.get('/bad', call));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe(option);
    expect(server.totalSockets).toBe(0);
    const next = await s.get('/next', { timeout: 2000 });
    expect(next.status).toBe(200);
    await next.dump();
    expect(s.queuedCalls).toBe(0);
  });
});
