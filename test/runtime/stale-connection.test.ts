import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { ConnectionError, Session } from '../../runtime/index.js';

/**
 * A server that answers the first request on each socket (keep-alive) and destroys the socket when a
 * second request arrives on it: what a peer closing an idle connection just as it is reused looks like.
 */
async function startOneShotServer(): Promise<{ origin: string; server: Server; requests: string[]; sockets: () => number; close: () => Promise<void> }> {
  const requests: string[] = [];
  const open = new Set<Socket>();
  let sockets = 0;
  const server = createServer((socket) => {
    sockets++;
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    let answered = false;
    let buffer = '';
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      const end = buffer.indexOf('\r\n\r\n');
      if (end === -1) return;
      const head = buffer.slice(0, end);
      const length = Number(/content-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      if (buffer.length < end + 4 + length) return;
      buffer = buffer.slice(end + 4 + length);
      requests.push(head.split('\r\n', 1)[0]!);
      if (answered) {
        socket.destroy();
        return;
      }
      answered = true;
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    server,
    requests,
    sockets: () => sockets,
    close: async () => {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('a kept-alive connection closed by the peer as it is reused', () => {
  let stop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await stop?.();
    stop = undefined;
  });

  test('an idempotent call goes again on a new connection and succeeds', async () => {
    const server = await startOneShotServer();
    const session = new Session(server.origin);
    stop = async () => {
      await session.close();
      await server.close();
    };
    expect(await (await session.get('/first')).text()).toBe('ok');
    expect(await (await session.get('/second')).text()).toBe('ok');
    // The second GET was seen twice: once on the stale socket, once on a new one.
    expect(server.requests).toEqual(['GET /first HTTP/1.1', 'GET /second HTTP/1.1', 'GET /second HTTP/1.1']);
    expect(server.sockets()).toBe(2);
  });

  test('a POST is not resent silently: the call fails with ConnectionError and the session still works', async () => {
    const server = await startOneShotServer();
    const session = new Session(server.origin);
    stop = async () => {
      await session.close();
      await server.close();
    };
    await (await session.get('/first')).text();
    await expect(session.post('/order', { json: { item: 1 } })).rejects.toBeInstanceOf(ConnectionError);
    expect(server.requests.filter((line) => line.startsWith('POST'))).toHaveLength(1);
    expect(await (await session.get('/after')).text()).toBe('ok');
  });

  test('a POST with an Idempotency-Key is safe to send twice: it goes again on a new connection', async () => {
    const server = await startOneShotServer();
    const session = new Session(server.origin, { idempotencyKey: () => 'order-1' });
    stop = async () => {
      await session.close();
      await server.close();
    };
    await (await session.get('/first')).text();
    expect(await (await session.post('/order', { json: { item: 1 } })).text()).toBe('ok');
    expect(server.requests.filter((line) => line.startsWith('POST'))).toEqual(['POST /order HTTP/1.1', 'POST /order HTTP/1.1']);
    expect(server.sockets()).toBe(2);
  });
});
