import { describe, expect, it } from 'vitest';
import { ParseError } from '../../runtime/index.js';
import { rejection, useHarness } from '../helpers/harness.js';
import { OK, startRawServer } from './raw-server.js';
import type { RawServer } from './raw-server.js';

/** Issue 10, item 1: 1xx responses come before the final one and are never taken for it. */
const h = useHarness();

async function raw(write: (path: string) => string): Promise<RawServer> {
  const server = await startRawServer((socket, request) => socket.write(write(request.target)));
  h.defer(() => server.close());
  return server;
}

const FINAL = 'HTTP/1.1 200 OK\r\nX-Final: yes\r\nContent-Length: 5\r\n\r\nfinal';

describe('informational (1xx) responses', () => {
  it('103 Early Hints before the 200 is skipped: the call gets the 200, its headers and body', async () => {
    const server = await raw(() => 'HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n' + FINAL);
    const s = h.session(server.origin);
    const response = await s.get('/');
    expect(response.status).toBe(200);
    expect(response.headers['x-final']).toBe('yes');
    expect(response.headers['link']).toBeUndefined();
    expect(await response.text()).toBe('final');
  });

  it('102 Processing, then two 103s, then the 200: all skipped, and the connection serves the next call', async () => {
    const server = await raw(() => 'HTTP/1.1 102 Processing\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: <a>\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: <b>\r\n\r\n' + FINAL);
    const s = h.session(server.origin);
    const first = await s.get('/1');
    expect([first.status, await first.text()]).toEqual([200, 'final']);
    const second = await s.get('/2');
    expect([second.status, await second.text()]).toEqual([200, 'final']);
    expect(server.totalSockets).toBe(1);
  });

  it('an unsolicited 100 Continue (undici refuses it) fails with a ParseError, not a retried ConnectionError', async () => {
    const server = await raw((path) => (path === '/ok' ? OK : 'HTTP/1.1 100 Continue\r\n\r\n' + FINAL));
    const s = h.session(server.origin, { retry: { limit: 3, backoff: 1 } });
    const error = await rejection(s.get('/continue'));
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).message).toMatch(/100 Continue/);
    expect(server.received.filter((r) => r.target === '/continue')).toHaveLength(1);
    expect((await s.get('/ok')).status).toBe(200);
  });
});
