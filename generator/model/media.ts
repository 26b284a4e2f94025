/**
 * What a media type means for a body or a result, decided in one place for every front end:
 * which runtime option sends a body, and which reader reads a result.
 */
import type { BodyEncoding, ResultReading, TypeRef } from './types.js';

/** Newline-delimited JSON, by the names it goes by. */
export const JSON_LINES: ReadonlySet<string> = new Set(['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/x-jsonlines', 'application/jsonlines']);

/** The bare media type: `Application/JSON; charset=utf-8` gives `application/json`. */
export function essence(mediaType: string): string {
  return mediaType.split(';', 1)[0]!.trim().toLowerCase();
}

export function isJsonMediaType(mediaType: string): boolean {
  const bare = essence(mediaType);
  return bare === 'application/json' || bare.endsWith('+json') || bare === 'text/json';
}

export function isTextMediaType(mediaType: string): boolean {
  const bare = essence(mediaType);
  return bare.startsWith('text/') || bare === 'application/xml' || bare.endsWith('+xml') || bare === 'application/javascript';
}

function isBuiltin(type: TypeRef | undefined, name: 'binary' | 'stream' | 'string'): boolean {
  return type?.kind === 'builtin' && type.name === name;
}

/**
 * The encoding of a body of `type` sent as `mediaType`: bytes for a `binary` body; JSON, form and
 * multipart by the media type (JSON too for a wildcard or none); text for anything else.
 */
export function bodyEncodingOf(mediaType: string, type: TypeRef): BodyEncoding {
  // Bytes are sent as they are under any media type, as the OpenAPI front end reads a binary schema.
  if (isBuiltin(type, 'binary')) return 'binary';
  const bare = essence(mediaType);
  if (isJsonMediaType(bare)) return 'json';
  if (bare === 'application/x-www-form-urlencoded') return 'form';
  if (bare === 'multipart/form-data') return 'multipart';
  // `*/*`, `application/*` or none say nothing: a typed body is JSON, as the OpenAPI front end reads it.
  return WILDCARDS.has(bare) ? 'json' : 'text';
}

/** Media types that name no format. */
const WILDCARDS: ReadonlySet<string> = new Set(['*/*', 'application/*', '']);

/** The media type a body is sent as by default, when the source names none. */
export function defaultBodyMediaType(type: TypeRef): string {
  return isBuiltin(type, 'binary') ? 'application/octet-stream' : 'application/json';
}

/** The Content-Type the runtime sends itself for an encoding; any other media type is sent as a fixed header. */
export const RUNTIME_CONTENT_TYPES: Readonly<Record<BodyEncoding, string>> = {
  json: 'application/json',
  form: 'application/x-www-form-urlencoded',
  // The runtime adds the boundary; a fixed header would lose it.
  multipart: 'multipart/form-data',
  text: 'text/plain',
  binary: 'application/octet-stream',
};

/**
 * How a result of `type` is read: `stream` and `binary` types as a stream and bytes; server-sent
 * events and JSON lines as they arrive (the type is each event's data, each line); a JSON media
 * type as JSON; a text one, or a `string` with no media type, as text; other media types as
 * bytes; JSON otherwise. No type at all reads nothing.
 */
export function readingOf(mediaType: string | undefined, type: TypeRef | undefined): ResultReading {
  if (type === undefined) return 'none';
  if (isBuiltin(type, 'stream')) return 'stream';
  if (isBuiltin(type, 'binary')) return 'bytes';
  if (mediaType === undefined) return isBuiltin(type, 'string') ? 'text' : 'json';
  const bare = essence(mediaType);
  if (bare === 'text/event-stream') return isBuiltin(type, 'string') ? 'textEvents' : 'events';
  if (JSON_LINES.has(bare)) return 'jsonLines';
  if (isJsonMediaType(mediaType)) return 'json';
  if (isTextMediaType(mediaType) || isBuiltin(type, 'string')) return 'text';
  return 'bytes';
}
