import { afterEach } from 'vitest';
import { Session } from '../../runtime/index.js';
import type { SessionOptions } from '../../runtime/index.js';
import { startServer } from './server.js';
import type { Handler, TestServer } from './server.js';

/**
 * Servers and sessions a test starts, all closed after each test (sessions first), so a failing
 * test cannot leave sockets behind for the next one.
 */
export interface Harness {
  server(handler?: Handler, host?: string): Promise<TestServer>;
  session(baseLocation?: string | SessionOptions, options?: SessionOptions): Session;
  /** Runs `close` after the test, before the servers close. */
  defer(close: () => unknown): void;
}

export function useHarness(): Harness {
  let closers: (() => unknown)[] = [];
  afterEach(async () => {
    const pending = closers.reverse();
    closers = [];
    for (const close of pending) {
      try {
        await close();
      } catch {
        // Clean-up of something the test already broke on purpose.
      }
    }
  });
  return {
    async server(handler, host) {
      const server = await startServer(handler, host);
      closers.push(() => server.close());
      return server;
    },
    session(baseLocation, options) {
      const session = new Session(baseLocation, options);
      closers.push(() => session.close());
      return session;
    },
    defer(close) {
      closers.push(close);
    },
  };
}

/** A handler that never answers: the request stays open until the client gives up. */
export const neverAnswer: Handler = () => undefined;

/** The origin of `server` spelled with `localhost`, a different origin on the same socket counter. */
export function localhostOrigin(server: TestServer): string {
  return `http://localhost:${server.port}`;
}

/** What `promise` rejects with; fails if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to reject, but it resolved');
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A promise the test resolves by hand: handlers `await gate.wait` to hold their answer until `gate.open()`. */
export interface Gate {
  readonly wait: Promise<void>;
  open(): void;
}

export function gate(): Gate {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { wait, open };
}
