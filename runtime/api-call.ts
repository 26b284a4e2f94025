import { HTTPError, ParseError } from './errors.js';
import type { SessionResponse } from './response.js';

/** How a typed call turns a 2xx body into its result. */
export type ResultKind = 'json' | 'text' | 'none';

export interface ApiResult<T> {
  readonly data: T;
  readonly response: SessionResponse;
}

/**
 * What a generated method returns: awaiting it gives the parsed body, `withResponse()` gives
 * the body and the whole response. The request starts at once, whether or not it is awaited.
 */
export class ApiCall<T> implements PromiseLike<T> {
  readonly #response: Promise<SessionResponse>;
  readonly #data: Promise<T>;

  constructor(response: Promise<SessionResponse>, kind: ResultKind) {
    this.#response = response;
    this.#data = response.then((r) => readResult<T>(r, kind));
  }

  async withResponse(): Promise<ApiResult<T>> {
    const data = await this.#data;
    return { data, response: await this.#response };
  }

  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#data.then(onFulfilled, onRejected);
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

function isJsonType(contentType: string | string[] | undefined): boolean {
  const value = Array.isArray(contentType) ? contentType[0] : contentType;
  if (value === undefined) return false;
  const mime = value.split(';', 1)[0]!.trim().toLowerCase();
  return mime === 'application/json' || mime.endsWith('+json');
}

async function readResult<T>(response: SessionResponse, kind: ResultKind): Promise<T> {
  const request = { method: response.method, url: response.url };
  if (!response.ok) {
    const text = await response.text();
    let body: unknown = text;
    if (isJsonType(response.headers['content-type'])) {
      try {
        body = JSON.parse(text);
      } catch {
        // A broken JSON error body is still worth showing as text.
      }
    }
    throw new HTTPError(response.status, response.headers, body, request);
  }
  if (kind === 'none') {
    await response.dump();
    return undefined as T;
  }
  const text = await response.text();
  if (kind === 'text') return text as T;
  if (text === '') return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new ParseError('response body is not valid JSON', 'ERR_BODY_JSON', request, { cause: error });
  }
}
