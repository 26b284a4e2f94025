import { BodyLines } from './body-lines.js';
import type { LineReader } from './body-lines.js';
import { ParseError } from './errors.js';
import type { RequestInfo } from './errors.js';
import type { SessionResponse } from './response.js';

/** Each line parsed as JSON; blank lines skipped; a bad line is a ParseError with its line number. */
class JsonLineParser<T> implements LineReader<T> {
  readonly #request: RequestInfo;
  #number = 0;

  constructor(request: RequestInfo) {
    this.#request = request;
  }

  line(text: string): T | undefined {
    this.#number += 1;
    // JSON's own whitespace (CR of a CRLF line end included) is no value.
    if (text.trim() === '') return undefined;
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new ParseError(`line ${this.#number} is not valid JSON: ${JSON.stringify(text.slice(0, 100))}`, 'ERR_LINE_JSON', this.#request, { cause: error });
    }
  }
}

/**
 * The values of a newline-delimited JSON body (`application/x-ndjson`, `application/jsonl`), in
 * order, as they arrive (the body is never held whole). Lines end at LF (a CR before it is
 * whitespace). Iterate it once; `break`, `close()` or `await using` close the connection.
 */
export class JsonLines<T> extends BodyLines<T> {
  constructor(response: SessionResponse) {
    super(response.stream(), false, new JsonLineParser<T>({ method: response.method, url: response.url }));
  }
}

/** Reads a newline-delimited JSON body as an async iterable of its values. */
export async function readJsonLines<T>(response: SessionResponse): Promise<JsonLines<T>> {
  return new JsonLines<T>(response);
}
