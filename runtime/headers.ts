import { InvalidOptionError } from './errors.js';
import type { HeaderMap, HeaderValue } from './options.js';
import { DEFAULT_USER_AGENT } from './version.js';

/** Header names and values as sent: one entry per lower-cased name. Write entries with `setHeader`. */
export type OutgoingHeaders = Record<string, string | string[]>;

// RFC 9110 token characters (header names, methods, cookie names); values may not hold CR, LF or
// NUL (they would split the message), nor what undici refuses: other controls, and anything past
// Latin-1 (a header is bytes, and `日本` has no one way to be sent).
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const FORBIDDEN_IN_VALUE = /[^\t\x20-\x7e\x80-\xff]/;
const SPLITS_MESSAGE = /[\r\n\0]/;

export function isToken(text: string): boolean {
  return TOKEN.test(text);
}

/**
 * Headers undici refuses, or takes only in one form: checked here so a call fails before it queues,
 * with the header named, instead of coming back from the connection as if the network had failed.
 */
type Refusal = (value: string | string[]) => string | undefined;

const RESTRICTED: ReadonlyMap<string, Refusal> = new Map<string, Refusal>([
  ['expect', () => 'is not supported (undici cannot send Expect: 100-continue)'],
  ['transfer-encoding', () => 'is set by the runtime from the body'],
  ['keep-alive', () => 'is set by the runtime (see the keepAlive option)'],
  ['upgrade', () => 'cannot be sent: the runtime does not switch protocols'],
  ['connection', (value) => (typeof value === 'string' && value.split(',').every((item) => TOKEN.test(item.trim())) ? undefined : 'must be one list of tokens, such as close')],
  ['content-length', (value) => (typeof value === 'string' && /^\d+$/.test(value) ? undefined : 'must be one whole number')],
  ['host', (value) => (typeof value === 'string' ? undefined : 'must be given once')],
]);

function checkHeader(option: string, name: string, value: string): void {
  if (!TOKEN.test(name)) {
    throw new InvalidOptionError(option, `header name ${JSON.stringify(name)} is not a valid HTTP token`);
  }
  if (FORBIDDEN_IN_VALUE.test(value)) {
    const why = SPLITS_MESSAGE.test(value) ? 'holds CR, LF or NUL, which could split the request' : 'holds a control character or one outside Latin-1, which cannot be sent';
    throw new InvalidOptionError(option, `header ${name} ${why}`);
  }
}

function checkRestricted(option: string, name: string, lowerName: string, value: string | string[]): void {
  const why = RESTRICTED.get(lowerName)?.(value);
  if (why !== undefined) throw new InvalidOptionError(option, `header ${name} ${why}`);
}

function normalize(option: string, name: string, value: HeaderValue): string | string[] {
  if (typeof value === 'string') {
    checkHeader(option, name, value);
    return value;
  }
  if (typeof value === 'number') return String(value);
  const values = value.map(String);
  for (const item of values) checkHeader(option, name, item);
  return values;
}

/**
 * The headers a call sends: the default User-Agent, the session's over it, then the call's over
 * them (names compared without case), where a `null` or `undefined` drops what is below. Neither
 * map is changed. The default costs nothing extra: it is the literal the merge starts from.
 */
export function mergeHeaders(session: HeaderMap, call: HeaderMap | undefined): OutgoingHeaders {
  const headers: OutgoingHeaders = { 'user-agent': DEFAULT_USER_AGENT };
  mergeInto(headers, session, 'session headers');
  if (call !== undefined) mergeInto(headers, call, 'headers');
  return headers;
}

function mergeInto(headers: OutgoingHeaders, map: HeaderMap, option: string): void {
  for (const name of Object.keys(map)) {
    const value = map[name];
    const lower = name.toLowerCase();
    if (value === null || value === undefined) {
      delete headers[lower];
      continue;
    }
    const normalized = normalize(option, name, value);
    if (RESTRICTED.has(lower)) checkRestricted(option, name, lower, normalized);
    setHeader(headers, lower, normalized);
  }
}

/**
 * Sets one header. A plain object keeps V8's fast properties (a null-prototype one would be a
 * dictionary, slower and larger for every call); `__proto__` is defined as an own key, never a prototype.
 */
export function setHeader(headers: OutgoingHeaders, lowerName: string, value: string | string[]): void {
  if (lowerName === '__proto__') Object.defineProperty(headers, lowerName, { value, enumerable: true, writable: true, configurable: true });
  else headers[lowerName] = value;
}

/** A copy to change without touching the original. */
export function copyHeaders(headers: OutgoingHeaders): OutgoingHeaders {
  const copy: OutgoingHeaders = {};
  for (const name of Object.keys(headers)) setHeader(copy, name, headers[name]!);
  return copy;
}

/** Checks headers that code other than the merge produced (hooks, auth) before they are sent. */
export function checkHeaders(option: string, headers: OutgoingHeaders): void {
  for (const name of Object.keys(headers)) {
    const value = headers[name]!;
    for (const item of Array.isArray(value) ? value : [value]) checkHeader(option, name, String(item));
    checkRestricted(option, name, name.toLowerCase(), value);
  }
}

/** Sets a header a call option gives (`accept`), checked like every header, over what the merge gave. */
export function setOptionHeader(headers: OutgoingHeaders, option: string, lowerName: string, value: unknown): void {
  if (typeof value !== 'string') throw new InvalidOptionError(option, `expected a string; got ${typeof value}`);
  checkHeader(option, lowerName, value);
  setHeader(headers, lowerName, value);
}

/** Whether a call's own headers name `lowerName` (in any case) with a value. */
export function callHasHeader(headers: HeaderMap | undefined, lowerName: string): boolean {
  if (headers === undefined) return false;
  for (const name of Object.keys(headers)) if (name.toLowerCase() === lowerName && headers[name] != null) return true;
  return false;
}

export function hasHeader(headers: OutgoingHeaders, lowerName: string): boolean {
  return Object.hasOwn(headers, lowerName);
}
