import { statusMessage } from './error-text.js';

/**
 * Every error the runtime raises is a SessionError, and each failure a caller may want to
 * handle differently has its own class, so `instanceof` tells them apart without parsing text.
 */
export interface RequestInfo {
  readonly method: string;
  readonly url: string;
}

export class SessionError extends Error {
  override readonly name: string = 'SessionError';
  readonly method: string | undefined;
  readonly url: string | undefined;

  constructor(message: string, request?: RequestInfo, options?: { cause?: unknown }) {
    super(request ? `${message} (${request.method} ${request.url})` : message, options);
    this.method = request?.method;
    this.url = request?.url;
  }
}

/** A call's option (or a session option) has a value the runtime cannot use. Nothing was sent. */
export class InvalidOptionError extends SessionError {
  override readonly name: string = 'InvalidOptionError';
  constructor(readonly option: string, message: string, request?: RequestInfo) {
    super(`invalid option ${option}: ${message}`, request);
  }
}

/** The call's deadline (`timeout`, in ms) passed before it finished. */
export class TimeoutError extends SessionError {
  override readonly name: string = 'TimeoutError';
  constructor(readonly timeout: number, request?: RequestInfo, options?: { cause?: unknown }) {
    super(`timed out after ${timeout} ms`, request, options);
  }
}

/** The caller's AbortSignal fired. `reason` is the signal's reason. */
export class AbortError extends SessionError {
  override readonly name: string = 'AbortError';
  constructor(readonly reason: unknown, request?: RequestInfo) {
    super('aborted', request, { cause: reason });
  }
}

/** The connection could not be opened, or broke before a whole response arrived. */
export class ConnectionError extends SessionError {
  override readonly name: string = 'ConnectionError';
  readonly code: string | undefined;
  constructor(message: string, code: string | undefined, request?: RequestInfo, options?: { cause?: unknown }) {
    super(message, request, options);
    this.code = code;
  }
}

/** The peer answered with something that is not valid HTTP (bad status line, headers, or length). */
export class ParseError extends SessionError {
  override readonly name: string = 'ParseError';
  readonly code: string | undefined;
  constructor(message: string, code: string | undefined, request?: RequestInfo, options?: { cause?: unknown }) {
    super(message, request, options);
    this.code = code;
  }
}

/** The session was closed before or while the call waited. */
export class SessionClosedError extends SessionError {
  override readonly name: string = 'SessionClosedError';
  constructor(request?: RequestInfo) {
    super('the session is closed', request);
  }
}

/** A response body was read a second time, or after it was dropped. */
export class BodyUsedError extends SessionError {
  override readonly name: string = 'BodyUsedError';
}

export type ErrorHeaders = Readonly<Record<string, string | string[] | undefined>>;

/**
 * Where servers put the id of a request, first found wins: the usual `x-request-id`, Stripe's
 * `request-id`, GitHub's `x-github-request-id`, AWS's `x-amzn-requestid` and `x-amz-request-id`,
 * Azure's `x-ms-request-id`, Slack's `x-slack-req-id`, and `x-correlation-id`.
 */
export const REQUEST_ID_HEADERS: readonly string[] = Object.freeze([
  'x-request-id',
  'request-id',
  'x-github-request-id',
  'x-amzn-requestid',
  'x-amz-request-id',
  'x-ms-request-id',
  'x-slack-req-id',
  'x-correlation-id',
]);

function requestIdOf(headers: ErrorHeaders): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers[name];
    if (value !== undefined) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/**
 * A typed call got a non-2xx status. Carries what the server said: `body` is the parsed JSON when
 * the server said it sent JSON and did, else the text. The message is `HTTP 402: <the API's own
 * error text> (POST url)`, that text made one printable line of at most 500 characters
 * (error-text.ts). `Body` lets generated code name an API's documented error shape; the runtime
 * does not check it.
 */
export class HTTPError<Status extends number = number, Body = unknown> extends SessionError {
  override readonly name: string = 'HTTPError';
  /** The server's id for the request, from the first of REQUEST_ID_HEADERS it sent. Worth quoting to its support. */
  readonly requestId: string | undefined;
  constructor(
    readonly status: Status,
    readonly headers: ErrorHeaders,
    readonly body: Body,
    request: RequestInfo,
  ) {
    super(statusMessage(status, body), request);
    this.requestId = requestIdOf(headers);
  }
}

/** The constructor of an error whose status its class fixes. */
type FixedStatusError = new (headers: ErrorHeaders, body: unknown, request: RequestInfo) => HTTPError;

/** A subclass of HTTPError for one status, named `name`; the classes below differ only in these. */
function fixedStatus<Status extends number>(status: Status, name: string) {
  return class<Body = unknown> extends HTTPError<Status, Body> {
    override readonly name: string = name;
    constructor(headers: ErrorHeaders, body: Body, request: RequestInfo) {
      super(status, headers, body, request);
    }
  };
}

export class BadRequestError<Body = unknown> extends fixedStatus(400, 'BadRequestError')<Body> {}
export class AuthenticationError<Body = unknown> extends fixedStatus(401, 'AuthenticationError')<Body> {}
export class PermissionDeniedError<Body = unknown> extends fixedStatus(403, 'PermissionDeniedError')<Body> {}
export class NotFoundError<Body = unknown> extends fixedStatus(404, 'NotFoundError')<Body> {}
export class ConflictError<Body = unknown> extends fixedStatus(409, 'ConflictError')<Body> {}
export class UnprocessableEntityError<Body = unknown> extends fixedStatus(422, 'UnprocessableEntityError')<Body> {}
export class RateLimitError<Body = unknown> extends fixedStatus(429, 'RateLimitError')<Body> {}

/** Any 5xx: the server failed, not the request. */
export class InternalServerError<Body = unknown> extends HTTPError<number, Body> {
  override readonly name: string = 'InternalServerError';
}

const ERRORS_BY_STATUS: ReadonlyMap<number, FixedStatusError> = new Map<number, FixedStatusError>([
  [400, BadRequestError],
  [401, AuthenticationError],
  [403, PermissionDeniedError],
  [404, NotFoundError],
  [409, ConflictError],
  [422, UnprocessableEntityError],
  [429, RateLimitError],
]);

/** The error class for a status: one of the subclasses above, else HTTPError itself. */
export function httpErrorFor(status: number, headers: ErrorHeaders, body: unknown, request: RequestInfo): HTTPError {
  const fixed = ERRORS_BY_STATUS.get(status);
  if (fixed !== undefined) return new fixed(headers, body, request);
  if (status >= 500 && status <= 599) return new InternalServerError(status, headers, body, request);
  return new HTTPError(status, headers, body, request);
}

const PARSE_CODES = new Set([
  'UND_ERR_HEADERS_OVERFLOW',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_RES_EXCEEDED_MAX_SIZE',
  'UND_ERR_INFO',
]);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return undefined;
}

/** Turns what undici or node:net threw into the runtime's own error classes. */
export function toSessionError(error: unknown, request: RequestInfo, timeout: number | undefined): SessionError {
  if (error instanceof SessionError) return error;
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  // undici 7's HTTPParserError often has no code (its llhttp error table maps names to numbers), so the name counts too.
  const parserError = error instanceof Error && error.name === 'HTTPParserError';
  if (parserError || (code !== undefined && (code.startsWith('HPE_') || PARSE_CODES.has(code)))) {
    return new ParseError(`invalid HTTP response: ${message}`, code, request, { cause: error });
  }
  if (code !== undefined && TIMEOUT_CODES.has(code)) {
    return new TimeoutError(timeout ?? 0, request, { cause: error });
  }
  return new ConnectionError(`connection failed: ${message}`, code, request, { cause: error });
}

/** A redirect could not be followed: too many of them, or a body that cannot be sent twice. */
export class RedirectError extends SessionError {
  override readonly name: string = 'RedirectError';
  constructor(message: string, readonly chain: readonly string[], request: RequestInfo) {
    super(message, request);
  }
}
