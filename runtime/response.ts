import { Readable } from 'node:stream';
import { BodyUsedError, ParseError } from './errors.js';
import { isJsonContentType } from './media-type.js';

export type ResponseHeaders = Readonly<Record<string, string | string[] | undefined>>;

/** How the body reaches the socket: pausing stops reading, resuming starts it again, aborting drops the exchange. */
export interface BodySource {
  pause(): void;
  resume(): void;
  abort(reason: Error): void;
  /** The body paused while nobody reads it: its connection may be given back early by draining it. */
  pausedUnread(): void;
}

// An unread body may sit in memory up to this much before the socket is paused for it.
const UNREAD_HIGH_WATER = 64 * 1024;
// When other calls wait for the connection, an unread body is read into memory up to this much, else dropped.
const UNREAD_BUFFER_LIMIT = 16 * 1024 * 1024;

export type Consumer = 'text()' | 'json()' | 'bytes()' | 'arrayBuffer()' | 'stream()' | 'dump()';

/**
 * A response body as it arrives: kept in memory until someone reads it (so a finished exchange
 * frees its connection at once), read into a stream on demand, and paused when large and unread.
 */
export class ResponseBody {
  readonly #source: BodySource;
  // The body so far: one chunk (most bodies) in #chunk, more in #chunks; no array per call until a second chunk.
  #chunk: Buffer | undefined = undefined;
  #chunks: Buffer[] | undefined = undefined;
  #size = 0;
  #ended = false;
  #error: Error | undefined;
  #consumer: Consumer | undefined;
  #stream: Readable | undefined;
  #waiting: { resolve: (data: Buffer) => void; reject: (error: Error) => void } | undefined;
  #discard = false;
  #paused = false;
  #bufferLimit = Number.POSITIVE_INFINITY;
  #whenDone: (() => void) | undefined;
  #watched = false;

  constructor(source: BodySource) {
    this.#source = source;
  }

  /** Runs `callback` once the body has wholly arrived or failed (at once if it has). */
  whenDone(callback: () => void): void {
    if (this.#ended || this.#error !== undefined) callback();
    else this.#whenDone = callback;
  }

  push(chunk: Buffer): void {
    if (this.#discard) return;
    if (this.#stream !== undefined) {
      if (!this.#stream.push(chunk)) this.#pause();
      return;
    }
    if (this.#chunks !== undefined) this.#chunks.push(chunk);
    else if (this.#chunk === undefined) this.#chunk = chunk;
    else {
      this.#chunks = [this.#chunk, chunk];
      this.#chunk = undefined;
    }
    this.#size += chunk.length;
    if (this.#size > this.#bufferLimit) {
      this.#source.abort(new BodyUsedError(`the response body was left unread while other calls waited for its connection, and it was larger than ${UNREAD_BUFFER_LIMIT} bytes, so it was dropped; read or stream bodies before making more calls`));
      return;
    }
    if (this.#consumer === undefined && this.#size > UNREAD_HIGH_WATER && this.#bufferLimit === Number.POSITIVE_INFINITY && !this.#paused) {
      this.#pause();
      this.#source.pausedUnread();
    }
  }

  end(): void {
    this.#ended = true;
    this.#whenDone?.();
    if (this.#stream !== undefined) this.#stream.push(null);
    if (this.#waiting !== undefined) this.#waiting.resolve(this.#take());
  }

  fail(error: Error): void {
    if (this.#ended) return;
    this.#error = error;
    this.#whenDone?.();
    this.#clear();
    if (this.#stream !== undefined) this.#stream.destroy(error);
    if (this.#waiting !== undefined) this.#waiting.reject(error);
  }

  /** Reads the rest into memory (bounded), so the connection can serve a waiting call. */
  drainUnread(): void {
    if (this.#consumer !== undefined || this.#ended) return;
    this.#bufferLimit = UNREAD_BUFFER_LIMIT;
    this.#resume();
  }

  /**
   * Ends the exchange if `owner` (the response) is collected while this body still waits unread.
   * The body must not reference its owner, or the owner could never be collected.
   */
  watchOwner(owner: object): void {
    if (this.#watched || this.#consumer !== undefined) return;
    this.#watched = true;
    abandoned.register(owner, this, this);
  }

  /** Drops the exchange; used when nobody can read the body any more. */
  abandon(reason: Error): void {
    if (!this.#ended && this.#error === undefined) this.#source.abort(reason);
  }

  collect(consumer: Consumer): Promise<Buffer> {
    return this.collectAs(consumer, keep, undefined);
  }

  /**
   * The whole body turned into a value by `parse(data, context)`, in one promise: no promise per
   * step (collect, decode, parse), and the parse runs as the body ends. A throw from `parse` rejects.
   */
  collectAs<T, C>(consumer: Consumer, parse: (data: Buffer, context: C) => T, context: C): Promise<T> {
    try {
      this.#claim(consumer);
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.#error !== undefined) return Promise.reject(this.#error);
    if (this.#ended) {
      try {
        return Promise.resolve(parse(this.#take(), context));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    this.#resume();
    return new Promise((resolve, reject) => {
      this.#waiting = {
        resolve: (data) => {
          try {
            resolve(parse(data, context));
          } catch (error) {
            reject(error);
          }
        },
        reject,
      };
    });
  }

  /** The whole body when it has already arrived (claimed by `consumer`), else undefined and nothing claimed. */
  takeIfArrived(consumer: Consumer): Buffer | undefined {
    if (!this.#ended || this.#consumer !== undefined) return undefined;
    this.#claim(consumer);
    return this.#take();
  }

  stream(): Readable {
    this.#claim('stream()');
    const stream = new Readable({
      read: () => this.#resume(),
      destroy: (error, callback) => {
        if (!this.#ended) this.#source.abort(error ?? new BodyUsedError('the response stream was destroyed before its end'));
        callback(error);
      },
    });
    this.#stream = stream;
    if (this.#chunk !== undefined) stream.push(this.#chunk);
    if (this.#chunks !== undefined) for (const chunk of this.#chunks) stream.push(chunk);
    this.#clear();
    if (this.#error !== undefined) stream.destroy(this.#error);
    else if (this.#ended) stream.push(null);
    return stream;
  }

  async dump(): Promise<void> {
    this.#claim('dump()');
    this.#discard = true;
    this.#clear();
    if (this.#ended || this.#error !== undefined) return;
    await new Promise<void>((resolve) => {
      this.#waiting = { resolve: () => resolve(), reject: () => resolve() };
      this.#resume();
    });
  }

  #claim(consumer: Consumer): void {
    if (this.#consumer !== undefined) {
      throw new BodyUsedError(`the response body was already read by ${this.#consumer}; it can be read once, so keep what the first read returned`);
    }
    this.#consumer = consumer;
    // Only a body that paused unread is watched; most never are, and skip the registry.
    if (this.#watched) {
      this.#watched = false;
      abandoned.unregister(this);
    }
  }

  #take(): Buffer {
    const data = this.#chunks !== undefined ? Buffer.concat(this.#chunks, this.#size) : (this.#chunk ?? Buffer.alloc(0));
    this.#clear();
    return data;
  }

  #clear(): void {
    this.#chunk = undefined;
    this.#chunks = undefined;
  }

  #pause(): void {
    if (!this.#paused) {
      this.#paused = true;
      this.#source.pause();
    }
  }

  #resume(): void {
    if (this.#paused) {
      this.#paused = false;
      this.#source.resume();
    }
  }
}

function keep(data: Buffer): Buffer {
  return data;
}

function utf8(data: Buffer): string {
  return data.toString('utf8');
}

function parseJson(data: Buffer, response: SessionResponse): unknown {
  const text = data.toString('utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw notJsonError(response, error);
  }
}

/** The first value of a response header sent once or more. */
export function firstHeader(response: SessionResponse, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}


/**
 * The error for a body that was to be JSON and is not, naming the Content-Type that came (an HTML
 * error page from a proxy, a file served as `application/octet-stream`): a SessionError like every
 * other failure a peer can cause, not a bare SyntaxError. Made only when parsing has failed.
 */
export function notJsonError(response: SessionResponse, cause: unknown): ParseError {
  const contentType = firstHeader(response, 'content-type');
  const request = { method: response.method, url: response.url };
  if (contentType === undefined) return new ParseError('response body is not valid JSON (the response has no Content-Type)', 'ERR_BODY_JSON', request, { cause });
  if (isJsonContentType(contentType)) return new ParseError(`response body is not valid JSON, though its Content-Type is ${contentType}`, 'ERR_BODY_JSON', request, { cause });
  return new ParseError(`response body is ${contentType}, not JSON; read it with .text() or .bytes() on the call`, 'ERR_BODY_NOT_JSON', request, { cause });
}

/**
 * The body of `response` read with `parse` in one promise (what the readers use). Not exported
 * from the package: a reader gets the same from `text()`, `json()` or `bytes()`.
 */
export function readBodyAs<T, C>(response: SessionResponse, consumer: Consumer, parse: (data: Buffer, context: C) => T, context: C): Promise<T> {
  return bodyOf(response).collectAs(consumer, parse, context);
}

/** The body of `response` when it has wholly arrived and nobody has read it (claimed as `consumer`), else undefined. */
export function bodyIfArrived(response: SessionResponse, consumer: Consumer): Buffer | undefined {
  return bodyOf(response).takeIfArrived(consumer);
}

let bodyOf: (response: SessionResponse) => ResponseBody;

/** The body behind a response (for the session: when it has wholly arrived, the call's deadline ends). */
export function bodyOfResponse(response: SessionResponse): ResponseBody {
  return bodyOf(response);
}

// A response dropped unread lets go of its connection when it is collected.
const abandoned = new FinalizationRegistry<ResponseBody>((body) => {
  body.abandon(new BodyUsedError('the response was dropped without its body being read'));
});

export interface ResponseInit {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly statusText: string;
  readonly headers: ResponseHeaders;
  readonly body: ResponseBody;
  readonly redirects?: readonly string[];
}

/** What a call resolves to: status and headers at once, the body when asked for (once). */
export class SessionResponse {
  readonly method: string;
  /** The URL that answered: after redirects, the last one. */
  readonly url: string;
  readonly status: number;
  readonly statusText: string;
  /** Lower-cased names; a header sent more than once is an array. */
  readonly headers: ResponseHeaders;
  /** URLs that redirected on the way to `url`, first first. */
  readonly redirects: readonly string[];
  readonly #body: ResponseBody;

  constructor(init: ResponseInit) {
    this.method = init.method;
    this.url = init.url;
    this.status = init.status;
    this.statusText = init.statusText;
    this.headers = init.headers;
    this.redirects = init.redirects ?? [];
    this.#body = init.body;
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  static {
    bodyOf = (response) => response.#body;
  }

  text(): Promise<string> {
    return this.#body.collectAs('text()', utf8, undefined);
  }

  json<T = unknown>(): Promise<T> {
    return this.#body.collectAs('json()', parseJson, this) as Promise<T>;
  }

  async bytes(): Promise<Uint8Array> {
    const data = await this.#collect('bytes()');
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const data = await this.#collect('arrayBuffer()');
    const copy = new ArrayBuffer(data.byteLength);
    new Uint8Array(copy).set(data);
    return copy;
  }

  /** The body as a Node stream (also an async iterable of Buffers). */
  stream(): Readable {
    return this.#body.stream();
  }

  /** Discards the body, freeing the connection without keeping the data. */
  dump(): Promise<void> {
    return this.#body.dump();
  }

  #collect(consumer: 'text()' | 'json()' | 'bytes()' | 'arrayBuffer()'): Promise<Buffer> {
    return this.#body.collect(consumer);
  }
}
