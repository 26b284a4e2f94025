/**
 * The spec format's vocabulary: which keys exist where, which are required, what they mean.
 * The validator checks keys against these tables and the JSON Schema is built from them, so
 * the two cannot drift apart.
 */

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'] as const;
export type SpecMethod = (typeof HTTP_METHODS)[number];

/** Auth schemes a spec may name; the generated constructor then asks for the secret the scheme needs. */
export const AUTH_SCHEMES = ['basic', 'digest', 'bearer'] as const;
export type AuthScheme = (typeof AUTH_SCHEMES)[number];

/** The HTTP status codes a retry may name. */
export const STATUS_RANGE = { min: 100, max: 599 } as const;

/** Type names every spec can use without declaring them, and what they become in TypeScript. */
export const BUILTIN_TYPES = {
  string: 'string',
  number: 'number',
  integer: 'number',
  boolean: 'boolean',
  null: 'null',
  unknown: 'unknown',
} as const;
export type BuiltinType = keyof typeof BUILTIN_TYPES;

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
  | 'statusList';

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
  headers: { kind: 'headers', required: false, description: 'Headers sent with every call.' },
  auth: { kind: 'authScheme', required: false, description: 'Auth scheme of every call (basic, digest or bearer); the generated constructor then requires the secret.' },
  retry: { kind: 'retry', required: false, description: 'Retries for every call: a limit, or a map of retry settings (default none).' },
  max_redirects: { kind: 'count', required: false, description: 'Most redirects followed per call (default 10; 0 turns following off).' },
  timeout: { kind: 'milliseconds', required: false, description: 'Deadline of every call in milliseconds.' },
  types: { kind: 'typeMap', required: false, description: 'Named types, usable anywhere a type is.' },
  paths: { kind: 'pathMap', required: true, description: 'Each named path becomes a method of the class.' },
} as const satisfies Record<string, KeySpec>;

export const PATH_KEYS = {
  description: { kind: 'text', required: false, description: 'JSDoc for the generated method.' },
  method: { kind: 'method', required: false, description: 'HTTP method (default GET).' },
  path: { kind: 'path', required: true, description: 'Path joined after base_location and endpoint; {name} marks a path parameter.' },
  params: { kind: 'paramMap', required: false, description: 'Types of path parameters (default string).' },
  query: { kind: 'queryMap', required: false, description: 'Query parameters; a key ending in ? is optional.' },
  body: { kind: 'type', required: false, description: 'Type of the JSON request body.' },
  headers: { kind: 'headers', required: false, description: "This path's own headers, over the session's." },
  response: { kind: 'type', required: false, description: 'Type of the parsed response body; string gives the text; none resolves to nothing.' },
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

/** `max_retry_after` gives `maxRetryAfter`: spec keys are snake_case, runtime options camelCase. */
export function camelCase(key: string): string {
  return key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

export function requiredKeys(keys: Readonly<Record<string, KeySpec>>): string[] {
  return Object.keys(keys).filter((key) => keys[key]!.required);
}
