import { InvalidOptionError } from './errors.js';
import type { JoinedParam, ParamMap, ParamValue } from './options.js';

/** A base location parsed once, so each call only joins strings. */
export interface ParsedBase {
  readonly origin: string;
  /** The base location's own path, without its query. */
  readonly pathname: string;
  /** Its query, without the `?`. */
  readonly query: string;
}

const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;

export function hasScheme(value: string): boolean {
  return SCHEME.test(value);
}

export function parseBase(option: string, value: string): ParsedBase {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidOptionError(option, `expected an absolute http(s) URL; got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidOptionError(option, `expected an http or https URL; got ${JSON.stringify(value)}`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new InvalidOptionError(option, 'credentials in the URL are not sent; use the auth option');
  }
  return { origin: url.origin, pathname: url.pathname, query: url.search.slice(1) };
}

/** A path segment from a value: every reserved character encoded, and `.`/`..` kept from meaning "here"/"up". */
export function encodePathParam(value: string | number | boolean): string {
  // A whole number is digits and maybe a minus sign: nothing in it to encode.
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  const text = String(value);
  if (text === '.') return '%2E';
  if (text === '..') return '%2E%2E';
  return encodeURIComponent(text);
}

// A segment that would name no file or move up or stay, and what could end a request line.
const NOT_A_NAME: ReadonlySet<string> = new Set(['', '.', '..']);
const LINE_BREAKING = /[\r\n\0]/;

/**
 * A path parameter that spans segments (OpenAPI's `x-multi-segment`: GitHub's file paths and
 * branch names): each `/`-separated segment encoded as encodePathParam encodes one, the slashes
 * kept, so `docs/a b/intro#1.md` goes as `docs/a%20b/intro%231.md`. The value may not leave the
 * path it is put in: a `.`, `..` or empty segment (`a//b`, a leading or trailing `/`) and CR, LF
 * or NUL are refused with an InvalidOptionError naming `name`, the parameter. An empty value is
 * sent as nothing, as encodePathParam sends it.
 */
export function encodePathSegments(value: string | number | boolean, name: string): string {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  const text = String(value);
  if (text === '') return text;
  if (LINE_BREAKING.test(text)) throw new InvalidOptionError(name, `a path may not hold CR, LF or NUL; got ${JSON.stringify(text)}`);
  let encoded = '';
  let start = 0;
  for (;;) {
    const slash = text.indexOf('/', start);
    const segment = slash === -1 ? text.slice(start) : text.slice(start, slash);
    if (NOT_A_NAME.has(segment)) {
      throw new InvalidOptionError(name, `every "/"-separated segment must name something (not empty, "." or ".."); got ${JSON.stringify(text)}`);
    }
    encoded += (start === 0 ? '' : '/') + encodeURIComponent(segment);
    if (slash === -1) return encoded;
    start = slash + 1;
  }
}

function trimEnd(part: string): string {
  let end = part.length;
  while (end > 0 && part.charCodeAt(end - 1) === 47 /* / */) end--;
  return part.slice(0, end);
}

function trimStart(part: string): string {
  let start = 0;
  while (start < part.length && part.charCodeAt(start) === 47) start++;
  return part.slice(start);
}

/**
 * Joins path parts with exactly one `/` between them. A trailing `/` on the last part is kept:
 * it is part of the resource's name. Empty parts add nothing.
 */
export function joinPath(parts: readonly string[]): string {
  let joined = '';
  let last = '';
  for (const part of parts) {
    const inner = trimEnd(trimStart(part));
    if (part !== '') last = part;
    if (inner !== '') joined += '/' + inner;
  }
  if (last.endsWith('/') || joined === '') joined += '/';
  return joined;
}

// Characters a request target may hold as they are (RFC 3986 pchar, `/`, `?`, and `%` of an escape).
const UNSAFE_IN_TARGET = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/?%]|%(?![0-9A-Fa-f]{2})/g;
const HAS_UNSAFE = new RegExp(UNSAFE_IN_TARGET.source);

/** Percent-encodes what may not stand in a request target (spaces, non-ASCII, stray `%`), leaving escapes as they are. */
export function encodeTarget(target: string): string {
  return HAS_UNSAFE.test(target) ? target.replace(UNSAFE_IN_TARGET, (char) => encodeURIComponent(char)) : target;
}

function hasOwnKeys(map: object): boolean {
  for (const key in map) if (Object.hasOwn(map, key)) return true;
  return false;
}

/** Merges session params with call params (call wins, `null` drops) into a query string without `?`. */
export function buildQuery(session: ParamMap, call: ParamMap | undefined): string {
  if (call === undefined && !hasOwnKeys(session)) return '';
  // Null prototype: a param named `__proto__` is a key like any other, not the object's prototype.
  const merged = Object.create(null) as Record<string, ParamValue>;
  for (const key of Object.keys(session)) {
    const value = session[key];
    if (value !== null && value !== undefined && !(call !== undefined && Object.hasOwn(call, key))) merged[key] = value;
  }
  if (call !== undefined) {
    for (const key of Object.keys(call)) {
      const value = call[key];
      if (value !== null && value !== undefined) merged[key] = value;
    }
  }
  let query = '';
  for (const key of Object.keys(merged)) {
    const value = merged[key]!;
    const name = encodeURIComponent(key);
    if (typeof value !== 'object') query += (query === '' ? '' : '&') + name + '=' + encodeURIComponent(String(value));
    else if (Array.isArray(value)) {
      for (const item of value as readonly unknown[]) {
        // As requests does, a null in a list is left out; an object has no one way to be written.
        if (item === null || item === undefined) continue;
        if (typeof item === 'object') throw new InvalidOptionError('params', `${JSON.stringify(key)} holds an object; give a string, number, boolean or a list of them`);
        query += (query === '' ? '' : '&') + name + '=' + encodeURIComponent(String(item));
      }
    } else if (isJoined(value)) query += (query === '' ? '' : '&') + name + '=' + joined(value);
    else throw new InvalidOptionError('params', `${JSON.stringify(key)} holds an object; give a string, number, boolean or a list of them`);
  }
  return query;
}

function isJoined(value: object): value is JoinedParam {
  return 'items' in value && 'delimiter' in value && Array.isArray((value as JoinedParam).items);
}

/** The one place a delimiter reaches the query as it is: a comma; a space or pipe may not stand bare in a URL. */
function joined(value: JoinedParam): string {
  const glue = value.delimiter === ',' ? ',' : encodeURIComponent(value.delimiter);
  let text = '';
  for (let index = 0; index < value.items.length; index++) text += (index === 0 ? '' : glue) + encodeURIComponent(String(value.items[index]));
  return text;
}

/**
 * RFC 3986 remove_dot_segments, as curl, urllib3 and yarl apply it: `/a/./b/../c` is `/a/c`, and
 * `..` stops at the root. Only the path changes, so the origin never does. An encoded dot
 * (`%2E`, as encodePathParam writes one) is a name, and stays.
 */
export function removeDotSegments(path: string): string {
  if (!path.includes('/.')) return path;
  const segments = path.split('/');
  const last = segments.length - 1;
  const kept: string[] = [];
  for (let i = 1; i <= last; i++) {
    const segment = segments[i]!;
    if (segment === '.' || segment === '..') {
      if (segment === '..') kept.pop();
      if (i === last) kept.push('');
    } else {
      kept.push(segment);
    }
  }
  return '/' + kept.join('/');
}

export interface Target {
  readonly origin: string;
  /** Path and query, as sent on the request line. */
  readonly path: string;
  readonly url: string;
}

/** `/a/b`: one leading slash, no `//` at the end, no query, fragment, dot segment or character to encode. */
function isPlainPath(path: string): boolean {
  return (
    path.charCodeAt(0) === 47 &&
    path.charCodeAt(1) !== 47 &&
    !path.endsWith('//') &&
    path.indexOf('?') === -1 &&
    !path.includes('/.') &&
    !HAS_UNSAFE.test(path)
  );
}

/** Splits `/a/b?x=1#frag` into path and query, dropping the fragment (never sent). */
function splitPathQuery(value: string): [string, string] {
  const hash = value.indexOf('#');
  const withoutHash = hash === -1 ? value : value.slice(0, hash);
  const question = withoutHash.indexOf('?');
  if (question === -1) return [withoutHash, ''];
  return [withoutHash.slice(0, question), withoutHash.slice(question + 1)];
}

/**
 * Builds the target of a call: a full URL replaces base + endpoint; otherwise base, endpoint and path
 * are joined. `query` (already encoded) goes after any query the parts already hold.
 */
export function resolveTarget(
  base: ParsedBase | undefined,
  endpoint: string,
  url: string | undefined,
  path: string | undefined,
  query: string,
): Target {
  // Most calls: a plain absolute path on a base location without path, endpoint or query. Joining,
  // removing dot segments and encoding would each give the path back unchanged.
  if (url === undefined && base !== undefined && path !== undefined && query === '' && endpoint === '' && base.pathname === '/' && base.query === '' && isPlainPath(path)) {
    return { origin: base.origin, path, url: base.origin + path };
  }
  if (path !== undefined && (hasScheme(path) || path.startsWith('//'))) {
    throw new InvalidOptionError('path', `a path cannot change the origin; got ${JSON.stringify(path)} (pass a full URL as the first argument instead)`);
  }
  // A full URL stands where base location + endpoint would.
  const start = url !== undefined ? parseBase('url', url) : base;
  if (start === undefined) {
    throw new InvalidOptionError('baseLocation', 'the session has no baseLocation; set one or pass a full URL');
  }
  const parts = url !== undefined ? [start.pathname] : [start.pathname, endpoint];
  const queries: string[] = [];
  if (start.query !== '') queries.push(start.query);
  if (path !== undefined) {
    const [pathPart, pathQuery] = splitPathQuery(path);
    parts.push(pathPart);
    if (pathQuery !== '') queries.push(pathQuery);
  }
  if (query !== '') queries.push(query);
  const joined = encodeTarget(removeDotSegments(joinPath(parts)) + (queries.length > 0 ? '?' + queries.join('&') : ''));
  return { origin: start.origin, path: joined, url: start.origin + joined };
}
