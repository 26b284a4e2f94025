import { RedirectError } from './errors.js';
import type { RequestInfo } from './errors.js';
import { copyHeaders } from './headers.js';
import type { OutgoingHeaders } from './headers.js';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

// Headers that carry credentials; never sent on to another origin, or from https down to http.
const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie'] as const;
const BODY_HEADERS = ['content-type', 'content-length', 'transfer-encoding'] as const;

/**
 * The absolute URL a response redirects to, or undefined when it is not a redirect. A Location that
 * is no URL at all (`http://[bad`, a port over 65535) is the peer's fault: a RedirectError, never
 * URL's own TypeError.
 */
export function redirectLocation(status: number, location: string | string[] | undefined, request: RequestInfo, redirects: readonly string[]): string | undefined {
  if (!REDIRECT_STATUSES.has(status) || location === undefined) return undefined;
  const value = Array.isArray(location) ? location[0] : location;
  if (value === undefined || value === '') return undefined;
  let target: URL;
  try {
    target = new URL(value, request.url);
  } catch {
    throw new RedirectError(`a ${status} redirect to ${JSON.stringify(value.slice(0, 200))}, which is not a valid URL`, [...redirects, request.url], request);
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return undefined;
  target.hash = '';
  return target.href;
}

/** 303 (and 301/302 after a POST) turn the call into a GET without its body; 307 and 308 keep both. */
export function redirectedMethod(status: number, method: string): { method: string; keepsBody: boolean } {
  if (status === 303 && method !== 'HEAD') return { method: 'GET', keepsBody: false };
  if ((status === 301 || status === 302) && method === 'POST') return { method: 'GET', keepsBody: false };
  return { method, keepsBody: true };
}

/** The headers for the next hop: credentials dropped when it is untrusted, body headers when the body is. */
export function redirectedHeaders(headers: OutgoingHeaders, trusted: boolean, keepsBody: boolean): OutgoingHeaders {
  const next = copyHeaders(headers);
  if (!trusted) for (const name of CREDENTIAL_HEADERS) delete next[name];
  if (!keepsBody) for (const name of BODY_HEADERS) delete next[name];
  return next;
}
