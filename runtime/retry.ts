import type { Deadline, DeadlineListener } from './deadline.js';
import { MAX_TIMER_MS, wholeNumber } from './check.js';
import { ConnectionError, InvalidOptionError } from './errors.js';
import type { OutgoingHeaders } from './headers.js';
import type { PreparedRequest } from './hooks.js';
import { hasIdempotencyKey } from './idempotency.js';

export interface RetryOptions {
  /** Retries after the first try. Default 2. */
  limit?: number;
  /**
   * Methods that may be retried. Default the idempotent ones (GET, HEAD, PUT, DELETE, OPTIONS),
   * and POST and PATCH when the request carries an `Idempotency-Key` (Stripe's convention: the
   * server answers a repeated key with the first result). Given here, exactly these are retried.
   */
  methods?: readonly string[];
  /** Statuses that are retried. Default 408, 429, 500, 502, 503, 504. */
  statuses?: readonly number[];
  /** Retry when the connection fails (refused, reset, closed). Default true. */
  networkErrors?: boolean;
  /** First backoff in ms, doubled each retry, with jitter. Default 100. */
  backoff?: number;
  /** Longest backoff in ms. Default 10,000. */
  maxBackoff?: number;
  /** Longest Retry-After honoured, in ms; a longer one is not waited for and the response is returned. Default 60,000. */
  maxRetryAfter?: number;
}

/** A number is the retry limit with the other defaults; 0 or false turns retries off. */
export type Retry = number | false | RetryOptions;

export interface RetryPolicy {
  readonly limit: number;
  readonly methods: ReadonlySet<string>;
  /** Methods retried when the request carries an Idempotency-Key. */
  readonly keyedMethods: ReadonlySet<string>;
  readonly statuses: ReadonlySet<number>;
  readonly networkErrors: boolean;
  readonly backoff: number;
  readonly maxBackoff: number;
  readonly maxRetryAfter: number;
}

/** Methods that mean the same when sent twice: retried by default, and resent on a stale connection. */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
/** The default methods plus those an Idempotency-Key makes safe to send twice. */
const KEYED_METHODS: ReadonlySet<string> = new Set([...IDEMPOTENT_METHODS, 'POST', 'PATCH']);

/**
 * What a session does when given no `retry`: 2 retries, as stripe-node and openai-node make, of
 * what is safe to send again (the defaults above). Made once: every such session shares it.
 */
let defaultPolicy: RetryPolicy | undefined;

export function toRetryPolicy(retry: Retry | undefined): RetryPolicy | undefined {
  // `true` is not in the type, but a JavaScript caller who writes it means the defaults.
  if (retry === undefined || (retry as unknown) === true) return (defaultPolicy ??= Object.freeze(toRetryPolicy({})!));
  if (retry === false) return undefined;
  if (typeof retry !== 'number' && (typeof retry !== 'object' || retry === null)) {
    throw new InvalidOptionError('retry', `expected a number of retries, false, or retry options; got ${String(retry)}`);
  }
  const options: RetryOptions = typeof retry === 'number' ? { limit: retry } : retry;
  const limit = wholeNumber('retry.limit', options.limit, 2, 0);
  if (limit === 0) return undefined;
  const methods = options.methods === undefined ? IDEMPOTENT_METHODS : new Set(options.methods.map((method) => method.toUpperCase()));
  return {
    limit,
    methods,
    keyedMethods: options.methods === undefined ? KEYED_METHODS : methods,
    statuses: new Set(options.statuses ?? [408, 429, 500, 502, 503, 504]),
    networkErrors: options.networkErrors ?? true,
    backoff: wholeNumber('retry.backoff', options.backoff, 100, 0, MAX_TIMER_MS),
    maxBackoff: wholeNumber('retry.maxBackoff', options.maxBackoff, 10_000, 0, MAX_TIMER_MS),
    maxRetryAfter: wholeNumber('retry.maxRetryAfter', options.maxRetryAfter, 60_000, 0, MAX_TIMER_MS),
  };
}

/** Whether the policy lets this request go again; asked only once a try has failed. */
function retriesMethod(policy: RetryPolicy, method: string, headers: OutgoingHeaders): boolean {
  return policy.methods.has(method) || (policy.keyedMethods.has(method) && hasIdempotencyKey(headers));
}

export function retriesError(policy: RetryPolicy, request: PreparedRequest, error: unknown): boolean {
  return policy.networkErrors && error instanceof ConnectionError && retriesMethod(policy, request.method, request.headers);
}

/**
 * What the server says of retrying its answer: OpenAI's `x-should-retry` and Stripe's
 * `stripe-should-retry`, `true` or `false` (undefined when it says neither).
 */
function serverSays(headers: Readonly<Record<string, string | string[] | undefined>>): boolean | undefined {
  const said = headers['x-should-retry'] ?? headers['stripe-should-retry'];
  const value = Array.isArray(said) ? said[0] : said;
  return value === 'true' ? true : value === 'false' ? false : undefined;
}

/**
 * Whether a response with this status goes again: a status of the policy's, unless the server
 * says `x-should-retry: false` (or Stripe's header); with `true`, any 4xx or 5xx (Stripe's 409
 * lock timeout). The method must be one the policy retries either way: the server's word never
 * makes an unkeyed POST safe to send twice.
 */
export function retriesStatus(policy: RetryPolicy, request: PreparedRequest, status: number, headers: Readonly<Record<string, string | string[] | undefined>>): boolean {
  // Only a failure is retried, whatever a header on a success or redirect says.
  const said = status >= 400 ? serverSays(headers) : undefined;
  return (said ?? policy.statuses.has(status)) && retriesMethod(policy, request.method, request.headers);
}

/** Retry-After as milliseconds from now: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined) return undefined;
  if (/^\s*\d+\s*$/.test(text)) return Number(text) * 1000;
  // Date.parse takes `-5` and `1.5` as years; an HTTP date always names its month, so anything
  // without a letter is just invalid (and falls back to backoff).
  if (!/[A-Za-z]/.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * How long to wait before retry number `attempt` (0-based): the server's Retry-After when it gave
 * one (undefined if over the cap: do not retry), else exponential backoff with full jitter.
 */
export function retryDelay(policy: RetryPolicy, attempt: number, retryAfter: string | string[] | undefined): number | undefined {
  const asked = parseRetryAfter(retryAfter);
  if (asked !== undefined) return asked <= policy.maxRetryAfter ? asked : undefined;
  const ceiling = Math.min(policy.maxBackoff, policy.backoff * 2 ** attempt);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/**
 * Waits `ms`, or rejects with the deadline's reason (the call's TimeoutError or AbortError), or at
 * once with what the session passes to everything in `sleepers` when it closes.
 */
export function sleep(ms: number, deadline: Deadline | undefined, sleepers: Set<DeadlineListener>): Promise<void> {
  if (deadline?.aborted === true) return Promise.reject(deadline.reason);
  return new Promise((resolve, reject) => {
    const listener: DeadlineListener = {
      onDeadline(reason) {
        clearTimeout(timer);
        deadline?.unlisten(listener);
        sleepers.delete(listener);
        reject(reason);
      },
    };
    const timer = setTimeout(() => {
      deadline?.unlisten(listener);
      sleepers.delete(listener);
      resolve();
    }, ms);
    deadline?.listen(listener);
    sleepers.add(listener);
  });
}
