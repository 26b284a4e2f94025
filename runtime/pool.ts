import { Socket } from 'node:net';
import { buildConnector, Client } from 'undici';
import { MAX_TIMER_MS } from './check.js';
import type { Deadline, DeadlineListener } from './deadline.js';
import { SessionClosedError } from './errors.js';
import { proxyConnector } from './proxy-connect.js';
import type { ProxyRoutes } from './proxy.js';
import type { RateLimiter } from './rate-limit.js';

export interface PoolOptions {
  /** Most clients (so most sockets) alive at once, across every origin. */
  readonly limit: number;
  /** False: a client is closed as soon as its call ends. */
  readonly keepAlive: boolean;
  /** How sockets are opened (TLS options, connect timeout); passed to undici's buildConnector. */
  readonly connectOptions?: buildConnector.BuildOptions;
  /** When a request may go: a connection is lent only when this allows, in the same FIFO order. */
  readonly rateLimiter?: RateLimiter;
  /** Which connections go through a proxy. */
  readonly proxy?: ProxyRoutes;
}

/** An http origin reached through a forwarding proxy: requests go in absolute form, with the proxy's credentials. */
export interface ForwardProxy {
  /** Prefixed to each request's path: `http://host:port`. */
  readonly origin: string;
  readonly authorization: string | undefined;
}

/** The sockets of one client: a retired client's slot is free once it is closed and none is left. */
interface SocketCount {
  open: number;
  readonly connecting: Set<Socket>;
  retired: boolean;
  closed: boolean;
}

/** One connection lent to one call until the call's response has fully arrived. */
export interface Lease {
  readonly client: Client;
  readonly origin: string;
  /** The connection served an earlier call; the peer may have closed it meanwhile. */
  readonly reused: boolean;
  /** Set when the connection goes to a forwarding proxy rather than to the origin. */
  readonly forward: ForwardProxy | undefined;
  /** The holder can give the connection back early (its body is unread): `drain` is called as soon as a call waits. */
  offerEarlyRelease(drain: () => void): void;
  /** Gives the connection back; `reusable: false` closes it (after an abort or a broken exchange). Safe to call twice. */
  release(reusable?: boolean): void;
}


/**
 * A connection pool for a whole session: at most `limit` undici Clients (each one socket) alive at
 * once whatever their origins, idle ones included. undici's own `connections` is per origin, so the
 * session-wide cap needs this layer. Callers that cannot be served wait in one FIFO queue; to serve
 * one, an idle connection to another origin is closed.
 */
export class ConnectionPool {
  readonly #options: PoolOptions;
  readonly #idle = new Map<string, Client[]>();
  // The clients lent out now. Clients, not leases: a client lives long (old space), so adding one
  // records no old-to-new pointer for the scavenger to walk, where a lease per call would.
  readonly #busy = new Set<Client>();
  /** Leases whose holders offered to give their connection back early (bodies paused unread): few. */
  readonly #offering = new Set<LeaseImpl>();
  #idleCount = 0;
  #open = 0;
  #retiring = 0;
  readonly #sockets = new WeakMap<Client, SocketCount>();
  readonly #forwards = new WeakMap<Client, ForwardProxy>();
  // A FIFO with a moving head; served slots are cleared at once so a served call is not kept alive.
  #waiters: (Waiter | undefined)[] = [];
  #waitersHead = 0;
  #closed = false;
  /** Wakes the queue when the rate limiter next lets a call go. Not unref'd: calls are waiting on it. */
  #wake: NodeJS.Timeout | undefined;

  constructor(options: PoolOptions) {
    this.#options = options;
  }

  get open(): number {
    return this.#open;
  }

  get queued(): number {
    return this.#waiters.length - this.#waitersHead;
  }

  /**
   * A connection to `origin`, now if one is free, else when one frees up; rejects if the deadline
   * passes first. `fresh` asks for a new connection rather than an idle one (whose peer may have closed it).
   */
  acquire(origin: string, deadline?: Deadline, fresh = false): Lease | Promise<Lease> {
    const lease = this.take(origin, fresh);
    if (lease !== undefined && lease !== RATE_LIMITED) return lease;
    return new Promise<Lease>((resolve, reject) => this.wait(new Waiter(this, origin, fresh, deadline, resolve, reject), lease === RATE_LIMITED));
  }

  /**
   * A connection to `origin` now, if one is free and nobody waits before this call; else
   * undefined (or RATE_LIMITED: the rate limit holds it back, not the connections), and the
   * caller waits with `wait`, at once. Throws SessionClosedError once closed.
   */
  take(origin: string, fresh = false): Lease | typeof RATE_LIMITED | undefined {
    if (this.#closed) throw new SessionClosedError();
    if (this.queued !== 0) return undefined;
    const limiter = this.#options.rateLimiter;
    const wait = limiter === undefined ? 0 : limiter.delay();
    if (wait !== 0) {
      this.#wakeIn(wait);
      return RATE_LIMITED;
    }
    const lease = this.#tryLease(origin, fresh);
    if (lease !== undefined) limiter?.take();
    return lease;
  }

  /** Queues `waiter` (FIFO) until a connection is free for it; `limited`: `take` said RATE_LIMITED. */
  wait(waiter: Waiter, limited: boolean): void {
    waiter.deadline?.listen(waiter);
    this.#waiters.push(waiter);
    // Waiting for the rate limit, not for a connection: unread bodies can stay where they are.
    if (!limited) this.#askForEarlyRelease();
  }

  /** A waiter whose deadline passed leaves the queue now, so `queued` counts only calls that still wait. */
  drop(waiter: Waiter): void {
    const index = this.#waiters.indexOf(waiter, this.#waitersHead);
    if (index !== -1) this.#waiters.splice(index, 1);
    // Nobody left to wake: a long hold must not keep the process alive.
    if (this.queued === 0) this.#stopWake();
  }

  #wakeIn(ms: number): void {
    this.#stopWake();
    // Rounded up: a timer that fires a fraction early would find the bucket still empty. A wait past
    // what a timer holds just checks again when it fires.
    this.#wake = setTimeout(() => {
      this.#wake = undefined;
      this.#serveWaiters();
    }, Math.min(Math.ceil(ms), MAX_TIMER_MS));
  }

  #stopWake(): void {
    if (this.#wake !== undefined) clearTimeout(this.#wake);
    this.#wake = undefined;
  }

  /** Closes every connection; waiting callers reject. In-flight calls are ended by destroying their sockets. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopWake();
    const waiters = this.#waiters.slice(this.#waitersHead);
    this.#waiters = [];
    this.#waitersHead = 0;
    for (const waiter of waiters) if (waiter !== undefined && !waiter.cancelled) waiter.fail(new SessionClosedError());
    const closing: Promise<void>[] = [];
    for (const clients of this.#idle.values()) for (const client of clients) closing.push(client.close());
    this.#idle.clear();
    this.#idleCount = 0;
    for (const client of this.#busy) closing.push(client.destroy(new SessionClosedError()));
    this.#busy.clear();
    this.#offering.clear();
    this.#open = 0;
    await Promise.allSettled(closing);
  }

  #tryLease(origin: string, fresh: boolean): LeaseImpl | undefined {
    const idle = this.#idle.get(origin);
    if (idle !== undefined && idle.length > 0) {
      this.#idleCount--;
      const client = idle.pop()!;
      if (!fresh) return this.#lend(client, origin, true);
      this.#retire(client, false);
    }
    if (this.#open >= this.#options.limit) {
      // Make room by closing an idle connection to another origin; the waiter is served once it has closed.
      if (this.#idleCount > 0 && this.#retiring === 0) this.#retire(this.#takeOldestIdle(), false);
      return undefined;
    }
    this.#open++;
    return this.#lend(this.#newClient(origin), origin, false);
  }

  #lend(client: Client, origin: string, reused: boolean): LeaseImpl {
    const forward = this.#options.proxy === undefined ? undefined : this.#forwards.get(client);
    const lease = new LeaseImpl(this, client, origin, reused, forward);
    this.#busy.add(client);
    return lease;
  }

  #takeOldestIdle(): Client {
    for (const [origin, clients] of this.#idle) {
      const client = clients.shift();
      if (client === undefined) continue;
      if (clients.length === 0) this.#idle.delete(origin);
      this.#idleCount--;
      return client;
    }
    throw new Error('no idle connection to take');
  }

  /** A client whose sockets are counted from the start of each connect to its `close`. */
  #newClient(origin: string): Client {
    const sockets: SocketCount = { open: 0, connecting: new Set(), retired: false, closed: false };
    const direct = buildConnector(this.#options.connectOptions ?? {});
    // A proxied connection is still one Client with one socket, opened by a connector that goes
    // through the proxy: the cap, the counting and the queue stay as they are (undici's ProxyAgent
    // would add its own pool of clients per origin beside this one).
    const proxy = this.#options.proxy?.route(origin);
    const connect = proxy === undefined ? direct : proxyConnector(direct, proxy, new URL(origin));
    const client = new Client(origin, {
      connect: (options, callback) => {
        sockets.open++;
        let counted = true;
        const gone = (): void => {
          if (!counted) return;
          counted = false;
          this.#socketGone(sockets);
        };
        // undici's connector returns the socket it starts (not in its types): kept so that a
        // connect still under way when its client is retired can be ended, not waited out.
        const started: unknown = connect(options, (...result) => {
          const [error, socket] = result;
          if (started instanceof Socket) sockets.connecting.delete(started);
          if (error !== null) gone();
          else socket.once('close', gone);
          callback(...result);
        });
        if (started instanceof Socket) {
          sockets.connecting.add(started);
          started.once('close', gone);
        }
      },
    });
    this.#sockets.set(client, sockets);
    if (proxy !== undefined && origin.startsWith('http:')) this.#forwards.set(client, { origin, authorization: proxy.authorization });
    return client;
  }

  /**
   * Closes a connection. Its slot stays taken until its socket has really closed, so the cap holds
   * for sockets, not just for clients: undici resolves `destroy()` at once while a socket is still
   * connecting, and a replacement must not open before that socket is gone.
   */
  #retire(client: Client, destroy: boolean): void {
    const sockets = this.#sockets.get(client)!;
    sockets.retired = true;
    this.#retiring++;
    for (const socket of sockets.connecting) socket.destroy();
    void (destroy ? client.destroy() : client.close())
      .catch(() => undefined)
      .then(() => {
        sockets.closed = true;
        this.#freeIfGone(sockets);
      });
  }

  #socketGone(sockets: SocketCount): void {
    sockets.open--;
    this.#freeIfGone(sockets);
  }

  #freeIfGone(sockets: SocketCount): void {
    if (!sockets.retired || !sockets.closed || sockets.open > 0 || this.#closed) return;
    sockets.retired = false;
    this.#retiring--;
    this.#open--;
    this.#serveWaiters();
  }

  /** Called by a lease; returns its client to the idle set or closes it, then serves the queue. */
  giveBack(lease: LeaseImpl, reusable: boolean): void {
    if (lease.released) return;
    lease.released = true;
    this.#busy.delete(lease.client);
    if (this.#offering.size !== 0) this.#offering.delete(lease);
    if (this.#closed) return;
    if (reusable && this.#options.keepAlive) {
      let idle = this.#idle.get(lease.origin);
      if (idle === undefined) this.#idle.set(lease.origin, (idle = []));
      idle.push(lease.client);
      this.#idleCount++;
    } else {
      this.#retire(lease.client, !reusable);
    }
    this.#serveWaiters();
  }

  #serveWaiters(): void {
    const limiter = this.#options.rateLimiter;
    while (this.#waitersHead < this.#waiters.length) {
      const waiter = this.#waiters[this.#waitersHead]!;
      if (waiter.cancelled) {
        this.#shiftWaiter();
        continue;
      }
      // The head waits for its turn under the rate limit and every call behind it waits too: FIFO.
      const wait = limiter === undefined ? 0 : limiter.delay();
      if (wait > 0) {
        this.#wakeIn(wait);
        return;
      }
      const lease = this.#tryLease(waiter.origin, waiter.fresh);
      if (lease === undefined) {
        this.#askForEarlyRelease();
        return;
      }
      limiter?.take();
      this.#shiftWaiter();
      waiter.serve(lease);
    }
  }

  #shiftWaiter(): void {
    this.#waiters[this.#waitersHead++] = undefined;
    if (this.#waitersHead === this.#waiters.length) {
      this.#waiters.length = 0;
      this.#waitersHead = 0;
    } else if (this.#waitersHead > 1024 && this.#waitersHead * 2 > this.#waiters.length) {
      // Drop the cleared front of a long-lived queue now and then.
      this.#waiters = this.#waiters.slice(this.#waitersHead);
      this.#waitersHead = 0;
    }
  }

  /** `lease` waits to be asked for its connection early (see offerEarlyRelease). */
  offering(lease: LeaseImpl): void {
    if (!lease.released && !this.#closed) this.#offering.add(lease);
  }

  #askForEarlyRelease(): void {
    if (this.#offering.size === 0) return;
    const offering = [...this.#offering];
    this.#offering.clear();
    for (const lease of offering) {
      const onWanted = lease.onWanted;
      if (onWanted !== undefined) {
        lease.onWanted = undefined;
        onWanted();
      }
    }
  }
}

class LeaseImpl implements Lease {
  onWanted: (() => void) | undefined = undefined;
  /** Given back: a second release does nothing. */
  released = false;
  readonly #pool: ConnectionPool;

  constructor(
    pool: ConnectionPool,
    readonly client: Client,
    readonly origin: string,
    readonly reused: boolean,
    readonly forward: ForwardProxy | undefined,
  ) {
    this.#pool = pool;
  }

  offerEarlyRelease(drain: () => void): void {
    if (this.#pool.queued > 0) drain();
    else {
      this.onWanted = drain;
      this.#pool.offering(this);
    }
  }

  release(reusable = true): void {
    this.onWanted = undefined;
    this.#pool.giveBack(this, reusable);
  }
}

/** What `take` returns when the rate limit, not a busy pool, keeps a call waiting. */
export const RATE_LIMITED = Symbol('rate limited');

/**
 * A call waiting in the queue. `serve` gets it its lease; `fail` (the pool closed) and
 * `onDeadline` (its deadline passed; it leaves the queue) end it. A subclass may take the lease
 * straight into its own work instead of resolving a promise (a queued Session call does).
 */
export class Waiter implements DeadlineListener {
  cancelled = false;

  constructor(
    readonly pool: ConnectionPool,
    readonly origin: string,
    readonly fresh: boolean,
    readonly deadline: Deadline | undefined,
    readonly resolve: (value: never) => void,
    readonly reject: (reason: unknown) => void,
  ) {}

  onDeadline(reason: Error): void {
    this.cancelled = true;
    this.pool.drop(this);
    this.failWith(reason);
  }

  serve(lease: Lease): void {
    this.deadline?.unlisten(this);
    (this.resolve as (lease: Lease) => void)(lease);
  }

  fail(error: Error): void {
    this.deadline?.unlisten(this);
    this.failWith(error);
  }

  protected failWith(error: Error): void {
    this.reject(error);
  }
}
