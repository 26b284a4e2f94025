import type { Readable } from 'node:stream';
import { BodyUsedError } from './errors.js';
import { LineSplitter } from './lines.js';

/** How long the rest of a body is read after its last item before its connection is closed instead. */
const FINISH_GRACE_MS = 1000;

/** Turns each line of a body into an item, or into nothing (`undefined`) when the line only feeds later items. */
export interface LineReader<T> {
  line(text: string): T | undefined;
  /** True once the body has said it has no more items (OpenAI's `data: [DONE]`): later lines are ignored. */
  readonly finished?: boolean;
}

/**
 * Items read from a response body line by line as it arrives (events, JSON lines). It can be
 * iterated once, since the body arrives once. Leaving early (`break`, `return()`, `close()`, or an
 * error) destroys the body: the connection is closed rather than drained, because a stream may
 * never end, and a half-read response cannot serve another call.
 */
export class BodyLines<T> implements AsyncIterable<T>, AsyncDisposable {
  readonly #body: Readable;
  readonly #splitter: LineSplitter;
  readonly #reader: LineReader<T>;
  #iterated = false;
  #closed = false;
  #finishing = false;

  constructor(body: Readable, crBreaks: boolean, reader: LineReader<T>) {
    this.#body = body;
    this.#splitter = new LineSplitter(crBreaks);
    this.#reader = reader;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    if (this.#iterated) throw new BodyUsedError('the stream was already iterated; a response body arrives once, so iterate it once');
    this.#iterated = true;
    if (this.#closed) return;
    try {
      // Not destroyed by leaving the loop: finish() may still read the rest.
      for await (const chunk of this.#body.iterator({ destroyOnReturn: false })) {
        yield* this.#items(this.#splitter.push(chunk as Buffer));
        if (this.#reader.finished === true) {
          this.#finish();
          return;
        }
      }
      yield* this.#items(this.#splitter.end());
    } catch (error) {
      // close() during a wait for the next chunk ends the iteration; it is not a failure.
      if (!this.#closed) throw error;
    } finally {
      if (!this.#finishing) this.close();
    }
  }

  /**
   * The body said it has no more items (`data: [DONE]`): the iteration ends now, and the rest of
   * the body is read unparsed for a moment, so a server that ends it right after (OpenAI does) keeps
   * its connection for the next call, and one that does not gets it closed.
   */
  #finish(): void {
    this.#finishing = true;
    const body = this.#body;
    const timer = setTimeout(() => this.close(), FINISH_GRACE_MS);
    timer.unref();
    body.on('error', () => undefined);
    body.once('close', () => clearTimeout(timer));
    body.resume();
  }

  /** Stops reading and closes the connection; an iteration under way ends. Nothing happens once the body has ended. */
  close(): void {
    this.#closed = true;
    if (!this.#body.destroyed) this.#body.destroy();
  }

  [Symbol.asyncDispose](): Promise<void> {
    this.close();
    return Promise.resolve();
  }

  *#items(lines: readonly string[]): Generator<T, void, undefined> {
    for (const text of lines) {
      const item = this.#reader.line(text);
      if (item !== undefined) yield item;
      else if (this.#reader.finished === true) return;
    }
  }
}
