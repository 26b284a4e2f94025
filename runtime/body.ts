import { Readable } from 'node:stream';
import { FormData as UndiciFormData } from 'undici';
import { InvalidOptionError } from './errors.js';
import { fieldEncoding, flattenField, isPlainObject } from './form.js';
import type { FieldEncodings, FormObject } from './form.js';
import { encodeMultipart } from './multipart.js';
import type { FormMap, RequestBody, RequestOptions } from './options.js';

/** What undici sends as a request body. An async iterable is a multipart body that reads its Blobs and streams as it goes. */
export type WireBody = string | Uint8Array | Blob | Readable | UndiciFormData | AsyncIterable<Uint8Array> | null;

export interface EncodedBody {
  readonly body: WireBody;
  /** The Content-Type to send unless the caller set one. */
  readonly contentType: string | undefined;
  /** False for a stream: it can be sent once, so a redirect or retry cannot send it again. */
  readonly replayable: boolean;
  /** The Content-Length to send, for a body whose length undici cannot see (a multipart body with Blobs). */
  readonly length?: number | undefined;
}

const FORM_TYPE = 'application/x-www-form-urlencoded;charset=UTF-8';

const NO_BODY: EncodedBody = { body: null, contentType: undefined, replayable: true };

function encodeForm(form: FormMap | URLSearchParams, encodings: FieldEncodings | undefined): string {
  if (form instanceof URLSearchParams) return form.toString();
  if (!isPlainObject(form)) throw new InvalidOptionError('form', 'expected a plain object or URLSearchParams');
  // URLSearchParams writes application/x-www-form-urlencoded exactly as the URL standard says.
  const search = new URLSearchParams();
  const add = (name: string, value: string): void => search.append(name, value);
  const ancestors: object[] = [form];
  const map = form as FormObject;
  for (const key of Object.keys(map)) flattenField(add, key, map[key], fieldEncoding(encodings, key), 'form', ancestors);
  return search.toString();
}

function isAsyncIterable(value: unknown): value is AsyncIterable<Uint8Array | string> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

function toUndiciFormData(form: FormData): UndiciFormData {
  const copy = new UndiciFormData();
  for (const [name, value] of form) {
    if (typeof value === 'string') copy.append(name, value);
    else copy.append(name, value, value.name);
  }
  return copy;
}

function encodeRaw(body: RequestBody): EncodedBody {
  if (typeof body === 'string') return { body, contentType: 'text/plain;charset=UTF-8', replayable: true };
  if (body instanceof Uint8Array) return { body, contentType: 'application/octet-stream', replayable: true };
  if (body instanceof ArrayBuffer) return { body: new Uint8Array(body), contentType: 'application/octet-stream', replayable: true };
  // undici reads a Blob as it sends it, and again on a retry or redirect.
  if (body instanceof Blob) return { body, contentType: body.type === '' ? 'application/octet-stream' : body.type, replayable: true };
  if (body instanceof URLSearchParams) {
    return { body: body.toString(), contentType: FORM_TYPE, replayable: true };
  }
  // undici writes FormData as multipart with its own boundary and Content-Type. It only knows its own
  // FormData class (a brand check), not Node's global one, so the entries are copied over.
  if (body instanceof UndiciFormData) return { body, contentType: undefined, replayable: true };
  if (body instanceof FormData) return { body: toUndiciFormData(body), contentType: undefined, replayable: true };
  if (body instanceof Readable) return { body, contentType: 'application/octet-stream', replayable: false };
  if (body instanceof ReadableStream) {
    return { body: Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>), contentType: 'application/octet-stream', replayable: false };
  }
  if (isAsyncIterable(body)) return { body: Readable.from(body), contentType: 'application/octet-stream', replayable: false };
  throw new InvalidOptionError('body', 'expected a string, bytes, a Blob, a stream, FormData or URLSearchParams');
}

/** Encodes whichever one of `json`, `form`, `multipart` and `body` the call gave. */
export function encodeBody(options: RequestOptions): EncodedBody {
  const given = (options.json !== undefined ? 1 : 0) + (options.form !== undefined ? 1 : 0) + (options.multipart !== undefined ? 1 : 0) + (options.body !== undefined ? 1 : 0);
  if (given === 0) return NO_BODY;
  if (given > 1) throw new InvalidOptionError('body', 'give only one of json, form, multipart and body');
  if (options.json !== undefined) {
    let text: string | undefined;
    try {
      text = JSON.stringify(options.json);
    } catch (error) {
      // A cycle or a BigInt: say which option, as for any other bad input.
      throw new InvalidOptionError('json', `the value cannot be written as JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (text === undefined) throw new InvalidOptionError('json', 'the value cannot be written as JSON');
    return { body: text, contentType: 'application/json', replayable: true };
  }
  if (options.form !== undefined) {
    return { body: encodeForm(options.form, options.encoding), contentType: FORM_TYPE, replayable: true };
  }
  if (options.multipart !== undefined) {
    const multipart = encodeMultipart(options.multipart, options.encoding);
    // A body of bytes alone: undici counts them itself.
    return { ...multipart, length: multipart.body instanceof Uint8Array ? undefined : multipart.length };
  }
  return encodeRaw(options.body!);
}
