import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import { AbortError, Session } from '../../runtime/index.js';
import { eventually } from '../helpers/server.js';

/** Accepts TCP connections and never answers a TLS handshake: every connect stays under way. */
async function startSilentTlsPeer(): Promise<{ origin: string; sockets: Socket[]; isOpen: (s: Socket) => boolean; close: () => Promise<void> }> {
  const sockets: Socket[] = [];
  const closed = new WeakSet<Socket>();
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
    // Read (and drop) the ClientHello, so the peer notices when the client closes.
    socket.resume();
    socket.on('close', () => closed.add(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `https://127.0.0.1:${port}`,
    sockets,
    isOpen: (socket) => !closed.has(socket),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

test('a call aborted while connecting ends its socket and frees its slot at once; its replacement never overlaps it', async () => {
  const peer = await startSilentTlsPeer();
  const session = new Session(peer.origin, { connections: 1 });
  cleanup = async () => {
    await session.close();
    await peer.close();
  };
  const first = new AbortController();
  const a = session.get('/a', { signal: first.signal });
  await eventually(() => peer.sockets.length === 1, 'the first connect reaches the peer');
  first.abort();
  await expect(a).rejects.toBeInstanceOf(AbortError);

  const second = new AbortController();
  const b = session.get('/b', { signal: second.signal });
  // The slot comes back well before undici's 10 s connect timeout would have ended the first socket.
  await eventually(() => peer.sockets.length === 2, 'the second call gets to connect', 2000);
  await eventually(() => !peer.isOpen(peer.sockets[0]!), 'the first socket is closed', 200);
  second.abort();
  await expect(b).rejects.toBeInstanceOf(AbortError);
  expect(session.openConnections).toBeLessThanOrEqual(1);
});
