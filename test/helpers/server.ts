import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** The body's bytes as they arrived. */
  readonly raw: Buffer;
  /** Which socket (numbered from 1 in the order they connected) carried the request. */
  readonly socket: number;
}

export type Handler = (request: IncomingMessage, response: ServerResponse, body: string) => void | Promise<void>;

/** A real node:http server on loopback that records what it received and counts its sockets. */
export interface TestServer {
  readonly origin: string;
  readonly port: number;
  readonly server: Server;
  readonly received: ReceivedRequest[];
  /** Sockets open right now. */
  openSockets(): number;
  /**
   * The most sockets the client held open at once, seen from here: taken one event-loop turn after
   * each accept, not counting sockets whose FIN or RST has already arrived (node:http lets go of a
   * closed socket a little later, so a prompt replacement would otherwise look like one too many).
   */
  readonly peakSockets: number;
  /** Sockets accepted since the server started. */
  readonly totalSockets: number;
  close(): Promise<void>;
}

const defaultHandler: Handler = (_request, response) => {
  response.setHeader('content-type', 'application/json');
  response.end('{"ok":true}');
};

export async function startServer(handler: Handler = defaultHandler, host = '127.0.0.1'): Promise<TestServer> {
  const received: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  const socketIds = new WeakMap<Socket, number>();
  let peak = 0;
  let total = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = raw.toString('utf8');
      received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body, raw, socket: socketIds.get(request.socket) ?? 0 });
      void Promise.resolve(handler(request, response, body)).catch((error: unknown) => {
        response.statusCode = 500;
        response.end(String(error));
      });
    });
  });
  server.keepAliveTimeout = 30_000;
  // Sockets the client has closed (its FIN or RST has arrived) but node:http has not yet let go of.
  const closedByClient = new WeakSet<Socket>();
  server.on('connection', (socket: Socket) => {
    total += 1;
    socketIds.set(socket, total);
    sockets.add(socket);
    socket.on('end', () => closedByClient.add(socket));
    socket.on('error', () => closedByClient.add(socket));
    socket.on('close', () => sockets.delete(socket));
    // Counted one event-loop turn after the accept: a client that closed one socket before opening
    // this one has its FIN or RST read by then, while a socket it really still holds sent neither.
    setImmediate(() => {
      let open = 0;
      for (const each of sockets) if (!closedByClient.has(each)) open++;
      peak = Math.max(peak, open);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const hostPart = host.includes(':') ? `[${host}]` : host;
  return {
    origin: `http://${hostPart}:${port}`,
    port,
    server,
    received,
    openSockets: () => sockets.size,
    get peakSockets() {
      return peak;
    },
    get totalSockets() {
      return total;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Waits until `check` holds, polling; fails the test after `ms` with `what`. */
export async function eventually(check: () => boolean, what: string, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
