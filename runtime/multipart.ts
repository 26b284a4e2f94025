import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { InvalidOptionError } from './errors.js';
import { isToken } from './headers.js';
import { isJsonContentType } from './media-type.js';
import { fieldEncoding, flattenField, isPlainObject } from './form.js';
import type { FieldEncoding, FieldEncodings, FormValue } from './form.js';

/** Bytes that arrive over time: a Node stream, a web stream, or any async iterable. Sent as they come, never held whole. */
export type StreamSource = Readable | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>;

/** What a file part can hold. */
export type FileData = string | Uint8Array | Blob | StreamSource;

export interface FilePartOptions {
  /** The file name the server sees. Default: a File's own name, a file stream's base name, else `blob` (as browsers send). */
  filename?: string;
  /** Default: a Blob's own type, `text/plain;charset=UTF-8` for text, else `application/octet-stream`. */
  contentType?: string;
}

/** A file part with an explicit file name and content type. */
export class FilePart {
  readonly data: FileData;
  readonly filename: string | undefined;
  readonly contentType: string | undefined;

  constructor(data: FileData, options: FilePartOptions = {}) {
    this.data = data;
    this.filename = options.filename;
    this.contentType = options.contentType;
  }
}

/** A JSON part: a plain object (typed `object` so generated interfaces pass; other objects are refused when sent). */
export type JsonPart = object;

/**
 * One part: text for strings, numbers and booleans; a file for a Blob, File, bytes, stream or
 * FilePart; JSON (`application/json`) for a plain object. null and undefined are left out.
 */
export type MultipartItem = string | number | boolean | Blob | Uint8Array | StreamSource | FilePart | JsonPart | null | undefined;
/** An array sends one part per item, under the same name. */
export type MultipartValue = MultipartItem | readonly MultipartItem[];
/**
 * Part names to values (MultipartValue). Typed `object` so a value of a generated interface passes
 * as it is: TypeScript never lets an interface stand for an index signature.
 */
export type MultipartMap = { readonly [name: string]: MultipartValue } | object;

/** A part's content: bytes at hand, a Blob read when sent (so it can be sent again), or a stream read once. */
type Segment = Uint8Array | Blob | AsyncIterable<Uint8Array | string>;

export interface EncodedMultipart {
  /** Bytes when every part was at hand; else an iterable that reads Blobs and streams as it is sent. */
  readonly body: Uint8Array | AsyncIterable<Uint8Array>;
  readonly contentType: string;
  /** Known unless a part is a stream. */
  readonly length: number | undefined;
  readonly replayable: boolean;
}

const CRLF = Buffer.from('\r\n');
const OPTION = 'multipart';

/**
 * A name or file name inside a quoted header parameter. As the HTML standard (and so browsers and
 * undici) write them: `"`, CR and LF percent-encoded, so no value can end the quotes or the header line.
 */
function quoted(value: string): string {
  return '"' + value.replace(/["\r\n]/g, (char) => (char === '"' ? '%22' : char === '\r' ? '%0D' : '%0A')) + '"';
}

function checkContentType(name: string, type: string): string {
  if (/[\r\n\0]/.test(type)) throw new InvalidOptionError(OPTION, `the content type of part ${JSON.stringify(name)} holds CR, LF or NUL`);
  return type;
}

function isStreamSource(value: object): value is StreamSource {
  return value instanceof Readable || value instanceof ReadableStream || Symbol.asyncIterator in value;
}

function toSegment(data: Exclude<FileData, string>): Segment {
  if (data instanceof Uint8Array || data instanceof Blob) return data;
  if (data instanceof ReadableStream) return Readable.fromWeb(data as NodeReadableStream<Uint8Array>);
  return data;
}

/** The file name a value carries by itself: a File's name, or the base name of a file stream's path. */
function ownFilename(data: FileData): string | undefined {
  if (data instanceof File) return data.name;
  if (data instanceof Readable && 'path' in data && typeof data.path === 'string') return basename(data.path);
  return undefined;
}

/** A media type a part can be sent as: one type, not a list (`image/png, image/jpeg`) or a range (`image/*`). */
function concreteType(type: string | undefined): string | undefined {
  return type === undefined || type.includes(',') || type.includes('*') ? undefined : type;
}

/** A file's type: its own (a Blob's), else the one the field's encoding names, else by what it holds. */
function fileType(data: FileData, declared: string | undefined): string {
  if (data instanceof Blob && data.type !== '') return data.type;
  if (declared !== undefined) return declared;
  return typeof data === 'string' ? 'text/plain;charset=UTF-8' : 'application/octet-stream';
}

/** A field's own part headers as header lines; Content-Type and Content-Disposition are the writer's to say. */
function partHeaders(name: string, encoding: FieldEncoding | undefined): string {
  let lines = '';
  for (const [header, value] of Object.entries(encoding?.headers ?? {})) {
    if (!isToken(header)) throw new InvalidOptionError(OPTION, `part ${JSON.stringify(name)} has a header name ${JSON.stringify(header)} that is not an HTTP token`);
    if (/[\r\n\0]/.test(value)) throw new InvalidOptionError(OPTION, `the ${header} header of part ${JSON.stringify(name)} holds CR, LF or NUL`);
    const lower = header.toLowerCase();
    if (lower !== 'content-type' && lower !== 'content-disposition') lines += `\r\n${header}: ${value}`;
  }
  return lines;
}

class Writer {
  readonly boundary = '----sessiongen' + randomBytes(16).toString('hex');
  readonly segments: Segment[] = [];
  length: number | undefined = 0;
  streamed = false;
  #pending: Buffer[] = [];

  add(segment: Segment): void {
    if (segment instanceof Uint8Array) {
      this.#pending.push(Buffer.from(segment.buffer, segment.byteOffset, segment.byteLength));
    } else {
      this.#flush();
      this.segments.push(segment);
    }
    if (segment instanceof Uint8Array || segment instanceof Blob) {
      if (this.length !== undefined) this.length += segment instanceof Blob ? segment.size : segment.byteLength;
    } else {
      this.length = undefined;
      this.streamed = true;
    }
  }

  part(name: string, headers: string, content: Segment): void {
    this.add(Buffer.from(`--${this.boundary}\r\nContent-Disposition: form-data; name=${quoted(name)}${headers}\r\n\r\n`, 'utf8'));
    this.add(content);
    this.add(CRLF);
  }

  file(name: string, data: FileData, filename: string | undefined, contentType: string | undefined, extra: string): void {
    const file = filename ?? ownFilename(data) ?? 'blob';
    const type = checkContentType(name, contentType ?? fileType(data, undefined));
    this.part(name, `; filename=${quoted(file)}\r\nContent-Type: ${type}${extra}`, typeof data === 'string' ? Buffer.from(data, 'utf8') : toSegment(data));
  }

  /** A field as its encoding says: by a style, text parts as a form writes them; else one part per value (per item of an array). */
  field(name: string, value: MultipartValue, encoding: FieldEncoding | undefined): void {
    const extra = partHeaders(name, encoding);
    if (encoding?.style !== undefined) {
      flattenField((partName, text) => this.part(partName, extra, Buffer.from(text, 'utf8')), name, value as FormValue, encoding, OPTION);
      return;
    }
    this.item(name, value, false, concreteType(encoding?.contentType), extra);
  }

  item(name: string, value: MultipartItem | readonly MultipartItem[], nested: boolean, declared: string | undefined, extra: string): void {
    if (value === null || value === undefined) return;
    if (value instanceof FilePart) {
      this.file(name, value.data, value.filename, value.contentType ?? fileType(value.data, declared), extra);
    } else if (value instanceof Uint8Array || value instanceof Blob || (typeof value === 'object' && !Array.isArray(value) && isStreamSource(value))) {
      this.file(name, value, undefined, fileType(value, declared), extra);
    } else if (Array.isArray(value) && !nested) {
      for (const item of value as readonly MultipartItem[]) this.item(name, item, true, declared, extra);
    } else if (declared !== undefined && isJsonContentType(declared)) {
      this.part(name, `\r\nContent-Type: ${checkContentType(name, declared)}${extra}`, Buffer.from(json(name, value), 'utf8'));
    } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      const type = declared === undefined ? '' : `\r\nContent-Type: ${checkContentType(name, declared)}`;
      this.part(name, type + extra, Buffer.from(String(value), 'utf8'));
    } else if (declared === undefined && (Array.isArray(value) || isPlainObject(value))) {
      this.part(name, `\r\nContent-Type: application/json${extra}`, Buffer.from(json(name, value), 'utf8'));
    } else if (Array.isArray(value) || isPlainObject(value)) {
      throw new InvalidOptionError(OPTION, `part ${JSON.stringify(name)} is declared ${declared ?? ''}, which the client cannot write an object as; give it as text, bytes or a Blob`);
    } else {
      throw new InvalidOptionError(OPTION, `part ${JSON.stringify(name)} is a ${value.constructor?.name ?? 'object'}; expected text, a number, a boolean, a Blob, bytes, a stream, a FilePart or a plain object`);
    }
  }

  finish(): Segment[] {
    this.add(Buffer.from(`--${this.boundary}--\r\n`, 'utf8'));
    this.#flush();
    return this.segments;
  }

  #flush(): void {
    if (this.#pending.length === 0) return;
    this.segments.push(Buffer.concat(this.#pending));
    this.#pending = [];
  }
}

function json(name: string, value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    throw new InvalidOptionError(OPTION, `part ${JSON.stringify(name)} cannot be written as JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function* send(segments: readonly Segment[]): AsyncGenerator<Uint8Array> {
  for (const segment of segments) {
    if (segment instanceof Uint8Array) {
      yield segment;
      continue;
    }
    const chunks: AsyncIterable<Uint8Array | string> = segment instanceof Blob ? Readable.fromWeb(segment.stream() as NodeReadableStream<Uint8Array>) : segment;
    for await (const chunk of chunks) yield typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
  }
}

/**
 * multipart/form-data (RFC 7578) written here rather than by undici's FormData, which takes no
 * streams: a stream part is sent as it arrives, never held whole in memory.
 */
export function encodeMultipart(map: MultipartMap, encodings?: FieldEncodings): EncodedMultipart {
  if (!isPlainObject(map)) throw new InvalidOptionError(OPTION, 'expected a plain object of part names to values');
  const writer = new Writer();
  const parts = map as { readonly [name: string]: MultipartValue };
  for (const name of Object.keys(parts)) writer.field(name, parts[name], fieldEncoding(encodings, name));
  const segments = writer.finish();
  const contentType = `multipart/form-data; boundary=${writer.boundary}`;
  if (segments.length === 1 && segments[0] instanceof Uint8Array) return { body: segments[0], contentType, length: writer.length, replayable: true };
  // Each iteration reads the Blobs afresh, so a body without streams can be sent again (a redirect, a retry).
  return { body: { [Symbol.asyncIterator]: () => send(segments) }, contentType, length: writer.length, replayable: !writer.streamed };
}

/** A file a generated client takes for a `binary` field of a multipart body: bytes, a Blob, a stream, or a FilePart naming it. */
export type FileInput = Blob | Uint8Array | StreamSource | FilePart;

type WithFiles<V> = V extends string ? (string extends V ? V | FileInput : V) : V;
/**
 * A multipart body's fields, each plain `string` field also taking a file (FileInput): a part of
 * text can as well be a file's bytes (`curl -F file=@a.pdf`), whatever type the document wrote.
 */
export type MultipartFields<T> = { [K in keyof T]: WithFiles<T[K]> };
