export { Session } from './session.js';
export type { CallTarget } from './session.js';
export { SessionResponse } from './response.js';
export type { ResponseHeaders } from './response.js';
export { ApiCall } from './api-call.js';
export type { ApiResult, ResultKind } from './api-call.js';
export { encodePathParam } from './url.js';
export {
  AbortError,
  BodyUsedError,
  ConnectionError,
  HTTPError,
  InvalidOptionError,
  ParseError,
  RedirectError,
  SessionClosedError,
  SessionError,
  TimeoutError,
} from './errors.js';
export type {
  CallOptions,
  FormMap,
  HeaderMap,
  HeaderValue,
  HttpMethod,
  ParamMap,
  ParamScalar,
  ParamValue,
  RequestBody,
  RequestOptions,
  SessionOptions,
  TlsOptions,
} from './options.js';
// A type only: importing the class would load tough-cookie in every process (import it from tough-cookie).
export type { CookieJar } from 'tough-cookie';
export { BasicAuth, BearerAuth, DigestAuth } from './auth.js';
export type { Auth, AuthFunction, AuthHandler } from './auth.js';
export type { CallArguments, Hook, HookList, Hooks, PreparedRequest } from './hooks.js';
export type { Retry, RetryOptions } from './retry.js';
export type { Verbose } from './verbose.js';
export { MapSourceError } from './map.js';
export type { MapOptions } from './map.js';
export type { MapCall } from './session.js';
