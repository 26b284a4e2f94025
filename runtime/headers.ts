import { InvalidOptionError } from './errors.js';
import type { HeaderMap, HeaderValue } from './options.js';
import { DEFAULT_USER_AGENT } from './version.js';

/** Header names and values as sent: one entry per lower-cased name. Write entries with `setHeader`. */
export type OutgoingHeaders = Record<string, string | string[]>;

// RFC 9110 token characters (header names, methods, cookie names); values may not hold CR, LF or
// NUL (they would split the message).
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const FORBIDDEN_IN_VALUE = /[\r\n\0]/;

export function isToken(text: string): boolean {
  return TOKEN.test(text);
}

function checkHeader(option: string, name: string, value: string): void {
  if (!TOKEN.test(name)) {
    throw new InvalidOptionError(option, `header name ${JSON.stringify(name)} is not a valid HTTP token`);
  }
  if (FORBIDDEN_IN_VALUE.test(value)) {
    throw new InvalidOptionError(option, `header ${name} holds CR, LF or NUL, which could split the request`);
  }
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
    if (value === null || value === undefined) delete headers[lower];
    else setHeader(headers, lower, normalize(option, name, value));
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
  }
}

export function hasHeader(headers: OutgoingHeaders, lowerName: string): boolean {
  return Object.hasOwn(headers, lowerName);
}
