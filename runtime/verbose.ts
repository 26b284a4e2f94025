import { ApiKeyAuth } from './auth.js';
import type { AuthHandler } from './auth.js';
import { AllOfAuth } from './security.js';
import type { PreparedRequest } from './hooks.js';

/** Where verbose lines go: a stream such as process.stderr, or a function that takes each line. */
export type Verbose = { write(text: string): unknown } | ((line: string) => void);

export type LogLine = (line: string) => void;

export function toLogLine(verbose: Verbose | undefined): LogLine | undefined {
  if (verbose === undefined) return undefined;
  if (typeof verbose === 'function') return verbose;
  return (line) => verbose.write(line + '\n');
}

// Query keys whose values are secrets often enough that a log should never show them.
const SECRET_KEY = /(pass|secret|token|key|auth|sig|session|credential)/i;

/** The URL with secret-looking query values (and `secretParams`') and any userinfo replaced by `***`. */
export function maskUrl(url: string, secretParams: readonly string[] = []): string {
  const question = url.indexOf('?');
  let masked = url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1***@');
  if (question === -1) return masked;
  const start = masked.indexOf('?');
  const query = masked.slice(start + 1).split('&').map((pair) => {
    const equals = pair.indexOf('=');
    if (equals === -1) return pair;
    const key = decodeURIComponentSafe(pair.slice(0, equals));
    return SECRET_KEY.test(key) || secretParams.includes(key) ? pair.slice(0, equals) + '=***' : pair;
  });
  masked = masked.slice(0, start + 1) + query.join('&');
  return masked;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export interface HopCounts {
  readonly retry: number;
  readonly redirect: number;
}

function counts(hop: HopCounts): string {
  const parts: string[] = [];
  if (hop.retry > 0) parts.push(`retry ${hop.retry}`);
  if (hop.redirect > 0) parts.push(`redirect ${hop.redirect}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

function authNote(authorization: string | string[] | undefined): string {
  if (authorization === undefined) return '';
  const value = Array.isArray(authorization) ? authorization[0] ?? '' : authorization;
  return ` [auth ${value.split(' ', 1)[0]} ***]`;
}

/** A request as log lines show it: the URL masked, and a note of the credentials it carries, masked. */
export interface ShownRequest {
  readonly method: string;
  readonly url: string;
  readonly auth: string;
}

/** Masked once per request, for its request line and its response or failure line. `auth` is the handler that signed it, if any. */
export function showRequest(request: PreparedRequest, auth: AuthHandler | undefined): ShownRequest {
  // Several schemes sent together (an AND of OpenAPI security) may hold several keys.
  const apiKeys = (auth instanceof AllOfAuth ? auth.handlers : [auth]).filter((handler) => handler instanceof ApiKeyAuth);
  const note = authNote(request.headers['authorization']) + apiKeys.map((key) => (key.in === 'header' ? ` [${key.name} ***]` : '')).join('');
  return { method: request.method, url: maskUrl(request.url, apiKeys.filter((key) => key.in === 'query').map((key) => key.name)), auth: note };
}

export function requestLine(request: ShownRequest, hop: HopCounts): string {
  return `${new Date().toISOString()} -> ${request.method} ${request.url}${request.auth}${counts(hop)}`;
}

export function responseLine(request: ShownRequest, status: number, started: number, hop: HopCounts): string {
  return `${new Date().toISOString()} <- ${status} ${request.method} ${request.url} ${(performance.now() - started).toFixed(1)} ms${counts(hop)}`;
}

export function failureLine(request: ShownRequest, error: unknown, started: number, hop: HopCounts): string {
  // The name and code only: an error's message holds the URL unmasked.
  const code = typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? ` ${error.code}` : '';
  const what = (error instanceof Error ? error.name : 'Error') + code;
  return `${new Date().toISOString()} !! ${request.method} ${request.url} ${what} ${(performance.now() - started).toFixed(1)} ms${counts(hop)}`;
}
