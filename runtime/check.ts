import { InvalidOptionError } from './errors.js';

/** A whole number of at least `least`, or `fallback` when not given. */
export function wholeNumber(option: string, value: number | undefined, fallback: number, least: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < least) {
    throw new InvalidOptionError(option, `expected a whole number of at least ${least}; got ${String(value)}`);
  }
  return value;
}

/** A duration in milliseconds above 0, or undefined when not given. */
export function milliseconds(option: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidOptionError(option, `expected a number of milliseconds above 0; got ${String(value)}`);
  }
  return value;
}
