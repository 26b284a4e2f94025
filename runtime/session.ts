import type { CookieJar } from 'tough-cookie';
import { ApiCall } from './api-call.js';
import type { ResultKind } from './api-call.js';
import { encodeBody } from './body.js';
import { cookieHeader, newCookieJar, storeCookies } from './cookies.js';
import { deadlineFor } from './deadline.js';
import { InvalidOptionError, SessionClosedError } from './errors.js';
import { exchange } from './exchange.js';
import { hasHeader, mergeHeaders } from './headers.js';
import type { HeaderMap, HttpMethod, ParamMap, RequestOptions, SessionOptions } from './options.js';
import { ConnectionPool } from './pool.js';
import type { SessionResponse } from './response.js';
import { buildQuery, hasScheme, parseBase, resolveTarget } from './url.js';
import type { ParsedBase } from './url.js';

/** The first argument of a call: a full URL, a path, or the options themselves. */
export type CallTarget = string | URL | RequestOptions;

const METHOD_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function checkTimeout(option: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidOptionError(option, `expected a number of milliseconds above 0; got ${String(value)}`);
  }
  return value;
}

function checkConnections(value: number | undefined): number {
  if (value === undefined) return 1;
  if (!Number.isInteger(value) || value < 1) {
    throw new InvalidOptionError('connections', `expected a whole number of at least 1; got ${String(value)}`);
  }
  return value;
}

/** Splits `(target?, options?)` into the URL (if the target is one) and the options, with the path in them. */
function splitArguments(target: CallTarget | undefined, options: RequestOptions | undefined): [string | undefined, RequestOptions] {
  if (target === undefined || (typeof target === 'object' && !(target instanceof URL))) {
    if (target !== undefined && options !== undefined) throw new InvalidOptionError('options', 'give the options once');
    return [undefined, target ?? options ?? {}];
  }
  const call = options ?? {};
  const text = target instanceof URL ? target.href : target;
  if (hasScheme(text)) return [text, call];
  if (call.path !== undefined) throw new InvalidOptionError('path', 'a path was given both as the first argument and as options.path');
  return [undefined, { ...call, path: text }];
}

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
  /** The cookie jar, when the session persists cookies. */
  readonly cookies: CookieJar | undefined;
  #baseLocation: string | undefined;
  #base: ParsedBase | undefined;
  readonly #pool: ConnectionPool;
  readonly #keepAlive: boolean;
  readonly #timeout: number | undefined;
  readonly #signal: AbortSignal | undefined;
  #closed = false;

  constructor(baseLocation?: string | SessionOptions, options?: SessionOptions) {
    const settings: SessionOptions = typeof baseLocation === 'object' ? baseLocation : { ...options, baseLocation: baseLocation ?? options?.baseLocation };
    if (typeof baseLocation === 'object' && options !== undefined) throw new InvalidOptionError('options', 'give the options once');
    this.headers = { ...settings.headers };
    this.params = { ...settings.params };
    this.endpoint = settings.endpoint ?? '';
    this.baseLocation = settings.baseLocation;
    this.#keepAlive = settings.keepAlive ?? true;
    this.#timeout = checkTimeout('timeout', settings.timeout);
    this.#signal = settings.signal;
    const persist = settings.persistCookies ?? false;
    this.cookies = persist === false ? undefined : persist === true ? newCookieJar() : persist;
    this.#pool = new ConnectionPool({ limit: checkConnections(settings.connections), keepAlive: this.#keepAlive });
  }

  get baseLocation(): string | undefined {
    return this.#baseLocation;
  }

  set baseLocation(value: string | undefined) {
    this.#base = value === undefined ? undefined : parseBase('baseLocation', value);
    this.#baseLocation = value;
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

  async request(method: HttpMethod | (string & {}), target?: CallTarget, options?: RequestOptions): Promise<SessionResponse> {
    if (typeof method !== 'string' || !METHOD_TOKEN.test(method)) {
      throw new InvalidOptionError('method', `expected an HTTP method such as GET; got ${JSON.stringify(method)}`);
    }
    const verb = method.toUpperCase();
    const [url, call] = splitArguments(target, options);
    const timeout = checkTimeout('timeout', call.timeout) ?? this.#timeout;
    const resolved = resolveTarget(this.#base, this.endpoint, url, call.path, buildQuery(this.params, call.params));
    const info = { method: verb, url: resolved.url };
    if (this.#closed) throw new SessionClosedError(info);
    const headers = mergeHeaders(this.headers, call.headers);
    const encoded = encodeBody(call);
    if (encoded.contentType !== undefined && !hasHeader(headers, 'content-type')) headers['content-type'] = encoded.contentType;
    if ((this.cookies !== undefined || call.cookies !== undefined) && !hasHeader(headers, 'cookie')) {
      const cookie = await cookieHeader(this.cookies, resolved.url, call.cookies);
      if (cookie !== undefined) headers['cookie'] = cookie;
    }

    const deadline = deadlineFor(info, timeout, this.#signal, call.signal);
    let response: SessionResponse;
    try {
      if (deadline?.signal.aborted) throw deadline.signal.reason;
      const lease = await this.#pool.acquire(resolved.origin, deadline?.signal);
      response = await exchange(lease, { ...info, path: resolved.path, headers, body: encoded.body, timeout, keepAlive: this.#keepAlive }, deadline);
    } catch (error) {
      deadline?.dispose();
      throw error instanceof SessionClosedError && error.url === undefined ? new SessionClosedError(info) : error;
    }
    if (this.cookies !== undefined) await storeCookies(this.cookies, resolved.url, response.headers['set-cookie']);
    return response;
  }

  /** What generated methods call: the path is already encoded; the result is parsed as `kind` says. */
  protected callApi<T>(method: HttpMethod, path: string, options: RequestOptions, kind: ResultKind): ApiCall<T> {
    return new ApiCall<T>(this.request(method, { ...options, path }), kind);
  }

  /** Closes every connection. Waiting and later calls reject with SessionClosedError. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#pool.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
