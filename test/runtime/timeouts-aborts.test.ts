import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { AbortError, ConnectionError, ParseError, SessionError, TimeoutError } from '../../runtime/index.js';
import type { Session } from '../../runtime/index.js';
import type { Handler } from '../helpers/server.js';
import { eventually, startServer } from '../helpers/server.js';
import { rejection, useHarness } from '../helpers/harness.js';

const h = useHarness();

const KINDS = [TimeoutError, AbortError, ConnectionError, ParseError] as const;

/** The error is a SessionError of exactly this one of the four kinds. */
function expectKind(error: unknown, kind: (typeof KINDS)[number]): void {
  expect(error).toBeInstanceOf(SessionError);
  for (const other of KINDS) expect(error instanceof other, `${(error as Error).name} instanceof ${other.name}`).toBe(other === kind);
}

/** `/hang` never answers, `/slow` answers after 300 ms, `/stall` sends part of a body and stops; the rest answer at once. */
const routes: Handler = (request, response) => {
  if (request.url === '/hang') return;
  if (request.url === '/slow') {
    setTimeout(() => response.end('slow'), 300);
    return;
  }
  if (request.url === '/stall') {
    response.setHeader('content-length', '100');
    response.write('only part');
    return;
  }
  response.end('fine');
};

async function stillWorks(s: Session, url = '/'): Promise<void> {
  expect(await (await s.get(url)).text()).toBe('fine');
}

/** A raw TCP server that answers every request with `reply` and closes. */
async function rawServer(reply: string): Promise<{ origin: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.once('data', () => socket.end(reply));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const raw = {
    origin: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  h.defer(() => raw.close());
  return raw;
}

describe('timeouts', () => {
  it('a session timeout rejects with TimeoutError, and the session still works', async () => {
    const server = await h.server(routes);
    const s = h.session(server.origin, { timeout: 150 });
    const error = await rejection(s.get('/hang'));
    expectKind(error, TimeoutError);
    expect((error as TimeoutError).timeout).toBe(150);
    expect((error as Error).message).toContain('/hang');
    await stillWorks(s);
  });

  it('a call timeout rejects with TimeoutError, and the session still works', async () => {
    const server = await h.server(routes);
    const s = h.session(server.origin);
    expectKind(await rejection(s.get('/hang', { timeout: 150 })), TimeoutError);
    await stillWorks(s);
    expect(server.openSockets()).toBeLessThanOrEqual(1);
  });

  it("a call's timeout wins over the session's", async () => {
    const server = await h.server(routes);
    const s = h.session(server.origin, { timeout: 100 });
    expect(await (await s.get('/slow', { timeout: 5000 })).text()).toBe('slow');
    expectKind(await rejection(s.get('/slow')), TimeoutError);
  });

  it('covers the body too: a body that stalls past the deadline fails its read with TimeoutError', async () => {
    const server = await h.server(routes);
    const s = h.session(server.origin);
    const response = await s.get('/stall', { timeout: 200 });
    expect(response.status).toBe(200);
    expectKind(await rejection(response.text()), TimeoutError);
    await stillWorks(s);
  });

  it('refuses a timeout that is not a positive number', async () => {
    const server = await h.server(routes);
    const s = h.session(server.origin);
    for (const timeout of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect((await rejection(s.get('/', { timeout }))) as Error).toHaveProperty('option', 'timeout');
    }
    expect(server.totalSockets).toBe(0);
  });
});

describe('aborts', () => {
  it("a call's signal rejects with AbortError carrying the reason, and the session still works", async () => {
    const server = await h.server(routes);
    const s = h.session(server.origin);
    const controller = new AbortController();
    const call = s.get('/hang', { signal: controller.signal });
    await eventually(() => server.received.length === 1, 'the call reached the server');
    controller.abort('stop');
    const error = await rejection(call);
    expectKind(error, AbortError);
    expect((error as AbortError).reason).toBe('stop');
    await stillWorks(s);
  });

  it('an already aborted signal sends nothing', async () => {
    const server = await h.server(routes);
    const s = h.session(server.origin);
    expectKind(await rejection(s.get('/', { signal: AbortSignal.abort() })), AbortError);
    expect(server.totalSockets).toBe(0);
    await stillWorks(s);
  });

  it('a session signal aborts its calls', async () => {
    const server = await h.server(routes);
    const controller = new AbortController();
    const s = h.session(server.origin, { signal: controller.signal });
    await stillWorks(s);
    const call = s.get('/hang');
    await eventually(() => server.received.length === 2, 'the call reached the server');
    controller.abort();
    expectKind(await rejection(call), AbortError);
    expectKind(await rejection(s.get('/')), AbortError);
  });

  it('AbortSignal.timeout as a call signal gives AbortError, told apart from the timeout option', async () => {
    const server = await h.server(routes);
    const s = h.session(server.origin);
    const error = await rejection(s.get('/hang', { signal: AbortSignal.timeout(100) }));
    expectKind(error, AbortError);
    expect((error as AbortError).reason).toBeInstanceOf(DOMException);
    await stillWorks(s);
  });
});

describe('connection and protocol failures', () => {
  it('a refused connection rejects with ConnectionError, and the session still works', async () => {
    const gone = await startServer();
    const deadOrigin = gone.origin;
    await gone.close();
    const server = await h.server(routes);
    const s = h.session(server.origin);
    const error = await rejection(s.get(deadOrigin + '/'));
    expectKind(error, ConnectionError);
    expect((error as ConnectionError).code).toBe('ECONNREFUSED');
    await stillWorks(s);
  });

  it('a server that drops the connection mid-response gives ConnectionError', async () => {
    const server = await h.server((request, response) => {
      if (request.url === '/drop') request.socket.destroy();
      else response.end('fine');
    });
    const s = h.session(server.origin);
    expectKind(await rejection(s.get('/drop')), ConnectionError);
    await stillWorks(s);
  });

  it.each([
    ['a bad status line', 'HTTP/1.1 abc\r\nContent-Length: 0\r\n\r\n'],
    ['not HTTP at all', 'SSH-2.0-OpenSSH\r\n\r\n'],
    ['a bad header', 'HTTP/1.1 200 OK\r\nBad Header\r\nContent-Length: 0\r\n\r\n'],
  ])('a server sending %s gives ParseError, and the session still works', async (_what, reply) => {
    const raw = await rawServer(reply);
    const server = await h.server(routes);
    const s = h.session(server.origin);
    const error = await rejection(s.get(raw.origin + '/'));
    expectKind(error, ParseError);
    expect((error as Error).message).toMatch(/invalid HTTP response/);
    await stillWorks(s);
  });
});
