import { BodyUsedError, HTTPError, httpErrorFor } from './errors.js';
import { leaveUnread, readBytes, readNone, readNow, readStream, readText } from './readers.js';
import type { ResponseReader, ResponseStream } from './readers.js';
import { isJsonContentType } from './media-type.js';
import { firstHeader } from './response.js';
import type { SessionResponse } from './response.js';

export interface ApiResult<T> {
  readonly data: T;
  readonly response: SessionResponse;
}

/**
 * A call's outcome with non-2xx statuses as values (as openapi-fetch gives them): narrow on `ok`
 * to get either the data or the typed error. Network failures, timeouts and the like still reject.
 */
export type CallResult<T, E extends HTTPError = HTTPError> =
  | { readonly ok: true; readonly data: T; readonly error: undefined; readonly response: SessionResponse }
  | { readonly ok: false; readonly data: undefined; readonly error: E; readonly response: SessionResponse };

/** The error for a non-2xx response. Its body is JSON only when the server said so and it parses: never a ParseError. */
async function statusError(response: SessionResponse): Promise<HTTPError> {
  const text = await response.text();
  let body: unknown = text;
  if (isJsonContentType(firstHeader(response, 'content-type'))) {
    try {
      body = JSON.parse(text);
    } catch {
      // A broken JSON error body is still worth showing as text.
    }
  }
  return httpErrorFor(response.status, response.headers, body, { method: response.method, url: response.url });
}

/** Where a call's response goes when it arrives (see ApiCall): it gives the response, or the data read from it. */
export let deliver: (call: ApiCall<unknown>, response: SessionResponse) => unknown;

/** An ApiCall whose request the session starts next (`started`), handing it the response with `deliver`. */
export let deliveringCall: <T, E extends HTTPError>(reader: ResponseReader<T>) => ApiCall<T, E>;

/** Gives a delivering call its request's promise: the response, or the data `deliver` read. */
export let started: (call: ApiCall<unknown>, pending: Promise<unknown>) => void;

// Never awaited: a placeholder for the moment between the constructor and start().
const NOT_YET = new Promise<SessionResponse>(() => undefined);

function throwIt(error: unknown): never {
  throw error;
}

/** The data of a response: a value when it could be read at once, else a promise (so no promise adopts another). */
function readData<T>(response: SessionResponse, reader: ResponseReader<T>): T | Promise<T> {
  if (!response.ok) return statusError(response).then(throwIt);
  return readNow(response, reader);
}

/**
 * What a generated method returns: awaiting it gives the body as its reader reads it (or rejects
 * with an HTTPError subclass on a non-2xx status), `withResponse()` the body and the whole
 * response, `result()` either the data or the typed error as a value; `text()`, `bytes()` and
 * `stream()` read a 2xx body another way (another media type asked for with `accept`). The
 * request starts at once, whether or not it is awaited; the body is read by the first of these
 * asked for, once.
 *
 * A call the session starts for it (`callApi`) costs one promise, not two: when the response
 * arrives and someone has already asked for the data (the usual `await api.method()`), the
 * session reads it there and the call's one promise resolves to the data itself.
 */
export class ApiCall<T, E extends HTTPError = HTTPError> implements PromiseLike<T> {
  /** The session's promise: the response, or (see #asked) the data. */
  #pending: Promise<unknown>;
  readonly #reader: ResponseReader<T>;
  #data: Promise<T> | undefined;
  /** The response, once it has arrived. */
  #response: SessionResponse | undefined;
  /** Whether #pending gives the response (false, the default) or, read at its arrival, the data. */
  #delivers = false;
  /** What was asked before the response arrived: 0 nothing, 1 the data, 2 the data with the response handed back. */
  #asked = 0;
  /** The reader `text()`, `bytes()` or `stream()` chose instead of the method's. */
  #chosen: ResponseReader<unknown> | undefined;

  constructor(response: Promise<SessionResponse>, reader: ResponseReader<T>) {
    this.#pending = response;
    this.#reader = reader;
  }

  static {
    deliveringCall = <R, F extends HTTPError>(reader: ResponseReader<R>) => {
      const call = new ApiCall<R, F>(NOT_YET, reader);
      call.#delivers = true;
      return call;
    };
    started = (call, pending) => {
      call.#pending = pending;
    };
    deliver = (call, response) => {
      call.#response = response;
      if (call.#asked === 0) return response;
      // Someone waits for the data: read it now, so the one promise resolves to it.
      return readData(response, call.#readerFor(call.#asked === 2));
    };
  }

  #readerFor(handedBack: boolean): ResponseReader<T> {
    if (this.#chosen !== undefined) return this.#chosen as ResponseReader<T>;
    return handedBack && this.#reader === (readNone as ResponseReader<unknown>) ? (leaveUnread as ResponseReader<T>) : this.#reader;
  }

  /**
   * The data, read once. `handedBack`: the caller also gets the response, so a call that reads
   * nothing leaves the body for the caller instead of discarding it.
   */
  #read(handedBack: boolean, chosen?: ResponseReader<unknown>): Promise<T> {
    if (this.#data !== undefined) {
      if (chosen === this.#chosen) return this.#data;
      return Promise.reject(new BodyUsedError(`the response body was already read ${this.#chosen === undefined ? "as the method's result" : 'another way'}; it can be read once, so keep what the first read returned`));
    }
    this.#chosen = chosen;
    if (this.#delivers && this.#response === undefined) {
      // The response has not arrived: the session reads it on arrival, into #pending.
      this.#asked = handedBack ? 2 : 1;
      return (this.#data = this.#pending as Promise<T>);
    }
    const reader = this.#readerFor(handedBack);
    return (this.#data = (this.#pending as Promise<SessionResponse>).then((response) => {
      this.#response = response;
      return readData(response, reader);
    }));
  }

  /** The 2xx body as text, whatever the method reads (a raw file asked for with `accept`); HTTPError on other statuses. */
  text(): Promise<string> {
    return this.#read(false, readText) as Promise<unknown> as Promise<string>;
  }

  /** The 2xx body as bytes, whatever the method reads; HTTPError on other statuses. */
  bytes(): Promise<Uint8Array> {
    return this.#read(false, readBytes) as Promise<unknown> as Promise<Uint8Array>;
  }

  /** The 2xx body unread, as a stream (for a large download); HTTPError on other statuses. */
  stream(): Promise<ResponseStream> {
    return this.#read(false, readStream) as Promise<unknown> as Promise<ResponseStream>;
  }

  async withResponse(): Promise<ApiResult<T>> {
    const data = await this.#read(true);
    return { data, response: this.#response ?? ((await this.#pending) as SessionResponse) };
  }

  async result(): Promise<CallResult<T, E>> {
    let data: T;
    try {
      data = await this.#read(true);
    } catch (error) {
      // Only the status error becomes a value; a body that broke off or bad JSON in a 2xx still rejects.
      const response = this.#response ?? (this.#delivers ? undefined : await this.#pending.then((r) => r as SessionResponse, () => undefined));
      if (response !== undefined && !response.ok && error instanceof HTTPError) return { ok: false, data: undefined, error: error as E, response };
      throw error;
    }
    return { ok: true, data, error: undefined, response: this.#response ?? ((await this.#pending) as SessionResponse) };
  }

  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#read(false).then(onFulfilled, onRejected);
  }

  catch<R = never>(onRejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.then(undefined, onRejected);
  }

  finally(onFinally?: (() => void) | null): Promise<T> {
    return this.then().finally(onFinally);
  }

  get [Symbol.toStringTag](): string {
    return 'ApiCall';
  }
}
