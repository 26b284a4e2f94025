import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';
import type { Transform } from 'node:stream';

/** What `Accept-Encoding` says unless the caller set one: what the decoder below reads. */
export const ACCEPT_ENCODING = 'gzip, deflate, br';

/** The decoded body most kept by default, so a small compressed body cannot fill memory (a "zip bomb"). */
export const DEFAULT_MAX_DECODED = 256 * 1024 * 1024;

type Coding = 'gzip' | 'deflate' | 'br';

const CODINGS: Readonly<Record<string, Coding>> = { 'gzip': 'gzip', 'x-gzip': 'gzip', 'deflate': 'deflate', 'br': 'br' };

/**
 * The one coding a response body was sent in, or undefined when there is nothing to decode. Stacked
 * codings (`gzip, br`) and unknown ones are left as they came, as is `identity`.
 */
export function contentCoding(header: string | string[] | undefined): Coding | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? (header.length === 1 ? header[0]! : '') : header;
  return CODINGS[value.trim().toLowerCase()];
}

/** Where decoded bytes go, and how the decoder reports a broken or oversized body. */
export interface DecodeSink {
  decoded(chunk: Buffer): void;
  decodedEnd(): void;
  decodeFailed(message: string, code: string, cause?: unknown): void;
}

/**
 * Streams a gzip, deflate or br body through zlib as it arrives. Made on the first body chunk, so a
 * response with no body (HEAD, 204, 304) never starts one.
 */
export class Decoder {
  readonly #coding: Coding;
  readonly #limit: number;
  readonly #sink: DecodeSink;
  #stream: Transform | undefined;
  #size = 0;
  #failed = false;

  constructor(coding: Coding, limit: number, sink: DecodeSink) {
    this.#coding = coding;
    this.#limit = limit;
    this.#sink = sink;
  }

  write(chunk: Buffer): void {
    if (this.#failed) return;
    (this.#stream ??= this.#start(chunk)).write(chunk);
  }

  end(): void {
    if (this.#failed) return;
    if (this.#stream === undefined) this.#sink.decodedEnd();
    else this.#stream.end();
  }

  /** Stops without a word: the body already failed for another reason. */
  cancel(): void {
    this.#failed = true;
    this.#stream?.destroy();
  }

  pause(): void {
    this.#stream?.pause();
  }

  resume(): void {
    this.#stream?.resume();
  }

  #start(first: Buffer): Transform {
    // "deflate" is meant to be zlib-wrapped (RFC 9110), but some servers send it raw; the first
    // byte tells them apart (a zlib header's low nibble is 8, for the deflate method).
    const stream =
      this.#coding === 'gzip' ? createGunzip()
      : this.#coding === 'br' ? createBrotliDecompress()
      : (first[0]! & 0x0f) === 8 ? createInflate()
      : createInflateRaw();
    stream.on('data', (chunk: Buffer) => {
      if (this.#failed) return;
      this.#size += chunk.length;
      if (this.#size > this.#limit) {
        this.#fail(`the decoded ${this.#coding} body is larger than ${this.#limit} bytes (decompress.maxSize)`, 'ERR_DECODED_TOO_LARGE');
        return;
      }
      this.#sink.decoded(chunk);
    });
    stream.on('end', () => {
      if (!this.#failed) this.#sink.decodedEnd();
    });
    stream.on('error', (error) => this.#fail(`the ${this.#coding} body cannot be decoded: ${error.message}`, 'ERR_CONTENT_ENCODING', error));
    return stream;
  }

  #fail(message: string, code: string, cause?: unknown): void {
    if (this.#failed) return;
    this.#failed = true;
    this.#stream?.destroy();
    this.#sink.decodeFailed(message, code, cause);
  }
}
