import { randomUUID } from 'node:crypto';
import { InvalidOptionError } from './errors.js';
import { hasHeader } from './headers.js';
import type { OutgoingHeaders } from './headers.js';

/** What an `idempotencyKey` function is given: the call as it will first be sent. */
export interface IdempotencyKeyRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<OutgoingHeaders>;
}

/**
 * `true`: a random UUID per call. A function: the key for a call (derive it from an order id, say,
 * so that the same order sent again by a restarted process is still recognised).
 */
export type IdempotencyKey = boolean | ((request: IdempotencyKeyRequest) => string);

/** The header, lower-cased as the runtime keeps outgoing names. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** Methods that are safe already: a key would mean nothing to the server. */
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

export type KeyMaker = (request: IdempotencyKeyRequest) => string;

const randomKey: KeyMaker = () => randomUUID();

export function toKeyMaker(option: IdempotencyKey | undefined): KeyMaker | undefined {
  if (option === undefined || option === false) return undefined;
  if (option === true) return randomKey;
  if (typeof option === 'function') return option;
  throw new InvalidOptionError('idempotencyKey', `expected true, false or a function of the request; got ${String(option)}`);
}

/**
 * Adds the call's key to its headers, once, before its first try: retries and 307/308 redirects
 * reuse these headers, so every send of one call carries the same key. A key the call set itself wins.
 */
export function addIdempotencyKey(make: KeyMaker, method: string, url: string, headers: OutgoingHeaders): void {
  if (SAFE_METHODS.has(method) || hasHeader(headers, IDEMPOTENCY_HEADER)) return;
  headers[IDEMPOTENCY_HEADER] = checkedKey(make({ method, url, headers }), 'the key function must return');
}

/** The key goes into a header: refused here, named, rather than by undici after the call queued. */
function checkedKey(key: unknown, expected: string): string {
  if (typeof key !== 'string' || key === '' || /[^\t\x20-\x7e]/.test(key)) {
    throw new InvalidOptionError('idempotencyKey', `${expected} a non-empty string of visible ASCII; got ${JSON.stringify(key)}`);
  }
  return key;
}

/**
 * A call's own key, `{ idempotencyKey: 'order-42' }` (Stripe's SDKs take one per request): sent
 * whatever the method, in place of the session's and of an Idempotency-Key in the call's headers.
 */
export function setIdempotencyKey(key: string, headers: OutgoingHeaders): void {
  headers[IDEMPOTENCY_HEADER] = checkedKey(key, 'expected');
}

/** Whether a request carries a key, so that sending it twice is safe (Stripe's convention). */
export function hasIdempotencyKey(headers: OutgoingHeaders): boolean {
  return hasHeader(headers, IDEMPOTENCY_HEADER);
}
