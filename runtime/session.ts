import type { CookieJar } from 'tough-cookie';
import { deliver, deliveringCall, started } from './api-call.js';
import type { ApiCall } from './api-call.js';
import { toAuthHandler } from './auth.js';
import { milliseconds, wholeNumber } from './check.js';
import type { AuthHandler } from './auth.js';
import { encodeBody } from './body.js';
import type { WireBody } from './body.js';
import { cookieHeader, newCookieJar, storeCookies } from './cookies.js';
import { ACCEPT_ENCODING, DEFAULT_MAX_DECODED } from './decode.js';
import { deadlineFor } from './deadline.js';
import type { Deadline, DeadlineListener } from './deadline.js';
import { InvalidOptionError, RedirectError, SessionClosedError } from './errors.js';
import type { HTTPError } from './errors.js';
import { acceptOf } from './events.js';
import { exchange } from './exchange.js';
import type { ExchangeRequest, Exchanged } from './exchange.js';
import { callHasHeader, checkHeaders, copyHeaders, hasHeader, isToken, mergeHeaders, setOptionHeader } from './headers.js';
import type { OutgoingHeaders } from './headers.js';
import { describeValue, hasHooks, isPreparedRequest, runHooks } from './hooks.js';
import type { Hooks, PreparedRequest } from './hooks.js';
import { addIdempotencyKey, hasIdempotencyKey, setIdempotencyKey, toKeyMaker } from './idempotency.js';
import type { KeyMaker } from './idempotency.js';
import { mapSettled } from './map.js';
import { PagedCall } from './paged-call.js';
import type { PageRule } from './paging.js';
import type { MapOptions } from './map.js';
import type { HttpMethod, ParamMap, HeaderMap, RequestOptions, SessionOptions } from './options.js';
import { ConnectionPool, RATE_LIMITED, Waiter } from './pool.js';
import { toProxyRoutes } from './proxy.js';
import { toRateLimiter } from './rate-limit.js';
import type { RateLimiter } from './rate-limit.js';
import type { Lease } from './pool.js';
import { redirectLocation, redirectedHeaders, redirectedMethod } from './redirect.js';
import type { ResponseReader } from './readers.js';
import { bodyOfResponse } from './response.js';
import type { SessionResponse } from './response.js';
import { IDEMPOTENT_METHODS, retriesError, retriesStatus, retryDelay, sleep, toRetryPolicy } from './retry.js';
import type { RetryPolicy } from './retry.js';
import { checkSecurity, SchemeAuth } from './security.js';
import type { Security } from './security.js';
import { serverKey, Servers } from './servers.js';
import { buildQuery, hasScheme, parseBase, resolveTarget } from './url.js';
import type { ParsedBase } from './url.js';
import { failureLine, requestLine, responseLine, showRequest, toLogLine } from './verbose.js';
import type { LogLine } from './verbose.js';

/** The first argument of a call: a full URL, a path, or the options themselves. */
export type CallTarget = string | URL | RequestOptions;

/** One item for `map`: a function of the session, or a request's options (with `method` and `url` if not GET to the base). */
export type MapCall<T> = ((session: Session) => T | PromiseLike<T>) | (RequestOptions & { method?: HttpMethod; url?: string });

const DEFAULT_MAX_REDIRECTS = 10;
const NO_REDIRECTS: readonly string[] = Object.freeze([]);
const NO_COUNTS = Object.freeze({ retry: 0, redirect: 0 });
// Answering a challenge twice covers one `stale=true` nonce refresh; more would be a loop.
const MAX_CHALLENGES = 2;

const KNOWN_METHODS: ReadonlySet<unknown> = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']);

function checkMethod(method: unknown): string {
  if (KNOWN_METHODS.has(method)) return method as string;
  if (typeof method !== 'string' || !isToken(method)) {
    throw new InvalidOptionError('method', `expected an HTTP method such as GET; got ${JSON.stringify(method)}`);
  }
  return method.toUpperCase();
}

const NO_OPTIONS: RequestOptions = Object.freeze({});

/** A request that means the same when sent twice: its method says so, or its Idempotency-Key does. */
function resendable(request: PreparedRequest): boolean {
  return IDEMPOTENT_METHODS.has(request.method) || hasIdempotencyKey(request.headers);
}

/** What auth returned, when it is nothing or a request: anything else is named as auth's doing. */
function checkAuthResult(value: PreparedRequest | void | undefined): PreparedRequest | undefined {
  if (value === undefined || isPreparedRequest(value)) return value ?? undefined;
  throw new InvalidOptionError('auth', `the auth function returned ${describeValue(value)}; return the request (changed) or nothing`);
}

function toDecompress(decompress: SessionOptions['decompress']): number | undefined {
  if (decompress === false) return undefined;
  if (decompress === undefined || decompress === true) return DEFAULT_MAX_DECODED;
  if (typeof decompress !== 'object' || decompress === null) {
    throw new InvalidOptionError('decompress', `expected true, false or { maxSize }; got ${String(decompress)}`);
  }
  return wholeNumber('decompress.maxSize', decompress.maxSize, DEFAULT_MAX_DECODED, 1);
}

/** Splits `(target?, options?)` into the URL (if the target is one), the path (given either way) and the options. */
function splitArguments(target: CallTarget | undefined, options: RequestOptions | undefined): [url: string | undefined, path: string | undefined, options: RequestOptions] {
  if (target === undefined || (typeof target === 'object' && !(target instanceof URL))) {
    if (target !== undefined && options !== undefined) throw new InvalidOptionError('options', 'give the options once');
    const call = target ?? options ?? NO_OPTIONS;
    return [undefined, call.path, call];
  }
  const call = options ?? NO_OPTIONS;
  const text = target instanceof URL ? target.href : target;
  if (hasScheme(text)) return [text, call.path, call];
  if (call.path !== undefined) throw new InvalidOptionError('path', 'a path was given both as the first argument and as options.path');
  return [undefined, text, call];
}

/** The origin part of an absolute URL as the runtime writes them (`scheme://host[:port]`). */
function splitUrl(url: string): [origin: string, path: string] {
  const parsed = new URL(url);
  return [parsed.origin, parsed.pathname + parsed.search];
}

/**
 * A Session call waiting for a connection: the pool's waiter and the call in one object. Served,
 * it runs the call and settles the call's promise; failed or timed out in the queue, it rejects it.
 */
class QueuedCall extends Waiter {
  constructor(
    pool: ConnectionPool,
    readonly run: (queued: QueuedCall, lease: Lease | undefined, error: unknown) => Promise<unknown>,
    readonly plan: CallPlan,
    readonly sink: ApiCall<unknown> | undefined,
    resolve: (value: unknown) => void,
    reject: (reason: unknown) => void,
  ) {
    super(pool, plan.origin, false, plan.deadline, resolve, reject);
  }

  override serve(lease: Lease): void {
    this.deadline?.unlisten(this);
    this.run(this, lease, undefined).then(this.resolve as (value: unknown) => void, this.reject);
  }

  protected override failWith(error: Error): void {
    this.run(this, undefined, error).then(this.resolve as (value: unknown) => void, this.reject);
  }
}

/** Everything about one call that stays the same across its redirects and retries. */
interface CallPlan {
  readonly origin: string;
  readonly callCookies: Record<string, string> | undefined;
  readonly auth: AuthHandler | undefined;
  readonly retry: RetryPolicy | undefined;
  readonly maxRedirects: number;
  readonly hooks: Hooks | undefined;
  readonly deadline: Deadline | undefined;
  readonly timeout: number | undefined;
  /** The call's first request (also its RequestInfo: method and url). */
  readonly first: Hop;
}

/** One request of a call: the first, or one after a redirect or retry. */
interface Hop {
  readonly method: string;
  readonly url: string;
  readonly origin: string;
  readonly path: string;
  /** Without cookies and auth: those are added per hop, as its origin allows. */
  readonly headers: OutgoingHeaders;
  readonly body: WireBody;
  readonly replayable: boolean;
  /** Still on the call's own origin: credentials may be sent. Once false, it stays false. */
  readonly trusted: boolean;
  /** A request already signed (an answer to an auth challenge): sent as it is. */
  readonly signed?: PreparedRequest;
}

/**
 * The session's protected calls, for the resource objects of a generated client
 * (runtime/resource-base.ts): they sit beside the client, not under it, and users should not see
 * `callApi` on either. Set by Session's static block, so it is there before any session exists.
 */
export interface SessionCalls {
  callApi<T, E extends HTTPError>(session: Session, method: HttpMethod, target: string, options: RequestOptions, reader: ResponseReader<T>): ApiCall<T, E>;
  callPaged<Page, Item, E extends HTTPError>(session: Session, method: HttpMethod, target: string, options: RequestOptions, reader: ResponseReader<Page>, rule: PageRule): PagedCall<Page, Item, E>;
}

export let sessionCalls: SessionCalls;

/**
 * A long-lived HTTP session: one bounded connection pool, headers and query parameters merged
 * into every call, cookies kept between calls, and base location + endpoint + path joined one way.
 */
export class Session implements AsyncDisposable {
  /** Sent with every call; a call's own headers win, and its `null` drops one for that call. */
  headers: HeaderMap;
  /** Query parameters added to every call, merged like headers. */
  params: ParamMap;
  /** Joined between the base location and every path. */
  endpoint: string;
  /** Run on every call, before the call's own hooks. */
  hooks: Hooks;
  /** The cookie jar, when the session persists cookies. */
  readonly cookies: CookieJar | undefined;
  #baseLocation: string | undefined;
  #base: ParsedBase | undefined;
  readonly #pool: ConnectionPool;
  readonly #connections: number;
  readonly #keepAlive: boolean;
  readonly #timeout: number | undefined;
  readonly #signal: AbortSignal | undefined;
  readonly #auth: AuthHandler | undefined;
  readonly #schemeAuth: SchemeAuth | undefined;
  readonly #security: Security | undefined;
  readonly #servers: Servers;
  /** The document's own server (`documentServer`), as servers are compared, and its origin. */
  readonly #documentServer: { readonly key: string; readonly origin: string } | undefined;
  /** Whether the base location is still the document's own, unmapped: operations' own servers are then used as they are. */
  #onDocument = false;
  readonly #retry: RetryPolicy | undefined;
  readonly #maxRedirects: number;
  readonly #log: LogLine | undefined;
  /** The most decoded bytes kept from a compressed body; undefined when bodies are left as sent. */
  readonly #decompress: number | undefined;
  readonly #idempotencyKey: KeyMaker | undefined;
  readonly #rateLimiter: RateLimiter | undefined;
  /** Calls waiting out a retry's backoff: close() wakes them at once. */
  readonly #sleepers = new Set<DeadlineListener>();
  #closed = false;

  constructor(baseLocation?: string | SessionOptions, options?: SessionOptions) {
    if (typeof baseLocation === 'object' && options !== undefined) throw new InvalidOptionError('options', 'give the options once');
    const settings: SessionOptions = typeof baseLocation === 'object' ? baseLocation : { ...options, baseLocation: baseLocation ?? options?.baseLocation };
    this.headers = { ...settings.headers };
    this.params = { ...settings.params };
    this.endpoint = settings.endpoint ?? '';
    this.hooks = { ...settings.hooks };
    this.#servers = new Servers(settings.servers);
    this.#documentServer = settings.documentServer === undefined ? undefined : { key: serverKey('documentServer', settings.documentServer), origin: parseBase('documentServer', settings.documentServer).origin };
    this.baseLocation = settings.baseLocation;
    this.#keepAlive = settings.keepAlive ?? true;
    this.#timeout = milliseconds('timeout', settings.timeout);
    this.#signal = settings.signal;
    this.#auth = toAuthHandler(settings.auth);
    this.#schemeAuth = settings.authSchemes === undefined ? undefined : new SchemeAuth(settings.authSchemes);
    this.#security = settings.security === undefined ? undefined : checkSecurity('security', settings.security);
    this.#retry = toRetryPolicy(settings.retry);
    this.#maxRedirects = wholeNumber('maxRedirects', settings.maxRedirects, DEFAULT_MAX_REDIRECTS, 0);
    this.#log = toLogLine(settings.verbose);
    this.#decompress = toDecompress(settings.decompress);
    this.#idempotencyKey = toKeyMaker(settings.idempotencyKey);
    const persist = settings.persistCookies ?? false;
    this.cookies = persist === false ? undefined : persist === true ? newCookieJar() : persist;
    this.#connections = wholeNumber('connections', settings.connections, 1, 1);
    this.#rateLimiter = toRateLimiter(settings.rateLimit);
    this.#pool = new ConnectionPool({
      limit: this.#connections,
      keepAlive: this.#keepAlive,
      connectOptions: settings.tls === undefined ? undefined : { ...settings.tls },
      rateLimiter: this.#rateLimiter,
      proxy: toProxyRoutes(settings.proxy, settings.trustEnv),
    });
  }

  get baseLocation(): string | undefined {
    return this.#baseLocation;
  }

  set baseLocation(value: string | undefined) {
    // A `servers` entry for the base location itself moves every call; one for the document's whole
    // first server (base location and endpoint, OpenAI's `https://api.openai.com/v1`) moves both.
    let mapped = value === undefined ? undefined : this.#servers.mapped(value, 'baseLocation');
    if (mapped === undefined && value !== undefined && this.endpoint.replace(/^\/+|\/+$/g, '') !== '') {
      mapped = this.#servers.mapped(`${value.replace(/\/+$/, '')}/${this.endpoint.replace(/^\/+/, '')}`, 'baseLocation');
      if (mapped !== undefined) this.endpoint = '';
    }
    this.#base = value === undefined ? undefined : mapped ?? parseBase('baseLocation', value);
    this.#onDocument = value !== undefined && mapped === undefined && serverKey('baseLocation', value) === this.#documentServer?.key;
    this.#baseLocation = value;
  }

  /** The most connections open at once. */
  get connections(): number {
    return this.#connections;
  }

  /** Connections open now (busy or idle), never more than `connections`. */
  get openConnections(): number {
    return this.#pool.open;
  }

  /** Calls waiting for a connection. */
  get queuedCalls(): number {
    return this.#pool.queued;
  }

  get closed(): boolean {
    return this.#closed;
  }

  get(target?: CallTarget, options?: RequestOptions): Promise<SessionResponse> {
    return this.request('GET', target, options);
  }

  head(target?: CallTarget, options?: RequestOptions): Promise<SessionResponse> {
    return this.request('HEAD', target, options);
  }

  post(target?: CallTarget, options?: RequestOptions): Promise<SessionResponse> {
    return this.request('POST', target, options);
  }

  put(target?: CallTarget, options?: RequestOptions): Promise<SessionResponse> {
    return this.request('PUT', target, options);
  }

  delete(target?: CallTarget, options?: RequestOptions): Promise<SessionResponse> {
    return this.request('DELETE', target, options);
  }

  options(target?: CallTarget, options?: RequestOptions): Promise<SessionResponse> {
    return this.request('OPTIONS', target, options);
  }

  patch(target?: CallTarget, options?: RequestOptions): Promise<SessionResponse> {
    return this.request('PATCH', target, options);
  }

  request(method: HttpMethod | (string & {}), target?: CallTarget, options?: RequestOptions): Promise<SessionResponse> {
    return this.#request(method, target, options, undefined) as Promise<SessionResponse>;
  }

  /**
   * A call; with `sink`, its response goes to `deliver(sink, response)` and the promise gives what
   * that returns. Not async: the options are checked and the request built at once, and a call
   * that must wait for a connection waits as one small object in the pool's queue (QueuedCall),
   * with no suspended frame or promise of its own, which matters with thousands queued.
   */
  #request(method: HttpMethod | (string & {}), target: CallTarget | undefined, options: RequestOptions | undefined, sink: ApiCall<unknown> | undefined): Promise<unknown> {
    let plan: CallPlan;
    try {
      const verb = checkMethod(method);
      // splitArguments, inline: no array per call.
      let url: string | undefined;
      let path: string | undefined;
      let call: RequestOptions;
      if (typeof target === 'string' && !hasScheme(target)) {
        call = options ?? NO_OPTIONS;
        if (call.path !== undefined) throw new InvalidOptionError('path', 'a path was given both as the first argument and as options.path');
        path = target;
      } else {
        [url, path, call] = splitArguments(target, options);
      }
      if (hasHooks('args', this.hooks, call.hooks)) return this.#requestWithArgsHooks(verb, url, path, call, sink);
      plan = this.#build(verb, url, path, call);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#start(plan, sink);
  }

  async #requestWithArgsHooks(verb: string, url: string | undefined, path: string | undefined, call: RequestOptions, sink: ApiCall<unknown> | undefined): Promise<unknown> {
    // Hooks see the path where the options keep it, however the caller gave it.
    const given = path === call.path ? call : { ...call, path };
    const args = await runHooks('args', this.hooks, call.hooks, { method: verb, url, options: given });
    return this.#start(this.#build(checkMethod(args.method), args.url, args.options.path, args.options), sink);
  }

  /** Checks every option and builds the first request: a bad option fails here, before the call can hold a connection. */
  #build(verb: string, url: string | undefined, path: string | undefined, call: RequestOptions): CallPlan {
    const timeout = milliseconds('timeout', call.timeout) ?? this.#timeout;
    const server = url === undefined && call.server !== undefined ? this.#serverFor(call.server) : undefined;
    const resolved = resolveTarget(server ?? this.#base, server === undefined ? this.endpoint : '', url, path, buildQuery(this.params, call.params));
    if (this.#closed) throw new SessionClosedError({ method: verb, url: resolved.url });
    const headers = mergeHeaders(this.headers, call.headers);
    if (call.accept !== undefined) setOptionHeader(headers, 'accept', 'accept', call.accept);
    const encoded = encodeBody(call);
    if (encoded.contentType !== undefined && !hasHeader(headers, 'content-type')) headers['content-type'] = encoded.contentType;
    if (encoded.length !== undefined) headers['content-length'] = String(encoded.length);
    if (this.#decompress !== undefined && !hasHeader(headers, 'accept-encoding')) headers['accept-encoding'] = ACCEPT_ENCODING;
    if (call.idempotencyKey !== undefined) setIdempotencyKey(call.idempotencyKey, headers);
    else if (this.#idempotencyKey !== undefined) addIdempotencyKey(this.#idempotencyKey, verb, resolved.url, headers);
    const auth = call.auth !== undefined ? toAuthHandler(call.auth) : this.#sessionAuth(call, resolved.origin, server?.origin);
    const retry = call.retry !== undefined ? toRetryPolicy(call.retry) : this.#retry;
    const maxRedirects = wholeNumber('maxRedirects', call.maxRedirects, this.#maxRedirects, 0);
    // The first hop is the call's RequestInfo too (its method and url), for the deadline's errors.
    const first: Hop = { method: verb, url: resolved.url, origin: resolved.origin, path: resolved.path, headers, body: encoded.body, replayable: encoded.replayable, trusted: true };
    const deadline = deadlineFor(first, timeout, this.#signal, call.signal);
    return { origin: resolved.origin, callCookies: call.cookies, auth, retry, maxRedirects, hooks: call.hooks, deadline, timeout, first };
  }

  /**
   * Where a call with the document's own `server` goes: the user's mapped URL; the server itself
   * while the session's base location is the document's and unmapped; else the session's base
   * location with the server's own path after it, so a client pointed elsewhere never reaches the
   * real host (the endpoint is not added: the server's path stands where it would).
   */
  #serverFor(server: string): ParsedBase | undefined {
    const mapped = this.#servers.mapped(server);
    if (mapped !== undefined) return mapped;
    const own = parseBase('server', server);
    if (this.#onDocument) return own;
    const user = this.#base;
    return user === undefined ? own : { ...user, pathname: user.pathname.replace(/\/+$/, '') + own.pathname };
  }

  /**
   * The session's own credentials for a call (its `auth`, else the schemes the call's `security`
   * chooses), sent only to an origin the document or the user named: the base location's, a
   * mapped server's, the document's server, the call's own server. A session that names no origin
   * at all (full URLs only) signs every call, as requests does.
   */
  #sessionAuth(call: RequestOptions, origin: string, serverOrigin: string | undefined): AuthHandler | undefined {
    const chosen = this.#auth ?? this.#schemeAuth?.choose(call.security === undefined ? (this.#security ?? []) : checkSecurity('security', call.security));
    if (chosen === undefined) return undefined;
    const named = this.#base !== undefined || this.#documentServer !== undefined || this.#servers.origins.size > 0 || serverOrigin !== undefined;
    if (!named) return chosen;
    const trusted = origin === this.#base?.origin || origin === serverOrigin || this.#servers.origins.has(origin) || origin === this.#documentServer?.origin;
    return trusted ? chosen : undefined;
  }

  /** Takes a connection now, or queues the call for one, then runs it. */
  #start(plan: CallPlan, sink: ApiCall<unknown> | undefined): Promise<unknown> {
    const { deadline, first } = plan;
    if (deadline?.aborted === true) return Promise.reject(this.#callFailed(deadline.reason, first, deadline));
    // Auth and preRequest hooks are user code that may call this same session (fetching a token
    // first): they run before the call takes a connection or a place in the queue, or the inner
    // call would wait for the very connection the outer one holds.
    if (plan.auth !== undefined || hasHooks('preRequest', this.hooks, plan.hooks)) return this.#run(plan, sink, undefined);
    let lease: ReturnType<ConnectionPool['take']>;
    try {
      lease = this.#pool.take(first.origin);
    } catch (error) {
      return Promise.reject(this.#callFailed(error, first, deadline));
    }
    if (lease !== undefined && lease !== RATE_LIMITED) return this.#run(plan, sink, lease);
    const limited = lease === RATE_LIMITED;
    return new Promise((resolve, reject) => this.#pool.wait(new QueuedCall(this.#pool, this.#runQueued, plan, sink, resolve, reject), limited));
  }

  /** A new connection for a re-send: one function per session. */
  readonly #freshLease = (origin: string, deadline: Deadline | undefined): Lease | Promise<Lease> => this.#pool.acquire(origin, deadline, true);

  /** What a QueuedCall runs once served: one function per session, so a queued call holds no closure. */
  readonly #runQueued = (queued: QueuedCall, lease: Lease | undefined, error: unknown): Promise<unknown> => {
    if (lease === undefined) return Promise.reject(this.#callFailed(error, queued.plan.first, queued.plan.deadline));
    return this.#run(queued.plan, queued.sink, lease);
  };

  /** A call that ended before its response: its deadline goes, and a bare SessionClosedError gets the call's method and URL. */
  #callFailed(error: unknown, first: Hop, deadline: Deadline | undefined): unknown {
    deadline?.dispose();
    return error instanceof SessionClosedError && error.url === undefined ? new SessionClosedError({ method: first.method, url: first.url }) : error;
  }

  /**
   * The call from its first hop (on `reserved`, the connection it waited for, when it has one) to
   * its response, handed to `sink` if there is one: hops are sent until one answers with a response
   * that is not a challenge, retry or redirect. One async frame per call, not one per layer.
   */
  async #run(plan: CallPlan, sink: ApiCall<unknown> | undefined, reserved: Lease | undefined): Promise<unknown> {
    const { deadline, first } = plan;
    let final: Exchanged;
    try {
      try {
        // The URLs redirected from so far: the shared empty list until the first redirect.
        let redirects: string[] = NO_REDIRECTS as string[];
        let hop = first;
        let retries = 0;
        let challenges = 0;
        for (;;) {
          const request = hop.signed ?? (this.#needsPreparing(hop, plan) ? await this.#prepare(hop, plan) : { method: hop.method, url: hop.url, headers: hop.headers, body: hop.body });
          const counts = this.#log !== undefined ? { retry: retries, redirect: redirects.length } : NO_COUNTS;
          // The policy while this hop may still be retried; undefined once it may not.
          const retry = hop.replayable && retries < (plan.retry?.limit ?? 0) ? plan.retry : undefined;
          const started = this.#log !== undefined ? performance.now() : 0;
          const shown = this.#log !== undefined ? showRequest(request, hop.trusted ? plan.auth : undefined) : undefined;
          this.#log?.(requestLine(shown!, counts));
          let exchanged: Exchanged;
          try {
            const lease = reserved;
            reserved = undefined;
            exchanged = await this.#send(request, hop, plan, redirects, lease);
          } catch (error) {
            this.#log?.(failureLine(shown!, error, started, counts));
            if (retry !== undefined && retriesError(retry, request, error)) {
              await sleep(retryDelay(retry, retries, undefined)!, plan.deadline, this.#sleepers);
              retries++;
              continue;
            }
            throw error;
          }
          const response = exchanged;
          this.#rateLimiter?.observe(response.status, response.headers);
          this.#log?.(responseLine(shown!, response.status, started, counts));
          if (hasHooks('postRequest', this.hooks, plan.hooks)) await runHooks('postRequest', this.hooks, plan.hooks, request);
          if (this.cookies !== undefined) await storeCookies(this.cookies, request.url, response.headers['set-cookie']);

          if (plan.auth?.challenge !== undefined && hop.trusted && challenges < MAX_CHALLENGES) {
            const answer = checkAuthResult(await plan.auth.challenge(request, response));
            if (answer !== undefined) {
              if (!hop.replayable) throw new RedirectError('the server asked for credentials, but the body is a stream and cannot be sent again', redirects, request);
              checkHeaders('auth', answer.headers);
              await response.dump();
              // The answer was built from headers prepared before the challenge; a cookie the 401 set
              // (servers that tie the challenge to it, as httpbin's require-cookie) must go with it.
              if (this.cookies !== undefined && this.#wantsCookies(hop, plan)) {
                const cookie = await cookieHeader(this.cookies, answer.url, hop.trusted ? plan.callCookies : undefined);
                if (cookie !== undefined) answer.headers['cookie'] = cookie;
              }
              challenges++;
              hop = { ...hop, signed: answer };
              continue;
            }
          }

          if (retry !== undefined && retriesStatus(retry, request, response.status, response.headers)) {
            const delay = retryDelay(retry, retries, response.headers['retry-after']);
            if (delay !== undefined) {
              await response.dump();
              await sleep(delay, plan.deadline, this.#sleepers);
              retries++;
              hop = { ...hop, signed: undefined };
              continue;
            }
          }

          const location = plan.maxRedirects > 0 ? redirectLocation(response.status, response.headers['location'], request, redirects) : undefined;
          if (location === undefined) {
            final = exchanged;
            break;
          }
          await response.dump();
          if (redirects.length >= plan.maxRedirects) {
            throw new RedirectError(`more than ${plan.maxRedirects} redirects`, [...redirects, request.url], request);
          }
          const { method, keepsBody } = redirectedMethod(response.status, request.method);
          if (keepsBody && hop.body !== null && !hop.replayable) {
            throw new RedirectError(`a ${response.status} redirect must send the body again, but it is a stream that can be sent once`, [...redirects, request.url], request);
          }
          if (redirects === NO_REDIRECTS) redirects = [];
          redirects.push(request.url);
          const [origin, path] = splitUrl(location);
          // Trust ends at the first hop off the call's origin (https to http changes the origin too).
          const trusted = hop.trusted && origin === plan.origin;
          hop = {
            method,
            url: location,
            origin,
            path,
            headers: redirectedHeaders(hop.headers, trusted, keepsBody),
            body: keepsBody ? hop.body : null,
            replayable: hop.replayable,
            trusted,
          };
        }
      } finally {
        // Unused when the call failed before sending (a hook or the jar threw).
        reserved?.release();
      }
    } catch (error) {
      throw this.#callFailed(error, first, deadline);
    }
    // The deadline covers the body too, so it ends only when the body has wholly arrived.
    if (deadline !== undefined) bodyOfResponse(final).whenDone(() => deadline.dispose());
    const response = hasHooks('response', this.hooks, plan.hooks) ? await runHooks('response', this.hooks, plan.hooks, final) : final;
    return sink === undefined ? response : deliver(sink, response);
  }

  #wantsCookies(hop: Hop, plan: CallPlan): boolean {
    return (this.cookies !== undefined || (hop.trusted && plan.callCookies !== undefined)) && !hasHeader(hop.headers, 'cookie');
  }

  /** Whether a hop gets anything added before it goes: most calls need nothing, and skip an await. */
  #needsPreparing(hop: Hop, plan: CallPlan): boolean {
    return this.#wantsCookies(hop, plan) || (plan.auth !== undefined && hop.trusted) || hasHooks('preRequest', this.hooks, plan.hooks);
  }

  /** The request for one hop: the jar's cookies for its URL, and (on the call's origin) its cookies, auth, and hooks. */
  async #prepare(hop: Hop, plan: CallPlan): Promise<PreparedRequest> {
    const wantsCookies = this.#wantsCookies(hop, plan);
    const signs = plan.auth !== undefined && hop.trusted;
    const hooked = hasHooks('preRequest', this.hooks, plan.hooks);
    const headers = copyHeaders(hop.headers);
    let request: PreparedRequest = { method: hop.method, url: hop.url, headers, body: hop.body };
    if (wantsCookies) {
      const cookie = await cookieHeader(this.cookies, hop.url, hop.trusted ? plan.callCookies : undefined);
      if (cookie !== undefined) headers['cookie'] = cookie;
    }
    if (signs) request = checkAuthResult(await plan.auth!.apply(request)) ?? request;
    if (hooked) request = await runHooks('preRequest', this.hooks, plan.hooks, request);
    request.method = checkMethod(request.method);
    checkHeaders(hooked ? 'hooks.preRequest' : 'auth', request.headers);
    return request;
  }

  /**
   * One exchange on `reserved` when it goes to the right origin, else on a connection acquired now.
   * Not async: a call that goes at once adds no promise of its own (a throw here is the caller's rejection).
   */
  #send(request: PreparedRequest, hop: Hop, plan: CallPlan, redirects: readonly string[], reserved: Lease | undefined): Promise<Exchanged> {
    let origin = hop.origin;
    let path = hop.path;
    if (request.url !== hop.url) {
      // A query appended (an API key): the path keeps its exact bytes, which parsing the URL could
      // change (it resolves `%2E%2E` segments, for one).
      if (request.url.startsWith(hop.url) && (request.url[hop.url.length] === '?' || request.url[hop.url.length] === '&')) path = hop.path + request.url.slice(hop.url.length);
      else [origin, path] = splitUrl(request.url);
    }
    if (this.#closed || plan.deadline?.aborted === true) {
      reserved?.release();
      throw this.#closed ? new SessionClosedError(request) : plan.deadline!.reason;
    }
    if (reserved !== undefined && reserved.origin !== origin) {
      reserved.release();
      reserved = undefined;
    }
    const exchangeRequest: ExchangeRequest = { method: request.method, url: request.url, path, headers: request.headers, body: request.body, timeout: plan.timeout, keepAlive: this.#keepAlive, redirects: redirects.length === 0 ? NO_REDIRECTS : [...redirects], decompress: this.#decompress, reset: !this.#keepAlive };
    if (reserved !== undefined) return this.#exchange(reserved, exchangeRequest, request, hop, plan);
    const acquired = this.#pool.acquire(origin, plan.deadline);
    if (acquired instanceof Promise) return acquired.then((lease) => this.#exchange(lease, exchangeRequest, request, hop, plan));
    return this.#exchange(acquired, exchangeRequest, request, hop, plan);
  }

  #exchange(lease: Lease, exchangeRequest: ExchangeRequest, request: PreparedRequest, hop: Hop, plan: CallPlan): Promise<Exchanged> {
    // A kept-alive connection the peer closed just as it was reused fails before any response.
    // An idempotent call goes again once on a new connection (the exchange does it, no promise
    // per call for it); anything else is not resent silently.
    return exchange(lease, exchangeRequest, plan.deadline, lease.reused && hop.replayable && resendable(request) ? this.#freshLease : undefined);
  }

  /**
   * Runs many calls, at most `size` at a time (never more than the session's connections), and
   * resolves to their settled results in input order. One failure loses no other result.
   */
  map<T = SessionResponse>(calls: Iterable<MapCall<T>> | AsyncIterable<MapCall<T>>, options: MapOptions = {}): Promise<PromiseSettledResult<T>[]> {
    const size = Math.min(options.size ?? this.#connections, this.#connections);
    return mapSettled(calls, size, async (call) => {
      if (typeof call === 'function') return call(this);
      const { method = 'GET', url, ...rest } = call;
      return this.request(method, url, rest) as Promise<T>;
    });
  }

  /**
   * What generated methods call. `target` is a path (already encoded) joined to baseLocation and
   * endpoint, or a full http(s) URL that replaces both (an API with another host for some paths);
   * `reader` turns a 2xx response into the result.
   */
  protected callApi<T, E extends HTTPError = HTTPError>(method: HttpMethod, target: string, options: RequestOptions, reader: ResponseReader<T>): ApiCall<T, E> {
    const call = deliveringCall<T, E>(reader);
    // A reader of event streams asks for them, like a fixed header of the method: under the call's own.
    const accept = acceptOf(reader);
    const asked = accept === undefined || options.accept !== undefined || callHasHeader(options.headers, 'accept') ? options : { ...options, accept };
    started(call as ApiCall<unknown>, this.#request(method, target, asked, call as ApiCall<unknown>));
    return call;
  }

  /**
   * What generated paged methods call: callApi's first page, plus iteration over every page that
   * `rule` finds, each request the same call with the page's query parameter set (or the `Link`
   * header's next URL as the target), sent through this session like any other call.
   */
  protected callPaged<Page, Item, E extends HTTPError = HTTPError>(method: HttpMethod, target: string, options: RequestOptions, reader: ResponseReader<Page>, rule: PageRule): PagedCall<Page, Item, E> {
    return new PagedCall<Page, Item, E>(rule, reader, target, options, (url, call) => this.request(method, url, call));
  }

  static {
    sessionCalls = {
      callApi: (session, method, target, options, reader) => session.callApi(method, target, options, reader),
      callPaged: (session, method, target, options, reader, rule) => session.callPaged(method, target, options, reader, rule),
    };
  }

  /** Closes every connection. Waiting and later calls reject with SessionClosedError. */
  async close(): Promise<void> {
    this.#closed = true;
    const sleepers = [...this.#sleepers];
    this.#sleepers.clear();
    for (const sleeper of sleepers) sleeper.onDeadline(new SessionClosedError());
    await this.#pool.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
