import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../../runtime/index.js';
import type { HeaderMap } from '../../runtime/index.js';
import { rejection, useHarness } from '../helpers/harness.js';

/**
 * Issue 10, item 7: headers undici refuses fail as an InvalidOptionError naming the header, before
 * the call queues, never as a retried ConnectionError. The server counts what reached it: nothing.
 */
const h = useHarness();

const REFUSED: [string, HeaderMap][] = [
  ['Expect', { Expect: '100-continue' }],
  ['Connection', { Connection: 'keep-alive, "quoted"' }],
  ['Transfer-Encoding', { 'Transfer-Encoding': 'chunked' }],
  ['Upgrade', { Upgrade: 'websocket' }],
  ['Keep-Alive', { 'Keep-Alive': 'timeout=5' }],
  ['X-Name', { 'X-Name': '日本' }],
  ['X-Bell', { 'X-Bell': 'a\x07b' }],
  ['Content-Length', { 'Content-Length': ['1', '2'] }],
  ['Host', { Host: ['a.example', 'b.example'] }],
];

describe('headers undici refuses', () => {
  it.each(REFUSED)('%s: InvalidOptionError naming it, nothing sent, not retried, nothing queued', async (name, headers) => {
    const server = await h.server();
    const s = h.session(server.origin, { retry: { limit: 3, backoff: 1 } });
    const call = s.get('/', { headers });
    expect(s.queuedCalls + s.openConnections).toBe(0);
    const error = await rejection(call);
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe('headers');
    expect((error as Error).message).toContain(name);
    expect(server.received).toHaveLength(0);
    expect(server.totalSockets).toBe(0);
  });

  it('the same from session headers and from a preRequest hook, each naming where it came from', async () => {
    const server = await h.server();
    const fromSession = await rejection(h.session(server.origin, { headers: { Expect: '100-continue' } }).get('/'));
    expect((fromSession as InvalidOptionError).option).toBe('session headers');
    const s = h.session(server.origin, { retry: 3 });
    const fromHook = await rejection(s.get('/', { hooks: { preRequest: (request) => void (request.headers['upgrade'] = 'h2c') } }));
    expect(fromHook).toBeInstanceOf(InvalidOptionError);
    expect((fromHook as InvalidOptionError).option).toBe('hooks.preRequest');
    expect(server.received).toHaveLength(0);
  });

  it('what undici does take still goes: Connection: close, a single Content-Length, Host, Latin-1 values', async () => {
    const server = await h.server();
    const s = h.session(server.origin);
    const response = await s.post('/', { body: 'abc', headers: { Connection: 'close', 'Content-Length': '3', 'X-Latin': 'café' } });
    expect(response.status).toBe(200);
    await response.dump();
    expect(server.received[0]!.headers['x-latin']).toBe(Buffer.from('café', 'latin1').toString('latin1'));
    expect(server.received[0]!.body).toBe('abc');
  });
});
