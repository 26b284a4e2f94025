/**
 * The spec format's vocabulary: which keys exist where, which are required, what they mean.
 * The validator checks keys against these tables and the JSON Schema is built from them, so
 * the two cannot drift apart.
 */

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'] as const;
export type SpecMethod = (typeof HTTP_METHODS)[number];

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
  | 'type';

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
} as const satisfies Record<string, KeySpec>;

export function requiredKeys(keys: Readonly<Record<string, KeySpec>>): string[] {
  return Object.keys(keys).filter((key) => keys[key]!.required);
}
