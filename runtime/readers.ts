import type { Readable } from 'node:stream';
import { isJsonContentType } from './media-type.js';
import { bodyIfArrived, firstHeader, notJsonError, readBodyAs } from './response.js';
import type { SessionResponse } from './response.js';

/**
 * How a typed call turns a 2xx response into its result. A reader is a plain value, so generated
 * code names the one it needs and the runtime needs no table of kinds (later: validated, paged).
 */
export type ResponseReader<T> = (response: SessionResponse) => Promise<T>;

/** A response body as it arrives, never buffered whole; its connection goes back when it ends or is destroyed. */
export type ResponseStream = Readable;

function jsonOrUndefined(data: Buffer, response: SessionResponse): unknown {
  if (data.length === 0) return undefined;
  try {
    return JSON.parse(data.toString('utf8'));
  } catch (error) {
    throw notJsonError(response, error);
  }
}

/**
 * A result the document types as a JSON string, which servers also send as the text itself
 * (OpenAI's file content comes as `application/octet-stream`): parsed when the Content-Type says
 * JSON, the text as it came when it names anything else; with no Content-Type, parsed if it parses.
 */
function jsonOrText(data: Buffer, response: SessionResponse): unknown {
  const contentType = firstHeader(response, 'content-type');
  if (isJsonContentType(contentType)) return jsonOrUndefined(data, response);
  const text = data.toString('utf8');
  if (contentType !== undefined) return text;
  // Without a Content-Type, only a JSON string is taken as JSON: the result is typed string.
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'string' ? parsed : text;
  } catch {
    return text;
  }
}

function utf8(data: Buffer): string {
  return data.toString('utf8');
}

/** Parsed JSON; an empty body gives undefined (a 204, or a 200 with nothing in it). */
export function readJson<T>(response: SessionResponse): Promise<T> {
  // One promise for the whole read (collect and parse), not one per step.
  return readBodyAs(response, 'text()', jsonOrUndefined, response) as Promise<T>;
}

/** Reads a result typed `string` that a JSON media type documents: see jsonOrText. */
export function readJsonOrText<T>(response: SessionResponse): Promise<T> {
  return readBodyAs(response, 'text()', jsonOrText, response) as Promise<T>;
}

export const readText: ResponseReader<string> = (response) => response.text();

export const readBytes: ResponseReader<Uint8Array> = (response) => response.bytes();

export const readStream: ResponseReader<ResponseStream> = (response) => Promise.resolve(response.stream());

/** Discards the body, so an awaited call frees its connection at once. */
export const readNone: ResponseReader<void> = (response) => response.dump();

/** readNone for a call whose response is handed back (`withResponse()`, `result()`): its body stays readable. */
export const leaveUnread: ResponseReader<undefined> = () => Promise.resolve(undefined);

/**
 * What `reader` gives for `response`: for the built-in JSON and text readers of a body that has
 * already arrived (a small body comes with its headers), the value itself, read now, with no
 * promise; otherwise the reader's promise. A throw is the reader's rejection.
 */
export function readNow<T>(response: SessionResponse, reader: ResponseReader<T>): T | Promise<T> {
  if (reader === (readJson as ResponseReader<unknown>) || reader === (readText as ResponseReader<unknown>) || reader === (readJsonOrText as ResponseReader<unknown>)) {
    const data = bodyIfArrived(response, 'text()');
    if (data !== undefined) return (reader === (readText as ResponseReader<unknown>) ? utf8(data) : reader === (readJson as ResponseReader<unknown>) ? jsonOrUndefined(data, response) : jsonOrText(data, response)) as T;
  }
  return reader(response);
}
