import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';

/** One request as the raw server parsed it. */
export interface RawRequest {
  readonly method: string;
  readonly target: string;
  readonly head: string;
  readonly body: string;
  /** Which socket (numbered from 1) carried it, and the how-manieth request on that socket (from 1). */
  readonly socket: number;
  readonly onSocket: number;
}

/** What the server does with a request: write whatever it likes to the socket, or nothing. */
export type RawBehaviour = (socket: Socket, request: RawRequest) => void;

/**
 * A node:net server that speaks just enough HTTP/1.1 to read requests (head + Content-Length body)
 * and lets each test write anything back: half a status line, a reset, a lying Content-Length.
 */
export interface RawServer {
  readonly origin: string;
  readonly received: RawRequest[];
  openSockets(): number;
  readonly peakSockets: number;
  readonly totalSockets: number;
  close(): Promise<void>;
}

export const OK = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok';

export async function startRawServer(behaviour: RawBehaviour): Promise<RawServer> {
  const received: RawRequest[] = [];
  const open = new Set<Socket>();
  let total = 0;
  let peak = 0;
  const server: Server = createServer((socket) => {
    const id = ++total;
    open.add(socket);
    // Gone once the client has closed its side (FIN or RST), not only when this side has caught up.
    const gone = (): boolean => open.delete(socket);
    socket.on('end', gone);
    socket.on('error', gone);
    socket.on('close', gone);
    let buffer = '';
    let count = 0;
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      for (;;) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end === -1) return;
        const head = buffer.slice(0, end);
        const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
        if (buffer.length < end + 4 + length) return;
        const body = buffer.slice(end + 4, end + 4 + length);
        buffer = buffer.slice(end + 4 + length);
        const [method = '', target = ''] = head.split('\r\n', 1)[0]!.split(' ');
        const request: RawRequest = { method, target, head, body, socket: id, onSocket: ++count };
        received.push(request);
        // Counted when a request arrives, by then a socket the client closed before connecting
        // this one has been seen to close too; one still open (idle or busy) is counted.
        peak = Math.max(peak, open.size);
        if (!socket.destroyed) behaviour(socket, request);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    openSockets: () => open.size,
    get peakSockets() {
      return peak;
    },
    get totalSockets() {
      return total;
    },
    close: async () => {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Writes `text` one slice of `step` characters every `ms`, until it is all out or the socket closes. */
export function trickle(socket: Socket, text: string, step: number, ms: number): void {
  let at = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || at >= text.length) {
      clearInterval(timer);
      return;
    }
    socket.write(text.slice(at, at + step));
    at += step;
  }, ms);
  socket.on('close', () => clearInterval(timer));
}
