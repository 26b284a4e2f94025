import { HTTPError, httpErrorFor } from './errors.js';
import { leaveUnread, readNone } from './readers.js';
import type { ResponseReader } from './readers.js';
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

function isJsonType(contentType: string | string[] | undefined): boolean {
  const value = Array.isArray(contentType) ? contentType[0] : contentType;
  if (value === undefined) return false;
  const mime = value.split(';', 1)[0]!.trim().toLowerCase();
  return mime === 'application/json' || mime.endsWith('+json');
}

/** The error for a non-2xx response. Its body is JSON only when the server said so and it parses: never a ParseError. */
async function statusError(response: SessionResponse): Promise<HTTPError> {
  const text = await response.text();
  let body: unknown = text;
  if (isJsonType(response.headers['content-type'])) {
    try {
      body = JSON.parse(text);
    } catch {
      // A broken JSON error body is still worth showing as text.
    }
  }
  return httpErrorFor(response.status, response.headers, body, { method: response.method, url: response.url });
}

async function readData<T>(response: SessionResponse, reader: ResponseReader<T>): Promise<T> {
  if (!response.ok) throw await statusError(response);
  return reader(response);
}

/**
 * What a generated method returns: awaiting it gives the body as its reader reads it (or rejects
 * with an HTTPError subclass on a non-2xx status), `withResponse()` the body and the whole
 * response, `result()` either the data or the typed error as a value. The request starts at once,
 * whether or not it is awaited; the body is read by the first of these asked for, once.
 */
export class ApiCall<T, E extends HTTPError = HTTPError> implements PromiseLike<T> {
  readonly #response: Promise<SessionResponse>;
  readonly #reader: ResponseReader<T>;
  #data: Promise<T> | undefined;

  constructor(response: Promise<SessionResponse>, reader: ResponseReader<T>) {
    this.#response = response;
    this.#reader = reader;
  }

  /**
   * The data, read once. `handedBack`: the caller also gets the response, so a call that reads
   * nothing leaves the body for the caller instead of discarding it.
   */
  #read(handedBack: boolean): Promise<T> {
    if (this.#data !== undefined) return this.#data;
    const reader = handedBack && this.#reader === (readNone as ResponseReader<unknown>) ? (leaveUnread as ResponseReader<T>) : this.#reader;
    return (this.#data = this.#response.then((response) => readData(response, reader)));
  }

  async withResponse(): Promise<ApiResult<T>> {
    const data = await this.#read(true);
    return { data, response: await this.#response };
  }

  async result(): Promise<CallResult<T, E>> {
    const response = await this.#response;
    try {
      return { ok: true, data: await this.#read(true), error: undefined, response };
    } catch (error) {
      // Only the status error becomes a value; a body that broke off or bad JSON in a 2xx still rejects.
      if (!response.ok && error instanceof HTTPError) return { ok: false, data: undefined, error: error as E, response };
      throw error;
    }
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
