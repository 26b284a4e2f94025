/**
 * Stage 3: the checked spec as the emitter needs it. Plain data, frozen, in spec order, so
 * the same spec always gives the same model and nothing downstream can change it.
 */
import type { AuthScheme, BuiltinType, SpecMethod } from './spec-format.js';

export type TypeRef =
  | { readonly kind: 'builtin'; readonly name: BuiltinType }
  | { readonly kind: 'named'; readonly name: string }
  | { readonly kind: 'array'; readonly element: TypeRef }
  /** `Record<string, T>`: an object whose keys are not known ahead, such as a headers echo. */
  | { readonly kind: 'record'; readonly value: TypeRef }
  | { readonly kind: 'union'; readonly members: readonly TypeRef[] }
  | { readonly kind: 'object'; readonly fields: readonly FieldModel[] };

export interface FieldModel {
  /** The key as written in the spec, without its `?`. Any string: the emitter quotes it when needed. */
  readonly name: string;
  readonly optional: boolean;
  readonly type: TypeRef;
}

export interface NamedTypeModel {
  readonly name: string;
  readonly type: TypeRef;
}

/** A path split at its placeholders: text is sent as written, a param is percent-encoded. */
export type PathPart = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'param'; readonly name: string };

export type HeaderEntry = readonly [name: string, value: string];

export type ResultKind = 'json' | 'text' | 'none';

export type RetryValue = number | boolean | readonly string[] | readonly number[];

/** A `retry` map as runtime RetryOptions entries (camelCase keys, in RETRY_KEYS order); a bare number is the limit. */
export type RetryModel = number | readonly (readonly [option: string, value: RetryValue])[];

/** Call options the spec sets, at the top (session defaults) or on a path (that method's defaults). */
export interface CallDefaultsModel {
  readonly retry: RetryModel | undefined;
  readonly maxRedirects: number | undefined;
  readonly timeout: number | undefined;
}

export interface MethodModel {
  readonly name: string;
  /** Name of the exported interface of the method's argument; undefined when it is just CallOptions. */
  readonly argsType: string | undefined;
  readonly description: string | undefined;
  readonly httpMethod: SpecMethod;
  readonly path: readonly PathPart[];
  readonly params: readonly FieldModel[];
  /** Query keys; an empty list means the path takes no query. */
  readonly query: readonly FieldModel[];
  readonly body: TypeRef | undefined;
  readonly headers: readonly HeaderEntry[];
  readonly response: TypeRef | undefined;
  readonly resultKind: ResultKind;
  /** This path's retry, maxRedirects and timeout, under the call's own. */
  readonly defaults: CallDefaultsModel;
  /** False when every key of the argument is optional, so the argument may be left out. */
  readonly argsRequired: boolean;
}

export interface ClientModel {
  /** How the header names the spec: a relative path with forward slashes. */
  readonly source: string;
  readonly client: string;
  readonly description: string | undefined;
  readonly baseLocation: string | undefined;
  readonly endpoint: string | undefined;
  readonly connections: number | undefined;
  readonly persistCookies: boolean | undefined;
  readonly headers: readonly HeaderEntry[];
  /** The scheme whose secret the constructor requires. */
  readonly auth: AuthScheme | undefined;
  /** Name of the exported constructor options interface; undefined when it is just SessionOptions. */
  readonly optionsType: string | undefined;
  /** The session's retry, maxRedirects and timeout, under the constructor's options. */
  readonly defaults: CallDefaultsModel;
  readonly types: readonly NamedTypeModel[];
  readonly methods: readonly MethodModel[];
}

/** Freezes a model and everything in it, so no stage can change what another sees. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

export function pascalCase(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** The name of a client's constructor options interface: `PetStore` gives `PetStoreOptions`. */
export function optionsTypeName(client: string): string {
  return `${client}Options`;
}

/** The name of a path's argument interface: `getPet` gives `GetPetArgs`. */
export function argsTypeName(pathName: string): string {
  return `${pascalCase(pathName)}Args`;
}

export function resultKindOf(response: TypeRef | undefined): ResultKind {
  if (response === undefined) return 'none';
  return response.kind === 'builtin' && response.name === 'string' ? 'text' : 'json';
}
