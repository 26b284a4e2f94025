import { InvalidOptionError } from './errors.js';

/**
 * The longest delay a Node timer holds (about 24.8 days); past it setTimeout fires after 1 ms. Longer
 * durations are refused rather than chained: no HTTP call or backoff needs them, and firing early is
 * the one thing a timeout must never do.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** A whole number of at least `least` (and at most `most`), or `fallback` when not given. */
export function wholeNumber(option: string, value: number | undefined, fallback: number, least: number, most = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < least) {
    throw new InvalidOptionError(option, `expected a whole number of at least ${least}; got ${String(value)}`);
  }
  if (value > most) throw new InvalidOptionError(option, `expected at most ${most}; got ${String(value)}`);
  return value;
}

/** A duration in milliseconds above 0 that a timer can hold, or undefined when not given. */
export function milliseconds(option: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidOptionError(option, `expected a number of milliseconds above 0; got ${String(value)}`);
  }
  if (value > MAX_TIMER_MS) throw new InvalidOptionError(option, `expected at most ${MAX_TIMER_MS} ms (what a timer can hold); got ${String(value)}`);
  return value;
}
