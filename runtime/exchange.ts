import type { Dispatcher } from 'undici';
import type { WireBody } from './body.js';
import type { Deadline, DeadlineListener } from './deadline.js';
import { contentCoding, Decoder } from './decode.js';
import type { DecodeSink } from './decode.js';
import { ConnectionError, InvalidOptionError, ParseError, toSessionError } from './errors.js';
import type { RequestInfo } from './errors.js';
import type { ForwardProxy, Lease } from './pool.js';
import { ResponseBody, SessionResponse } from './response.js';
import type { BodySource, ResponseHeaders } from './response.js';

export interface ExchangeRequest extends RequestInfo {
  readonly path: string;
  readonly headers: Record<string, string | string[]>;
  readonly body: WireBody;
  readonly timeout: number | undefined;
  readonly keepAlive: boolean;
  readonly redirects: readonly string[];
  /** The most decoded bytes kept from a gzip, deflate or br body; undefined leaves bodies as sent. */
  readonly decompress: number | undefined;
  /** `!keepAlive`, as undici takes it: the request is also undici's dispatch options (no copy per call). */
  readonly reset: boolean;
}

/** A fresh connection for a re-send (see `exchange`). */
export type FreshLease = (origin: string, deadline: Deadline | undefined) => Lease | Promise<Lease>;

/** An exchange gives the response (its body is reached with `bodyOfResponse`): no wrapper object per call. */
export type Exchanged = SessionResponse;

/**
 * One request and its response on one leased connection: the undici dispatch handler, the body's
 * source, and the deadline's abort listener in one object (every call makes one, so no closures).
 * The lease goes back when the response has fully arrived (not when it is read), or when it fails.
 * The deadline is the caller's to dispose: a call may span several exchanges.
 */
class Exchange implements Dispatcher.DispatchHandler, BodySource, DeadlineListener, DecodeSink {
  readonly body = new ResponseBody(this);
  #controller: Dispatcher.DispatchController | undefined;
  // Held only until the body pauses unread or the exchange ends: undici holds this object while the
  // body waits, and a response reachable from here could never be collected when dropped.
  #response: SessionResponse | undefined;
  #started = false;
  #settled = false;
  #decoder: Decoder | undefined;
  #decodeError: Error | undefined;

  // Dropped once settled: a resolve function reaches its promise, and so the response it resolved to.
  #resolve: ((exchanged: Exchanged) => void) | undefined;
  #reject: ((error: unknown) => void) | undefined;
  /** Set when a failure before any response may be sent again on a fresh connection. */
  #resend: FreshLease | undefined;

  constructor(
    readonly lease: Lease,
    readonly request: ExchangeRequest,
    readonly deadline: Deadline | undefined,
    resolve: (exchanged: Exchanged) => void,
    reject: (error: unknown) => void,
    resend: FreshLease | undefined,
  ) {
    this.#resolve = resolve;
    this.#reject = reject;
    this.#resend = resend;
  }

  start(): void {
    const { deadline, request } = this;
    if (deadline !== undefined) {
      if (deadline.aborted) {
        this.#finish(true);
        this.#settle(undefined, deadline.reason);
        return;
      }
      deadline.listen(this);
    }
    const forward = this.lease.forward;
    try {
      this.lease.client.dispatch(
        // The request itself (path, method, headers, body, reset; undici reads no other field), or
        // through a forwarding proxy its absolute form. undici sends async iterables too, though its
        // types do not list them.
        forward === undefined
          ? (request as unknown as Dispatcher.DispatchOptions)
          : {
              path: forward.origin + request.path,
              method: request.method as Dispatcher.HttpMethod,
              headers: forwardedHeaders(request.headers, forward),
              body: request.body as Dispatcher.DispatchOptions['body'],
              reset: request.reset,
            },
        this,
      );
    } catch (error) {
      this.#finish(true);
      this.#settle(undefined, toSessionError(error, request, request.timeout));
    }
  }

  onDeadline(reason: Error): void {
    if (this.#controller !== undefined) this.#controller.abort(reason);
    // Still connecting: the client is this call's alone, so destroying it ends just this call.
    else void this.lease.client.destroy(reason).catch(() => undefined);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: Record<string, string | string[] | undefined>, statusMessage?: string): void {
    // 1xx (102 Processing, 103 Early Hints) come before the real response; undici passes them on
    // as if final, and taking one would give the call its status and headers with the next one's body.
    if (statusCode < 200) return;
    this.#started = true;
    const { request, body } = this;
    if (request.decompress !== undefined) {
      const coding = contentCoding(headers['content-encoding']);
      if (coding !== undefined) this.#decoder = new Decoder(coding, request.decompress, this);
    }
    const response = new SessionResponse({
      method: request.method,
      url: request.url,
      status: statusCode,
      statusText: statusMessage ?? '',
      headers: headers as ResponseHeaders,
      body,
      redirects: request.redirects,
    });
    this.#response = response;
    this.#settle(response, undefined);
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#decoder !== undefined) this.#decoder.write(chunk);
    else this.body.push(chunk);
  }

  onResponseEnd(): void {
    this.#finish(true);
    if (this.#decoder !== undefined) this.#decoder.end();
    else this.body.end();
  }

  decoded(chunk: Buffer): void {
    this.body.push(chunk);
  }

  decodedEnd(): void {
    this.body.end();
  }

  decodeFailed(message: string, code: string, cause?: unknown): void {
    const error = new ParseError(message, code, this.request, { cause });
    this.#decodeError = error;
    this.body.fail(error);
    // The rest of a body that cannot be decoded is of no use: the connection goes too.
    if (!this.#settled) this.#controller?.abort(error);
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.#finish(false);
    if (this.#decodeError !== undefined) return;
    this.#decoder?.cancel();
    const failure = this.#started ? toSessionError(error, this.request, this.request.timeout) : failureBeforeResponse(error, this.request);
    if (this.#started) this.body.fail(failure);
    else this.#settle(undefined, failure);
  }

  pause(): void {
    this.#controller?.pause();
    this.#decoder?.pause();
  }

  resume(): void {
    this.#controller?.resume();
    this.#decoder?.resume();
  }

  abort(reason: Error): void {
    this.#controller?.abort(reason);
  }

  pausedUnread(): void {
    this.lease.offerEarlyRelease(() => this.body.drainUnread());
    if (this.#response !== undefined) this.body.watchOwner(this.#response);
    this.#response = undefined;
  }

  #settle(exchanged: Exchanged | undefined, error: unknown): void {
    const resolve = this.#resolve;
    const reject = this.#reject;
    this.#resolve = undefined;
    this.#reject = undefined;
    const resend = this.#resend;
    this.#resend = undefined;
    if (exchanged === undefined && resend !== undefined && error instanceof ConnectionError && resolve !== undefined && reject !== undefined) {
      // A kept-alive connection the peer closed just as it was reused fails before any response:
      // the request goes again, once, on a new connection, settling the same promise.
      const { request, deadline } = this;
      const again = (fresh: Lease): void => new Exchange(fresh, request, deadline, resolve, reject, undefined).start();
      let acquired: Lease | Promise<Lease>;
      try {
        acquired = resend(this.lease.origin, deadline);
      } catch (failure) {
        reject(failure);
        return;
      }
      if (acquired instanceof Promise) acquired.then(again, reject);
      else again(acquired);
      return;
    }
    if (exchanged !== undefined) resolve?.(exchanged);
    else reject?.(error);
  }

  #finish(reusable: boolean): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#response = undefined;
    this.deadline?.unlisten(this);
    this.lease.release(reusable);
  }
}

/**
 * Headers for a request to a forwarding proxy: the proxy's credentials beside the call's own. The
 * proxy removes Proxy-Authorization before it forwards the request (RFC 9110 7.6.1 / 11.7.1).
 */
function forwardedHeaders(headers: ExchangeRequest['headers'], forward: ForwardProxy): ExchangeRequest['headers'] {
  if (forward.authorization === undefined) return headers;
  return { ...headers, 'proxy-authorization': forward.authorization };
}

/**
 * undici ends the socket with a bare SocketError('bad response') when a `100 Continue` arrives
 * that nobody asked for (it cannot skip one): that is the peer breaking HTTP, not the network,
 * and must not be retried as a connection failure.
 */
function failureBeforeResponse(error: Error, request: ExchangeRequest): Error {
  const code = (error as { code?: unknown }).code;
  // undici refused the request itself (a header or body it cannot send): nothing went out, and
  // sending it again would fail the same way. The header checks catch these first; this is the net.
  if (code === 'UND_ERR_INVALID_ARG' || code === 'UND_ERR_NOT_SUPPORTED') {
    return new InvalidOptionError('request', `undici refused to send it: ${error.message}`, request);
  }
  if ((error as { code?: unknown }).code === 'UND_ERR_SOCKET' && error.message === 'bad response') {
    return new ParseError('invalid HTTP response: an unsolicited 100 Continue', 'UND_ERR_SOCKET', request, { cause: error });
  }
  return toSessionError(error, request, request.timeout);
}

/**
 * One exchange. With `resend`, a ConnectionError before any response (a kept-alive connection the
 * peer closed as it was reused) sends the request once more on the connection `resend` gives.
 */
export function exchange(lease: Lease, request: ExchangeRequest, deadline: Deadline | undefined, resend?: FreshLease): Promise<Exchanged> {
  return new Promise<Exchanged>((resolve, reject) => new Exchange(lease, request, deadline, resolve, reject, resend).start());
}
