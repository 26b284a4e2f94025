/**
 * Peak memory on large documents. Reading GitHub's 13 MB document leaves ~60 MB of garbage (the
 * text, held as UTF-16 for its few non-Latin-1 characters, and the parsed JSON) that V8 has not
 * collected yet when emit starts, so emit's own allocations grow the heap on top of it: a full
 * collection between the two keeps the process's peak RSS ~16 MB lower, for no CPU time (the
 * collection would come later anyway). Only after large inputs, where it pays.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Inputs at least this long (in characters) get a collection between compile and emit. */
export const LARGE_INPUT = 4_000_000;

let collect: (() => void) | undefined;

/** A full garbage collection, through V8's `gc` made visible to a fresh context. */
export function collectGarbage(): void {
  if (collect === undefined) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
}
