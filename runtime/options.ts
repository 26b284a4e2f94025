import type { Readable } from 'node:stream';
import type { ConnectionOptions } from 'node:tls';
import type { CookieJar } from 'tough-cookie';
import type { Auth } from './auth.js';
import type { FieldEncodings, FormObject } from './form.js';
import type { Hooks } from './hooks.js';
import type { IdempotencyKey } from './idempotency.js';
import type { MultipartMap } from './multipart.js';
import type { RateLimit } from './rate-limit.js';
import type { Retry } from './retry.js';
import type { AuthSchemes, Security } from './security.js';
import type { ServerMap } from './servers.js';
import type { Verbose } from './verbose.js';

/** A header value; `null` (or `undefined`) in a call's headers drops the session's value for that call. */
export type HeaderValue = string | number | readonly string[];
export type HeaderMap = Record<string, HeaderValue | null | undefined>;

export type ParamScalar = string | number | boolean;
/**
 * Items sent as one query value, percent-encoded each, with `delimiter` between them: a literal
 * `,`, else `%20` or `%7C`. What queryParams makes for the `comma`, `space` and `pipe` styles.
 */
export interface JoinedParam {
  readonly items: readonly ParamScalar[];
  readonly delimiter: ',' | ' ' | '|';
}
/** A query value; an array repeats the key. `null` in a call's params drops the session's value. */
export type ParamValue = ParamScalar | readonly ParamScalar[] | JoinedParam;
export type ParamMap = Record<string, ParamValue | null | undefined>;

export type RequestBody =
  | string
  | Uint8Array
  | ArrayBuffer
  | Blob
  | URLSearchParams
  | FormData
  | Readable
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array | string>;

/**
 * A form body: `{ amount: 100, metadata: { order: 1 }, expand: ['customer'], items: [{ price: 'p1' }] }`
 * is sent as `amount=100&metadata[order]=1&expand[]=customer&items[0][price]=p1` (brackets percent-encoded).
 */
export type FormMap = FormObject | object;

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'OPTIONS' | 'PATCH';

/** What every call can carry, whether through `s.get(...)` or a generated typed method. */
export interface CallOptions {
  /** Headers for this call, over the session's (names compared case-insensitively). */
  headers?: HeaderMap;
  /**
   * The media type to ask for, sent as `Accept` over every other Accept (`application/vnd.github.raw`
   * for a file's own bytes); read what comes with the call's `text()`, `bytes()` or `stream()`.
   */
  accept?: string;
  /** Cookies sent with this call only; never stored in the session's jar. */
  cookies?: Record<string, string>;
  /** Milliseconds for the whole call: waiting for a connection, sending, and the response. */
  timeout?: number;
  signal?: AbortSignal;
  /** Signs the call; replaces the session's auth for it. Sent only to the call's own origin. */
  auth?: Auth;
  /** Run after the session's hooks of the same name. */
  hooks?: Hooks;
  /** Replaces the session's retry policy for this call; 0 or false sends it once. */
  retry?: Retry;
  /** Most redirects followed; 0 returns the redirect response itself. */
  maxRedirects?: number;
  /**
   * Which of the session's `authSchemes` this call sends: the first alternative whose schemes all
   * have credentials; `[]` sends none. Generated methods pass their operation's own.
   */
  security?: Security;
  /**
   * Sent as this call's `Idempotency-Key` (whatever its method), over the session's
   * `idempotencyKey` and any such header: as Stripe's SDKs take one per request. With it, the
   * default retry policy retries a POST or PATCH too, every try with this key.
   */
  idempotencyKey?: string;
}

export interface RequestOptions extends CallOptions {
  /** Joined after baseLocation and endpoint. Must not hold a scheme or start with `//`. */
  path?: string;
  /** Query parameters, over the session's. */
  params?: ParamMap;
  /** Sent as JSON with `Content-Type: application/json`. */
  json?: unknown;
  /** Sent URL-encoded with `Content-Type: application/x-www-form-urlencoded`; nested objects and arrays in brackets (see FormMap). */
  form?: FormMap | URLSearchParams;
  /** Sent as multipart/form-data: text, file (Blob, bytes, stream, FilePart) and JSON parts; see MultipartMap. */
  multipart?: MultipartMap;
  /**
   * How fields of `form` or `multipart` are written, by wire name (OpenAPI's `encoding`): a style
   * (`form`, `spaceDelimited`, `pipeDelimited`, `deepObject`), `explode`, and for multipart a part's
   * `contentType` and `headers`. Generated methods pass what their document says.
   */
  encoding?: FieldEncodings;
  /** Sent as given: a string, bytes, a Blob (its own type as Content-Type), a stream, FormData or URLSearchParams. */
  body?: RequestBody;
  /**
   * The document's own server for this call (an operation with `servers` of its own), replacing
   * base location and endpoint, where the session's `servers` map and base location allow (see `servers`).
   */
  server?: string;
}

/** How https connections are made and checked, as node:tls takes them (requests' `verify`/`cert`, aiohttp's `ssl`). */
export type TlsOptions = Pick<
  ConnectionOptions,
  'ca' | 'cert' | 'key' | 'pfx' | 'passphrase' | 'rejectUnauthorized' | 'servername' | 'minVersion' | 'maxVersion' | 'ciphers' | 'checkServerIdentity'
>;

export interface SessionOptions {
  baseLocation?: string;
  endpoint?: string;
  headers?: HeaderMap;
  params?: ParamMap;
  /** Most connections open at once across the whole session, idle ones included. Default 1. */
  connections?: number;
  /** Keep cookies between calls. `true` makes a new jar; a CookieJar is used as given. Default false. */
  persistCookies?: boolean | CookieJar;
  /** Reuse connections between calls. Default true. */
  keepAlive?: boolean;
  /** Default deadline in ms for every call. */
  timeout?: number;
  /** Aborts every call of the session while it is aborted. */
  signal?: AbortSignal;
  /**
   * Signs every call to the session's origins (base location, mapped servers, the document's
   * server), over `authSchemes`; see BasicAuth, DigestAuth, BearerAuth.
   */
  auth?: Auth;
  /** Credentials by security scheme name, sent as each call's `security` chooses (generated clients fill it from their options). */
  authSchemes?: AuthSchemes;
  /** The `security` of calls that give none: alternatives of scheme names. Default none. */
  security?: Security;
  /**
   * Where the document's servers go instead: `{ 'https://files.stripe.com': 'http://127.0.0.1:4010' }`.
   * A key may be the base location itself. An operation with a server of its own that is not mapped
   * goes there only while `baseLocation` is the document's (`documentServer`); else it follows `baseLocation`.
   */
  servers?: ServerMap;
  /** The base location the document names; generated clients set it. See `servers`. */
  documentServer?: string;
  hooks?: Hooks;
  /**
   * Retries for failed calls. Default 2 retries with backoff (as stripe-node and openai-node) of
   * what is safe to send again: GET, HEAD, PUT, DELETE, OPTIONS, and POST or PATCH with an
   * Idempotency-Key, after a connection failure or a 408, 429, 500, 502, 503 or 504, honouring
   * Retry-After. 0 or false turns retries off.
   */
  retry?: Retry;
  /** Most redirects followed per call. Default 10; 0 turns following off. */
  maxRedirects?: number;
  /** One line per request and per response, credentials masked: a stream (process.stderr) or a function. */
  verbose?: Verbose;
  /** For https: the CAs to trust, a client certificate, and the like. Default: Node's trusted CAs, checked. */
  tls?: TlsOptions;
  /**
   * Send `Accept-Encoding: gzip, deflate, br` (unless a header sets one) and decode such bodies as
   * they arrive, keeping at most `maxSize` decoded bytes (default 256 MiB). `false` sends no
   * Accept-Encoding and returns bodies as sent. Default true.
   */
  decompress?: boolean | { maxSize?: number };
  /**
   * Send an `Idempotency-Key` with every call that is not GET, HEAD or OPTIONS: `true` makes a
   * random UUID per call, a function makes it from the request. Every retry of a call sends the same
   * key, a key the call sets itself is kept, and a retry policy then retries POST and PATCH too.
   * Default false.
   */
  idempotencyKey?: IdempotencyKey;
  /**
   * Pace the session's calls: `{ requests: 10, per: 1000 }` (a token bucket, `burst` 1 by default),
   * `{ adaptive: true }` (wait out the server's quota headers and 429s), or both. Calls wait in the
   * same FIFO queue as for `connections`. Default none.
   */
  rateLimit?: RateLimit;
  /**
   * An http proxy for every call, `http://user:pass@proxy:3128`: https origins through a CONNECT
   * tunnel, http origins as absolute-form requests. The credentials go to the proxy only.
   */
  proxy?: string;
  /**
   * Take proxies from the environment as requests does: `HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY`
   * and `NO_PROXY` (lower-case names first), read when the session is made. Default false.
   */
  trustEnv?: boolean;
}
