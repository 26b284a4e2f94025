import { wholeNumber } from './check.js';
import { SessionError } from './errors.js';

export interface MapOptions {
  /** Most calls under way at once; never more than the session's connections (the default). */
  size?: number;
}

/**
 * The iterable of calls given to `map` threw (or rejected) part way. The calls it had already
 * handed out were still run to the end: `results` holds them, in input order; `cause` is what the
 * source threw.
 */
export class MapSourceError extends SessionError {
  override readonly name: string = 'MapSourceError';
  constructor(readonly results: PromiseSettledResult<unknown>[], cause: unknown) {
    super(`the source of the calls failed after ${results.length} of them: ${cause instanceof Error ? cause.message : String(cause)}`, undefined, { cause });
  }
}

/**
 * Runs `run` over every item, at most `size` at a time, and settles each in input order. One failure
 * loses no other result; items are pulled from the (async) iterable only as workers free up, so a
 * million items never become a million promises at once. Resolves once nothing is left running;
 * if the iterable throws, rejects then with a MapSourceError that keeps the finished results.
 */
export async function mapSettled<I, T>(
  items: Iterable<I> | AsyncIterable<I>,
  size: number,
  run: (item: I) => Promise<T>,
): Promise<PromiseSettledResult<T>[]> {
  wholeNumber('size', size, 1, 1);
  const iterator = Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : (items as Iterable<I>)[Symbol.iterator]();
  const results: PromiseSettledResult<T>[] = [];
  let next = 0;
  let done = false;
  let sourceError: { error: unknown } | undefined;
  // Pulls are chained so an async iterator never sees two next() calls at once.
  let pulling: Promise<unknown> = Promise.resolve();

  const pull = (): Promise<{ item: I; index: number } | undefined> => {
    const pulled = pulling.then(async () => {
      if (done) return undefined;
      try {
        const step = await iterator.next();
        if (step.done === true) {
          done = true;
          return undefined;
        }
        return { item: step.value, index: next++ };
      } catch (error) {
        done = true;
        sourceError ??= { error };
        return undefined;
      }
    });
    pulling = pulled;
    return pulled;
  };

  const worker = async (): Promise<void> => {
    for (let pulled = await pull(); pulled !== undefined; pulled = await pull()) {
      try {
        results[pulled.index] = { status: 'fulfilled', value: await run(pulled.item) };
      } catch (reason) {
        results[pulled.index] = { status: 'rejected', reason };
      }
    }
  };

  await Promise.all(Array.from({ length: size }, worker));
  if (sourceError !== undefined) throw new MapSourceError(results, sourceError.error);
  return results;
}
