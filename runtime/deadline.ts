import { AbortError, TimeoutError } from './errors.js';
import type { RequestInfo } from './errors.js';

/** Something waiting on a deadline: told once, with the error the call rejects with. */
export interface DeadlineListener {
  onDeadline(reason: Error): void;
}

function onTimer(deadline: Deadline): void {
  deadline.expire();
}

/**
 * The deadlines following each signal, behind one 'abort' listener per signal: many calls on one
 * signal (the session's, or a user's shared one) is normal, and Node warns
 * (MaxListenersExceededWarning) past 10 listeners on one signal.
 */
const followers = new WeakMap<AbortSignal, Set<Deadline>>();

function onSignalAbort(event: Event): void {
  const signal = event.target as AbortSignal;
  const deadlines = followers.get(signal);
  followers.delete(signal);
  if (deadlines !== undefined) for (const deadline of deadlines) deadline.abort(signal);
}

function unfollow(signal: AbortSignal, deadline: Deadline): void {
  const deadlines = followers.get(signal);
  if (deadlines === undefined || !deadlines.delete(deadline) || deadlines.size > 0) return;
  followers.delete(signal);
  signal.removeEventListener('abort', onSignalAbort);
}

/**
 * One call's end condition: its timeout and the session's and caller's signals folded into one.
 * Not an AbortController: thousands of queued calls each hold one, and Node's EventTarget-based
 * signals cost far more than this. Mostly one listener waits at a time (the queue, the exchange,
 * or a retry's sleep), so it has one slot and a list only for more.
 */
export class Deadline {
  readonly #request: RequestInfo;
  readonly #timeout: number | undefined;
  #reason: Error | undefined;
  #listener: DeadlineListener | undefined;
  #more: DeadlineListener[] | undefined;
  #timer: NodeJS.Timeout | undefined;
  #sessionSignal: AbortSignal | undefined;
  #callSignal: AbortSignal | undefined;

  constructor(request: RequestInfo, timeout: number | undefined, sessionSignal: AbortSignal | undefined, callSignal: AbortSignal | undefined) {
    this.#request = request;
    this.#timeout = timeout;
    if (sessionSignal !== undefined && this.#follow(sessionSignal)) this.#sessionSignal = sessionSignal;
    if (callSignal !== undefined && this.#reason === undefined && this.#follow(callSignal)) this.#callSignal = callSignal;
    if (timeout !== undefined && this.#reason === undefined) this.#timer = setTimeout(onTimer, timeout, this);
  }

  /** Follows `signal`; false when it has already aborted (and so this deadline has passed). */
  #follow(signal: AbortSignal): boolean {
    if (signal.aborted) {
      this.#reason = new AbortError(signal.reason, this.#request);
      return false;
    }
    let deadlines = followers.get(signal);
    if (deadlines === undefined) {
      followers.set(signal, (deadlines = new Set()));
      signal.addEventListener('abort', onSignalAbort, { once: true });
    }
    deadlines.add(this);
    return true;
  }

  /** A followed signal aborted. */
  abort(signal: AbortSignal): void {
    this.#fire(new AbortError(signal.reason, this.#request));
  }

  get aborted(): boolean {
    return this.#reason !== undefined;
  }

  /** The error the call rejects with, once the deadline has passed or a signal aborted. */
  get reason(): Error | undefined {
    return this.#reason;
  }

  listen(listener: DeadlineListener): void {
    if (this.#listener === undefined) this.#listener = listener;
    else (this.#more ??= []).push(listener);
  }

  unlisten(listener: DeadlineListener): void {
    if (this.#listener === listener) {
      this.#listener = this.#more?.shift();
      return;
    }
    const index = this.#more?.indexOf(listener) ?? -1;
    if (index !== -1) this.#more!.splice(index, 1);
  }

  /** The timeout passed. */
  expire(): void {
    this.#fire(new TimeoutError(this.#timeout ?? 0, this.#request));
  }

  /** Stops the timer and the signal listeners; the call has ended one way or another. */
  dispose(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#sessionSignal !== undefined) unfollow(this.#sessionSignal, this);
    if (this.#callSignal !== undefined) unfollow(this.#callSignal, this);
    this.#sessionSignal = undefined;
    this.#callSignal = undefined;
  }

  #fire(reason: Error): void {
    this.dispose();
    if (this.#reason !== undefined) return;
    this.#reason = reason;
    const first = this.#listener;
    const more = this.#more;
    this.#listener = undefined;
    this.#more = undefined;
    first?.onDeadline(reason);
    if (more !== undefined) for (const listener of more) listener.onDeadline(reason);
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
  return new Deadline(request, timeout, sessionSignal, callSignal);
}
