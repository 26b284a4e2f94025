export { Session } from './session.js';
export { ResourceBase } from './resource-base.js';
export type { CallTarget } from './session.js';
export { SessionResponse } from './response.js';
export type { ResponseHeaders } from './response.js';
export { ApiCall } from './api-call.js';
export type { ApiResult, CallResult } from './api-call.js';
export { readBytes, readJson, readJsonOrText, readNone, readStream, readText } from './readers.js';
export { PagedCall } from './paged-call.js';
export type { ApiPage, PageLimit } from './paged-call.js';
export type { CursorSource, ItemPath, PageRule } from './paging.js';
export { EventStream, readEvents, readTextEvents } from './events.js';
export type { NonStreamingArgs, StreamingArgs } from './events.js';
export type { ServerSentEvent } from './events.js';
export { JsonLines, readJsonLines } from './json-lines.js';
export type { ResponseReader, ResponseStream } from './readers.js';
export { encodePathParam, encodePathSegments } from './url.js';
export { queryParams } from './query.js';
export type { QueryStyle } from './query.js';
export {
  AbortError,
  AuthenticationError,
  BadRequestError,
  BodyUsedError,
  ConflictError,
  ConnectionError,
  HTTPError,
  InternalServerError,
  InvalidOptionError,
  NotFoundError,
  ParseError,
  PermissionDeniedError,
  RateLimitError,
  RedirectError,
  REQUEST_ID_HEADERS,
  SessionClosedError,
  SessionError,
  TimeoutError,
  UnprocessableEntityError,
} from './errors.js';
export type { ErrorHeaders, RequestInfo } from './errors.js';
export type {
  CallOptions,
  FormMap,
  HeaderMap,
  HeaderValue,
  HttpMethod,
  JoinedParam,
  ParamMap,
  ParamScalar,
  ParamValue,
  RequestBody,
  RequestOptions,
  SessionOptions,
  TlsOptions,
} from './options.js';
export type { FieldEncoding, FieldEncodings, FieldStyle, FormObject, FormScalar, FormValue } from './form.js';
export { FilePart } from './multipart.js';
export type { FileData, FileInput, FilePartOptions, JsonPart, MultipartFields, MultipartItem, MultipartMap, MultipartValue, StreamSource } from './multipart.js';
// A type only: importing the class would load tough-cookie in every process (import it from tough-cookie).
export type { CookieJar } from 'tough-cookie';
export { ApiKeyAuth, BasicAuth, BearerAuth, DigestAuth } from './auth.js';
export type { ApiKeyOptions, Auth, AuthFunction, AuthHandler } from './auth.js';
export type { AuthSchemes, Security, SecurityRequirement } from './security.js';
export type { ServerMap } from './servers.js';
export type { CallArguments, Hook, HookList, Hooks, PreparedRequest } from './hooks.js';
export type { Retry, RetryOptions } from './retry.js';
export type { IdempotencyKey, IdempotencyKeyRequest } from './idempotency.js';
export type { RateLimit, RateLimitOptions } from './rate-limit.js';
export type { Verbose } from './verbose.js';
export { MapSourceError } from './map.js';
export type { MapOptions } from './map.js';
export type { MapCall } from './session.js';
