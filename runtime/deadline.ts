import { AbortError, TimeoutError } from './errors.js';
import type { RequestInfo } from './errors.js';

/**
 * One call's end condition: its timeout and the session's and caller's signals folded into one
 * AbortSignal whose reason is already the error the call rejects with.
 */
export class Deadline {
  readonly #controller = new AbortController();
  readonly #timer: NodeJS.Timeout | undefined;
  readonly #unlisten: (() => void)[] = [];

  constructor(request: RequestInfo, timeout: number | undefined, signals: readonly (AbortSignal | undefined)[]) {
    for (const signal of signals) {
      if (signal === undefined) continue;
      if (signal.aborted) {
        this.#controller.abort(new AbortError(signal.reason, request));
        break;
      }
      const onAbort = (): void => this.#fire(new AbortError(signal.reason, request));
      signal.addEventListener('abort', onAbort, { once: true });
      this.#unlisten.push(() => signal.removeEventListener('abort', onAbort));
    }
    if (timeout !== undefined && !this.#controller.signal.aborted) {
      this.#timer = setTimeout(() => this.#fire(new TimeoutError(timeout, request)), timeout);
    }
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Stops the timer and the listeners; the call has ended one way or another. */
  dispose(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    for (const unlisten of this.#unlisten) unlisten();
    this.#unlisten.length = 0;
  }

  #fire(reason: Error): void {
    this.dispose();
    this.#controller.abort(reason);
  }
}

/** A Deadline only when the call has something that can end it early; most calls need none. */
export function deadlineFor(
  request: RequestInfo,
  timeout: number | undefined,
  sessionSignal: AbortSignal | undefined,
  callSignal: AbortSignal | undefined,
): Deadline | undefined {
  if (timeout === undefined && sessionSignal === undefined && callSignal === undefined) return undefined;
  return new Deadline(request, timeout, [sessionSignal, callSignal]);
}
