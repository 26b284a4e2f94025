/**
 * The spec format's vocabulary: which keys exist where, which are required, what they mean.
 * The validator checks keys against these tables and the JSON Schema is built from them, so
 * the two cannot drift apart.
 */

export { HTTP_METHODS } from '../../model/types.js';
export type { HttpMethod as SpecMethod } from '../../model/types.js';

/** Auth schemes a spec may name; the generated constructor then asks for the secret the scheme needs. */
export const AUTH_SCHEMES = ['basic', 'digest', 'bearer', 'api_key'] as const;
export type AuthScheme = (typeof AUTH_SCHEMES)[number];

/** Where an `api_key` goes. */
export const API_KEY_PLACES = ['header', 'query', 'cookie'] as const;

/** The HTTP status codes a retry may name. */
export const STATUS_RANGE = { min: 100, max: 599 } as const;

/** Type names every spec can use without declaring them, and what each means. */
export const BUILTIN_TYPES = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number (a number in TypeScript)',
  boolean: 'true or false',
  null: 'null',
  unknown: 'any JSON value',
  binary: 'raw bytes: a file to send (Blob, bytes, a stream), or a response read as a Uint8Array',
  stream: 'a response body handed over unread, as a stream',
} as const;
export type BuiltinType = keyof typeof BUILTIN_TYPES;

/**
 * The keys of a type's detailed form, `{ $type: T, $description: ..., ... }`, usable anywhere a
 * type is; `$items`, `$one_of` or `$all_of` may stand instead of `$type` for arrays, unions and
 * intersections whose members need details of their own. The `$` keeps them apart from an object
 * type's own keys, which may be called `type`.
 */
export const DETAIL_KEYS = {
  $type: { kind: 'type', required: false, description: 'The type.' },
  $items: { kind: 'type', required: false, description: 'Instead of $type: an array of this type (written as YAML, so its keys can have details).' },
  $one_of: { kind: 'typeList', required: false, description: 'Instead of $type: a union of these types.' },
  $all_of: { kind: 'typeList', required: false, description: 'Instead of $type: an intersection of these types.' },
  $summary: { kind: 'text', required: false, description: 'A short title, shown in JSDoc before $description (OpenAPI title).' },
  $description: { kind: 'text', required: false, description: 'Shown in JSDoc.' },
  $format: { kind: 'text', required: false, description: 'A format such as date-time, uri or email, shown in JSDoc.' },
  $default: { kind: 'json', required: false, description: 'The value the server assumes when none is sent, shown in JSDoc.' },
  $deprecated: { kind: 'boolean', required: false, description: 'Marks it @deprecated in JSDoc.' },
  $read_only: { kind: 'boolean', required: false, description: 'Sent by the server only: optional in what a call sends (a required key included).' },
  $write_only: { kind: 'boolean', required: false, description: 'Sent by the client only: left out of what a call reads.' },
  $style: { kind: 'queryStyle', required: false, description: 'Query parameters only: repeat (a=1&a=2, the default), comma (a=1,2), space, pipe, or deepObject (a[x]=1).' },
  $content_type: { kind: 'mediaType', required: false, description: 'Body and response only: the media type (default application/json).' },
  $encoding: { kind: 'bodyEncoding', required: false, description: 'Form and multipart bodies only: how each named field is written, a style (form, spaceDelimited, pipeDelimited, deepObject) or a map of style, explode, content_type and headers.' },
  $multi_segment: { kind: 'boolean', required: false, description: 'Path parameters only: true sends a value such as docs/a b.md with its slashes kept, each segment percent-encoded (OpenAPI x-multi-segment); default false, one segment with / as %2F.' },
} as const satisfies Record<string, KeySpec>;

/** The keys of one field of a body's `$encoding` (OpenAPI's Encoding Object). */
export const FIELD_ENCODING_KEYS = {
  style: { kind: 'fieldStyle', required: false, description: 'form (a=1&a=2; the default explode), spaceDelimited, pipeDelimited, or deepObject (a[x]=1, a[]=1).' },
  explode: { kind: 'boolean', required: false, description: 'Whether arrays and objects spread (default true for form and deepObject, false for the delimited styles).' },
  content_type: { kind: 'mediaType', required: false, description: "Multipart only: the part's Content-Type (a JSON type sends the value as JSON; a file's own type wins)." },
  headers: { kind: 'headers', required: false, description: 'Multipart only: headers sent with the part.' },
} as const satisfies Record<string, KeySpec>;
export type DetailKey = keyof typeof DETAIL_KEYS;

/** The detail keys that say what the type is: a detailed form has exactly one of them. */
export const TYPE_FORM_KEYS = ['$type', '$items', '$one_of', '$all_of'] as const;

export const QUERY_STYLES = ['repeat', 'comma', 'space', 'pipe', 'deepObject'] as const;

/** The kind of value a key holds; the validator and the JSON Schema each know every kind. */
export type ValueKind =
  | 'identifier'
  | 'text'
  | 'url'
  | 'endpoint'
  | 'positiveInteger'
  | 'boolean'
  | 'headers'
  | 'typeMap'
  | 'pathMap'
  | 'method'
  | 'path'
  | 'paramMap'
  | 'queryMap'
  | 'type'
  | 'authScheme'
  | 'retry'
  | 'count'
  | 'milliseconds'
  | 'methodList'
  | 'statusList'
  | 'auth'
  | 'securitySchemes'
  | 'security'
  | 'params'
  | 'headerParamMap'
  | 'errorMap'
  | 'json'
  | 'queryStyle'
  | 'fieldStyle'
  | 'bodyEncoding'
  | 'mediaType'
  | 'paginate'
  | 'typeList'
  | 'pageRule'
  | 'pageStyle'
  | 'bodyPath'
  | 'stream'
  | 'streamSwitch'
  | 'resourceDocs';

export interface KeySpec {
  readonly kind: ValueKind;
  readonly required: boolean;
  readonly description: string;
}

export const SPEC_KEYS = {
  client: { kind: 'identifier', required: true, description: 'Name of the generated class.' },
  description: { kind: 'text', required: false, description: 'JSDoc for the generated class.' },
  base_location: { kind: 'url', required: false, description: 'Absolute http(s) URL every path is joined to.' },
  endpoint: { kind: 'endpoint', required: false, description: 'Path joined between base_location and every path, e.g. /v1.' },
  connections: { kind: 'positiveInteger', required: false, description: 'Most connections open at once for the whole session (default 1).' },
  persist_cookies: { kind: 'boolean', required: false, description: 'Keep cookies between calls (default false).' },
  idempotency_key: { kind: 'boolean', required: false, description: 'Send one Idempotency-Key per POST, PUT, PATCH and DELETE call, the same on its retries, so they may be retried (default false).' },
  headers: { kind: 'headers', required: false, description: 'Headers sent with every call.' },
  params: { kind: 'params', required: false, description: 'Query parameters sent with every call.' },
  auth: { kind: 'auth', required: false, description: 'Auth of every call: basic, digest, bearer, or a map {scheme: api_key, in: header|query|cookie, name}; the generated constructor then requires the secret.' },
  security_schemes: { kind: 'securitySchemes', required: false, description: 'Security schemes by name, each like auth (a map may add a description): the constructor takes each one\'s credentials as an optional option named from its key (basicAuth, apiKeyAuth, ...).' },
  security: { kind: 'security', required: false, description: 'Which security_schemes a call sends: alternatives in order, the first whose credentials were given; an item that is a list names schemes sent together; [] sends none (default none).' },
  retry: { kind: 'retry', required: false, description: 'Retries for every call: a limit, or a map of retry settings (default none).' },
  max_redirects: { kind: 'count', required: false, description: 'Most redirects followed per call (default 10; 0 turns following off).' },
  timeout: { kind: 'milliseconds', required: false, description: 'Deadline of every call in milliseconds.' },
  types: { kind: 'typeMap', required: false, description: 'Named types, usable anywhere a type is.' },
  errors: { kind: 'errorMap', required: false, description: 'Error bodies of every path by status (404, 4XX or default), under each path\'s own.' },
  paginate: { kind: 'pageRule', required: false, description: 'The pagination rule that paths with `paginate: true` use.' },
  resources: { kind: 'resourceDocs', required: false, description: 'Descriptions of resources by dotted name (customers, accounts.people), shown in JSDoc on the client\'s resource objects.' },
  paths: { kind: 'pathMap', required: true, description: 'Each named path becomes a method of the class; a dotted name (customers.list) puts it on a resource (client.customers.list()).' },
} as const satisfies Record<string, KeySpec>;

export const PATH_KEYS = {
  operation_id: { kind: 'text', required: false, description: "The API's own name of the operation (an OpenAPI operationId), shown in JSDoc where it differs from the path's name; import writes it." },
  description: { kind: 'text', required: false, description: 'JSDoc for the generated method.' },
  deprecated: { kind: 'boolean', required: false, description: 'Marks the method @deprecated in JSDoc.' },
  method: { kind: 'method', required: false, description: 'HTTP method (default GET).' },
  path: { kind: 'path', required: true, description: 'Path joined after base_location and endpoint; {name} marks a path parameter.' },
  base_location: { kind: 'url', required: false, description: "This path's own server: an absolute http(s) URL that replaces base_location and endpoint while the client is on its own base_location (see the servers option)." },
  security: { kind: 'security', required: false, description: 'This path\'s security, over the spec\'s: alternatives of security_schemes names; [] sends none.' },
  params: { kind: 'paramMap', required: false, description: 'Types of path parameters (default string).' },
  query: { kind: 'queryMap', required: false, description: 'Query parameters; a key ending in ? is optional.' },
  header_params: { kind: 'headerParamMap', required: false, description: 'Headers the caller gives per call, typed; a name ending in ? is optional.' },
  cookie_params: { kind: 'headerParamMap', required: false, description: 'Cookies the caller gives per call, typed; a name ending in ? is optional.' },
  body: { kind: 'type', required: false, description: 'Type of the request body; JSON unless $content_type (or a Content-Type in headers) says form, multipart, text or another type.' },
  'body?': { kind: 'type', required: false, description: 'Like body, but the caller may leave it out.' },
  headers: { kind: 'headers', required: false, description: "This path's own headers, over the session's." },
  response: { kind: 'type', required: false, description: 'Type of the response body: JSON; string gives the text, binary the bytes, stream the unread stream; none resolves to nothing.' },
  errors: { kind: 'errorMap', required: false, description: 'Error bodies by status (404, 4XX or default), typed on HTTPError.' },
  paginate: { kind: 'paginate', required: false, description: "How the result continues on further pages: a map, or true for the spec's own paginate rule." },
  stream: { kind: 'stream', required: false, description: 'The result streamed instead when the body asks for it: { when: { stream: true }, response: T } (each event\'s data).' },
  retry: { kind: 'retry', required: false, description: "Retries for this path's calls, over the session's: a limit (0 turns them off), or a map of retry settings." },
  max_redirects: { kind: 'count', required: false, description: "Most redirects followed by this path's calls, over the session's." },
  timeout: { kind: 'milliseconds', required: false, description: "Deadline of this path's calls in milliseconds, over the session's." },
} as const satisfies Record<string, KeySpec>;

/** The keys of a `retry` map; each becomes the camelCase key of the runtime's RetryOptions. */
export const RETRY_KEYS = {
  limit: { kind: 'count', required: false, description: 'Retries after the first try (default 2; 0 turns retries off).' },
  methods: { kind: 'methodList', required: false, description: 'Methods that may be retried (default GET, HEAD, PUT, DELETE, OPTIONS).' },
  statuses: { kind: 'statusList', required: false, description: 'Statuses that are retried (default 408, 429, 500, 502, 503, 504).' },
  network_errors: { kind: 'boolean', required: false, description: 'Retry when the connection fails (default true).' },
  backoff: { kind: 'count', required: false, description: 'First backoff in milliseconds, doubled each retry, with jitter (default 100).' },
  max_backoff: { kind: 'count', required: false, description: 'Longest backoff in milliseconds (default 10000).' },
  max_retry_after: { kind: 'count', required: false, description: 'Longest Retry-After honoured, in milliseconds (default 60000).' },
} as const satisfies Record<string, KeySpec>;
export type RetryKey = keyof typeof RETRY_KEYS;

export const PAGE_STYLES = ['link', 'cursor', 'offset', 'page', 'url'] as const;

/** The keys of a `paginate` map. */
export const PAGINATE_KEYS = {
  style: { kind: 'pageStyle', required: true, description: 'link (the Link header\'s rel="next"), cursor, offset, page or url (the next page\'s URL in the body).' },
  items: { kind: 'bodyPath', required: false, description: 'Where the items are in the body, as dotted keys (default: the body itself).' },
  param: { kind: 'text', required: false, description: 'cursor, offset and page: the query parameter the next page is asked for with.' },
  cursor: { kind: 'bodyPath', required: false, description: 'cursor: where the next cursor is, as dotted keys; last_item.id takes it from the last item.' },
  has_more: { kind: 'bodyPath', required: false, description: 'cursor: a boolean in the body that says whether more pages follow.' },
  start: { kind: 'count', required: false, description: 'page: the first page number (default 1).' },
  next: { kind: 'bodyPath', required: false, description: "url: where the next page's URL is in the body, as dotted keys (null or empty on the last page)." },
} as const satisfies Record<string, KeySpec>;

/** The keys of a path's `stream` map. */
export const STREAM_KEYS = {
  when: { kind: 'streamSwitch', required: true, description: 'The body key and the value of it that asks for the stream, as { stream: true }.' },
  response: { kind: 'type', required: true, description: "Each event's data (JSON, or string for text); $content_type text/event-stream (the default) or application/x-ndjson." },
} as const satisfies Record<string, KeySpec>;

/** The keys of an `auth` map. */
export const AUTH_KEYS = {
  scheme: { kind: 'authScheme', required: true, description: 'basic, digest, bearer or api_key.' },
  in: { kind: 'text', required: false, description: 'api_key only: header, query or cookie.' },
  name: { kind: 'text', required: false, description: 'api_key only: the header, query parameter or cookie name.' },
} as const satisfies Record<string, KeySpec>;

/** The keys of a `security_schemes` entry given as a map. */
export const SECURITY_SCHEME_KEYS = {
  ...AUTH_KEYS,
  description: { kind: 'text', required: false, description: "JSDoc for the scheme's constructor option." },
} as const satisfies Record<string, KeySpec>;

/** `max_retry_after` gives `maxRetryAfter`: spec keys are snake_case, runtime options camelCase. */
export function camelCase(key: string): string {
  return key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

export function requiredKeys(keys: Readonly<Record<string, KeySpec>>): string[] {
  return Object.keys(keys).filter((key) => keys[key]!.required);
}
