import { performance } from 'node:perf_hooks';
import { MAX_TIMER_MS, milliseconds, wholeNumber } from './check.js';
import { InvalidOptionError } from './errors.js';
import { rateLimitWait } from './rate-limit-headers.js';
import type { ResponseHeaders } from './response.js';

/**
 * The session's `rateLimit`. `requests` per `per` ms is a token bucket: a token comes every
 * `per / requests` ms, the bucket holds `burst` of them (default 1, so calls go evenly spaced),
 * and each request sent (retries and redirects included) takes one. `adaptive` follows the
 * server's own quota headers and 429s. Either or both.
 */
export interface RateLimitOptions {
  /** Requests allowed per `per` ms. */
  requests?: number;
  /** The interval in ms that `requests` is counted over. Default 1000. */
  per?: number;
  /** Most requests that may go at once after the session has been quiet. Default 1. */
  burst?: number;
  /**
   * Read `X-RateLimit-Remaining`/`-Reset` (GitHub: reset in Unix seconds), the IETF draft's
   * `RateLimit-Remaining`/`-Reset` (seconds from now) and `RateLimit` (`r=0;t=30`), and a 429's
   * `Retry-After`: when the quota is used up, the session's queue waits until the reset.
   */
  adaptive?: boolean;
  /** Longest wait adaptive mode holds the queue for, in ms; a later reset is not waited for. Default 60,000. */
  maxWait?: number;
}

export type RateLimit = RateLimitOptions;

/** When the pool's queue may send again: a token bucket and the server's holds, in one clock. */
export class RateLimiter {
  /** ms between tokens; 0 when there is no bucket (adaptive only). */
  readonly #interval: number;
  readonly #capacity: number;
  readonly #adaptive: boolean;
  readonly #maxWait: number;
  #tokens: number;
  #stamp = performance.now();
  #heldUntil = 0;

  constructor(options: RateLimitOptions) {
    if (typeof options !== 'object' || options === null) throw new InvalidOptionError('rateLimit', `expected { requests, per, burst, adaptive, maxWait }; got ${String(options)}`);
    this.#adaptive = options.adaptive ?? false;
    this.#maxWait = wholeNumber('rateLimit.maxWait', options.maxWait, 60_000, 0, MAX_TIMER_MS);
    if (options.requests === undefined) {
      if (!this.#adaptive) throw new InvalidOptionError('rateLimit', 'give requests (and per), adaptive: true, or both');
      if (options.per !== undefined || options.burst !== undefined) throw new InvalidOptionError('rateLimit.requests', 'per and burst need requests');
      this.#interval = 0;
      this.#capacity = 1;
    } else {
      const requests = wholeNumber('rateLimit.requests', options.requests, 1, 1);
      this.#interval = (milliseconds('rateLimit.per', options.per) ?? 1000) / requests;
      this.#capacity = wholeNumber('rateLimit.burst', options.burst, 1, 1);
    }
    this.#tokens = this.#capacity;
  }

  /** ms until the next request may go; 0 when one may go now. */
  delay(now = performance.now()): number {
    if (this.#heldUntil > now) return this.#heldUntil - now;
    if (this.#interval === 0) return 0;
    const tokens = this.#refill(now);
    return tokens >= 1 ? 0 : (1 - tokens) * this.#interval;
  }

  /**
   * A request goes now: it takes a token. A part-grown token is dropped, so the next one is a whole
   * interval away: a timer that fired late never lets the next call go early to catch up, and calls
   * are never closer than `per / requests` once the burst is spent (servers count windows, not averages).
   */
  take(now = performance.now()): void {
    if (this.#interval === 0) return;
    this.#tokens = Math.floor(this.#refill(now)) - 1;
    this.#stamp = now;
  }

  #refill(now: number): number {
    return Math.min(this.#capacity, this.#tokens + (now - this.#stamp) / this.#interval);
  }

  /** In adaptive mode, what a response says about the quota: a used-up one holds the queue. */
  observe(status: number, headers: ResponseHeaders): void {
    if (!this.#adaptive) return;
    const wait = rateLimitWait(status, headers);
    if (wait === undefined || wait === 0 || wait > this.#maxWait) return;
    this.#heldUntil = Math.max(this.#heldUntil, performance.now() + wait);
  }
}

export function toRateLimiter(option: RateLimit | undefined): RateLimiter | undefined {
  return option === undefined ? undefined : new RateLimiter(option);
}
