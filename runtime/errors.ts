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

/** A typed call got a non-2xx status. Carries what the server said. */
export class HTTPError extends SessionError {
  override readonly name: string = 'HTTPError';
  constructor(
    readonly status: number,
    readonly headers: Readonly<Record<string, string | string[] | undefined>>,
    readonly body: unknown,
    request: RequestInfo,
  ) {
    super(`HTTP ${status}`, request);
  }
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
