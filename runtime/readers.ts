import type { Readable } from 'node:stream';
import { ParseError } from './errors.js';
import type { SessionResponse } from './response.js';

/**
 * How a typed call turns a 2xx response into its result. A reader is a plain value, so generated
 * code names the one it needs and the runtime needs no table of kinds (later: validated, paged).
 */
export type ResponseReader<T> = (response: SessionResponse) => Promise<T>;

/** A response body as it arrives, never buffered whole; its connection goes back when it ends or is destroyed. */
export type ResponseStream = Readable;

/** Parsed JSON; an empty body gives undefined (a 204, or a 200 with nothing in it). */
export async function readJson<T>(response: SessionResponse): Promise<T> {
  const text = await response.text();
  if (text === '') return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new ParseError('response body is not valid JSON', 'ERR_BODY_JSON', { method: response.method, url: response.url }, { cause: error });
  }
}

export const readText: ResponseReader<string> = (response) => response.text();

export const readBytes: ResponseReader<Uint8Array> = (response) => response.bytes();

export const readStream: ResponseReader<ResponseStream> = (response) => Promise.resolve(response.stream());

/** Discards the body, so an awaited call frees its connection at once. */
export const readNone: ResponseReader<void> = (response) => response.dump();

/** readNone for a call whose response is handed back (`withResponse()`, `result()`): its body stays readable. */
export const leaveUnread: ResponseReader<undefined> = () => Promise.resolve(undefined);
