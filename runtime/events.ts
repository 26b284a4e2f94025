import { BodyLines } from './body-lines.js';
import type { LineReader } from './body-lines.js';
import { ParseError } from './errors.js';
import type { RequestInfo } from './errors.js';
import type { SessionResponse } from './response.js';

/** One event of a `text/event-stream`, as the WHATWG server-sent events rules dispatch it. */
export interface ServerSentEvent<T> {
  /** The `event` field; `message` when the event has none. */
  readonly event: string;
  /** The `data` lines joined with `\n`: parsed JSON from readEvents, the text from readTextEvents. */
  readonly data: T;
  /**
   * The last event ID, as a browser's `lastEventId`: set by an `id` field and kept for later
   * events until another one changes it (an empty `id` sets it to ''); undefined before any.
   */
  readonly id: string | undefined;
  /** The reconnection time in ms from the last valid `retry` field so far; undefined before any. */
  readonly retry: number | undefined;
}

const DIGITS = /^[0-9]+$/;

/**
 * The event-stream interpretation rules, one line at a time: fields build up an event, a blank
 * line dispatches it. An event still building when the body ends is dropped, as the rules say
 * (the body ended mid-event, so it may be incomplete).
 */
class EventParser<T> implements LineReader<ServerSentEvent<T>> {
  readonly #parse: (data: string, event: string, index: number) => T;
  readonly #endMarker: string | undefined;
  /** Set by an event whose data is the end marker: no event follows. */
  finished = false;
  #data = '';
  #hasData = false;
  #event = '';
  #id: string | undefined;
  #retry: number | undefined;
  /** Events dispatched so far, to name one whose data cannot be parsed. */
  #count = 0;

  constructor(parse: (data: string, event: string, index: number) => T, endMarker: string | undefined) {
    this.#parse = parse;
    this.#endMarker = endMarker;
  }

  line(text: string): ServerSentEvent<T> | undefined {
    if (text === '') return this.#dispatch();
    if (text.charCodeAt(0) === 58 /* : */) return undefined;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.charCodeAt(0) === 32 /* space */) value = value.slice(1);
    switch (field) {
      case 'data':
        // Joined with LF; the rules append LF after each line and drop the last one at dispatch.
        this.#data = this.#hasData ? `${this.#data}\n${value}` : value;
        this.#hasData = true;
        break;
      case 'event':
        this.#event = value;
        break;
      case 'id':
        if (!value.includes('\0')) this.#id = value;
        break;
      case 'retry':
        if (DIGITS.test(value)) this.#retry = Number(value);
        break;
      default:
      // Unknown fields are ignored.
    }
    return undefined;
  }

  #dispatch(): ServerSentEvent<T> | undefined {
    const hasData = this.#hasData;
    const event = this.#event === '' ? 'message' : this.#event;
    const data = this.#data;
    this.#data = '';
    this.#hasData = false;
    this.#event = '';
    // A block with no data (only `id`, `retry`, `event` or comments) sets fields but is no event.
    if (!hasData) return undefined;
    if (data === this.#endMarker) {
      this.finished = true;
      return undefined;
    }
    this.#count += 1;
    return { event, data: this.#parse(data, event, this.#count), id: this.#id, retry: this.#retry };
  }
}

/** The data that ends an event stream of JSON events, as OpenAI sends it last (`data: [DONE]`). */
export const END_OF_EVENTS = '[DONE]';

/**
 * The events of a `text/event-stream` body, in order, as they arrive (the body is never held
 * whole). Iterate it once with `for await`; the iteration ends when the server ends the body, or
 * at an event whose data is `endMarker` (given for none; readEvents gives `[DONE]`), after which
 * the rest of the body is read to its end unparsed, as openai-node does.
 * `break`, `close()` or `await using` close the connection (a stream may never end, so it is not
 * drained). The call's `timeout`, if any, covers the whole stream: leave it out for long streams.
 */
export class EventStream<T> extends BodyLines<ServerSentEvent<T>> {
  constructor(response: SessionResponse, parse: (data: string, event: string, index: number) => T, endMarker?: string) {
    super(response.stream(), true, new EventParser(parse, endMarker));
  }
}

function jsonData<T>(request: RequestInfo): (data: string, event: string, index: number) => T {
  return (data, event, index) => {
    try {
      return JSON.parse(data) as T;
    } catch (error) {
      throw new ParseError(`event ${index} (${JSON.stringify(event)}) has data that is not valid JSON: ${JSON.stringify(data.slice(0, 100))}`, 'ERR_EVENT_JSON', request, { cause: error });
    }
  };
}

const asText = (data: string): string => data;

const EVENT_STREAM = 'text/event-stream';

/**
 * Reads a `text/event-stream` whose events carry JSON: each event's `data` parsed; an event whose
 * data is `[DONE]` ends the stream (OpenAI's last event); any other data that is not JSON is a
 * ParseError naming the event and its data.
 */
export async function readEvents<T>(response: SessionResponse): Promise<EventStream<T>> {
  return new EventStream<T>(response, jsonData<T>({ method: response.method, url: response.url }), END_OF_EVENTS);
}

/** Reads a `text/event-stream` with each event's `data` left as text (`[DONE]` too: it is text like any other). */
export async function readTextEvents(response: SessionResponse): Promise<EventStream<string>> {
  return new EventStream(response, asText);
}

/** What a call read by `reader` asks for with `Accept` unless it names a media type itself: event streams ask for `text/event-stream`. */
export function acceptOf(reader: unknown): string | undefined {
  return reader === readEvents || reader === readTextEvents ? EVENT_STREAM : undefined;
}

/** The type of `body[K]` in a method's argument `A`. */
type BodyValue<A, K extends string> = A extends { readonly body?: infer B } ? (B extends { readonly [P in K]?: infer V } ? V : never) : never;

/**
 * The argument of a call whose body asks for a stream (`body.stream` is `true`): what the first
 * overload of a method with a streamed alternative takes, as Stainless's SDKs overload `create`.
 */
export type StreamingArgs<A, K extends string, V> = A & { readonly body: { readonly [P in K]: V } };

/** The argument of a call whose body does not ask for a stream: `body[K]`, when given, is anything but `V`. */
export type NonStreamingArgs<A, K extends string, V> = A & { readonly body?: { readonly [P in K]?: Exclude<BodyValue<A, K>, V> } };
