/**
 * The client model: what every front end (YAML spec, OpenAPI document) reads its format into,
 * what the model checks run on, and the only thing emit reads. Plain data, frozen, in source
 * order, so the same input always gives the same model and no stage can change what another sees.
 *
 * Names in the model come in two kinds: `wireName` is what the API itself calls a thing (a
 * header, a query key, an operationId) and is sent or shown exactly; `name` is the TypeScript
 * identifier made from it by `model/names.ts`, the one rule both front ends share.
 */
import type { Position } from '../diagnostics.js';

/** Where a model item came from, so a model check can point at the spec or document. */
export interface Origin {
  /** The file as the user named it (a `$ref` into another file names that file). */
  readonly file: string;
  readonly position: Position;
  /** Dotted keys for a spec (`paths.getPet.query`), a JSON pointer for a document (`#/paths/~1pets/get`). */
  readonly at: string;
}

/** Type names every spec can use without declaring them. */
export type BuiltinType =
  | 'string'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'null'
  | 'unknown'
  /** Raw bytes: a file to upload (Blob, bytes, a stream) in a request; `Uint8Array` in a response. */
  | 'binary'
  /** A response body handed over unread, as a stream. */
  | 'stream';

export type LiteralValue = string | number | boolean;

export type TypeRef =
  | { readonly kind: 'builtin'; readonly name: BuiltinType }
  /** One exact value; an enum is a union of literals. */
  | { readonly kind: 'literal'; readonly value: LiteralValue }
  /** A type of `ClientModel.types`, by its (TypeScript) name. */
  | { readonly kind: 'named'; readonly name: string }
  | { readonly kind: 'array'; readonly element: TypeRef }
  | { readonly kind: 'union'; readonly members: readonly TypeRef[] }
  | { readonly kind: 'intersection'; readonly members: readonly TypeRef[] }
  /**
   * An object: fixed keys, and `extra` for the type of any other key (an index signature);
   * no fields and an `extra` is `Record<string, T>`.
   */
  | { readonly kind: 'object'; readonly fields: readonly FieldModel[]; readonly extra: TypeRef | undefined };

/** What JSDoc shows beside a type, a property, a parameter or a method. */
export interface Docs {
  readonly summary?: string;
  readonly description?: string;
  readonly deprecated?: boolean;
  /** `date-time`, `uri`, `email`, ...: shown, not checked. */
  readonly format?: string;
  /** The default as JSON text, shown in JSDoc. */
  readonly defaultValue?: string;
  /** Sent by the server only (OpenAPI `readOnly`) or by the client only (`writeOnly`). */
  readonly readOnly?: boolean;
  readonly writeOnly?: boolean;
}

export const NO_DOCS: Docs = Object.freeze({});

export interface FieldModel {
  /** The key exactly as on the wire; emit quotes it when it is not an identifier. */
  readonly name: string;
  readonly optional: boolean;
  readonly type: TypeRef;
  readonly docs: Docs;
}

export interface NamedTypeModel {
  /** The TypeScript name. */
  readonly name: string;
  /** What the source called it (a `components.schemas` key), when that differs. */
  readonly wireName: string;
  readonly type: TypeRef;
  readonly docs: Docs;
  readonly origin: Origin;
}

/** A path split at its placeholders: text is sent as written, a param is percent-encoded. */
export type PathPart =
  | { readonly kind: 'text'; readonly text: string }
  /** `wireName` is the placeholder's name; it matches a `path` parameter's `wireName`. */
  | { readonly kind: 'param'; readonly wireName: string };

export type ParamLocation = 'path' | 'query' | 'header' | 'cookie';

/**
 * How a query value is written: `repeat` (`a=1&a=2`; an object spreads its keys), `comma`
 * (`a=1,2`), `space`, `pipe`, `deepObject` (`a[x]=1`). Runtime names; OpenAPI's form/explode maps here.
 */
export type QueryStyle = 'repeat' | 'comma' | 'space' | 'pipe' | 'deepObject';

export interface ParamModel {
  readonly in: ParamLocation;
  /** Exactly as sent: the placeholder, query key, header or cookie name. */
  readonly wireName: string;
  /** The key of the method's argument (of `query` for query params). */
  readonly name: string;
  readonly required: boolean;
  readonly type: TypeRef;
  /** Query params only; `repeat` is the default. */
  readonly style: QueryStyle;
  /**
   * Path params only: the value spans segments (`docs/intro.md`), each encoded and the slashes
   * kept (OpenAPI's `x-multi-segment`, the spec's `$multi_segment`). Absent: one segment.
   */
  readonly multiSegment?: true;
  readonly docs: Docs;
  readonly origin: Origin;
}

export type HeaderEntry = readonly [name: string, value: string];

/** How a request body is encoded, each with its runtime option. */
export type BodyEncoding = 'json' | 'form' | 'multipart' | 'text' | 'binary';

/**
 * How a field of a form or multipart body is written (OpenAPI's Encoding Object, the runtime's
 * FieldStyle): `form` (`a=1&a=2`), `spaceDelimited`, `pipeDelimited`, `deepObject` (`a[x]=1`).
 */
export const FIELD_STYLES = ['form', 'spaceDelimited', 'pipeDelimited', 'deepObject'] as const;
export type FieldStyle = (typeof FIELD_STYLES)[number];

/** The explode a style has when the source says none: true for `form` and `deepObject`, false for the delimited ones. */
export function defaultExplode(style: FieldStyle): boolean {
  return style === 'form' || style === 'deepObject';
}

/** One field of a form or multipart body written otherwise than the runtime's default for it. */
export interface BodyFieldModel {
  /** The body property's wire name. */
  readonly name: string;
  readonly style: FieldStyle | undefined;
  /** Whether arrays and objects spread; set exactly when `style` is (the style's default unless the source said). */
  readonly explode: boolean | undefined;
  /** Multipart: the part's media type as the source wrote it (a list or a range is only documentation). */
  readonly contentType: string | undefined;
  /** Multipart: fixed headers of the part. */
  readonly headers: readonly HeaderEntry[];
}

export interface BodyModel {
  readonly encoding: BodyEncoding;
  /** The media type as the source wrote it; sent as Content-Type where it is not the encoding's own. */
  readonly mediaType: string;
  readonly type: TypeRef;
  readonly required: boolean;
  readonly docs: Docs;
  /**
   * Form and multipart only: the fields the source says how to write, in source order. A field not
   * here goes as the runtime writes it: in a form, nested in brackets (as `deepObject`); in
   * multipart, an array one part per item and an object as a JSON part.
   */
  readonly fields: readonly BodyFieldModel[];
}

/**
 * How a 2xx body becomes a method's result: each is a runtime reader passed as a value. `events`
 * are server-sent events whose data is JSON, `textEvents` ones whose data is text, `jsonLines`
 * newline-delimited JSON: all three are read as they arrive, never whole.
 */
export type ResultReading = 'json' | 'text' | 'bytes' | 'stream' | 'none' | 'events' | 'textEvents' | 'jsonLines';

export interface ResultModel {
  readonly reading: ResultReading;
  /** The result's type (of each event's data or each line, for streams of them); `undefined` for `none`. */
  readonly type: TypeRef | undefined;
  readonly docs: Docs;
  /** The same call answered as a stream when its body asks for one (OpenAI's `stream: true`). */
  readonly stream?: StreamModel;
}

/** The readings of a result read as it arrives. */
export type StreamReading = Extract<ResultReading, 'events' | 'textEvents' | 'jsonLines'>;

/**
 * A result the server streams instead when the request body holds `key: value` (OpenAI's
 * `stream: true`, `stream_format: 'sse'`): the method is overloaded on that value, and a call
 * that sends it asks for the stream's media type and reads the stream.
 */
export interface StreamModel {
  /** The body's key (as on the wire) and the value of it that asks for the stream. */
  readonly key: string;
  readonly value: LiteralValue;
  readonly reading: StreamReading;
  /** Each event's data, or each line. */
  readonly type: TypeRef;
  readonly docs: Docs;
}

/** Keys into a body; empty means the body itself. */
export type BodyPath = readonly string[];

/**
 * How a method's result continues on further pages: the next page's URL in the `Link` header
 * (GitHub), a cursor taken from the body or from the last item and sent as a query parameter
 * (Slack, Stripe), an offset advanced by the items seen, or a page number.
 */
export type PaginationModel = (
  | { readonly style: 'link' }
  | { readonly style: 'cursor'; readonly param: string; readonly cursor: { readonly from: 'body' | 'lastItem'; readonly path: BodyPath }; readonly hasMore: BodyPath | undefined }
  | { readonly style: 'offset'; readonly param: string }
  | { readonly style: 'page'; readonly param: string; readonly start: number | undefined }
  /** The next page's URL is a string in the body (Twilio's `next_page_uri`). */
  | { readonly style: 'url'; readonly next: BodyPath }
) & {
  /** Where the page's items are in its body. */
  readonly items: BodyPath;
  /** The type of one item, found by following `items` through the result type. */
  readonly itemType: TypeRef;
};

/** A documented error body: for one status, a range (`4XX`), or every other status (`default`). */
export interface ErrorModel {
  readonly status: number | 'default' | `${1 | 2 | 3 | 4 | 5}XX`;
  readonly type: TypeRef;
}

export type RetryValue = number | boolean | readonly string[] | readonly number[];

/** A `retry` setting as runtime RetryOptions entries (camelCase keys); a bare number is the limit. */
export type RetryModel = number | readonly (readonly [option: string, value: RetryValue])[];

/** Call options the source sets for the whole session or for one method. */
export interface CallDefaultsModel {
  readonly retry: RetryModel | undefined;
  readonly maxRedirects: number | undefined;
  readonly timeout: number | undefined;
}

export const NO_CALL_DEFAULTS: CallDefaultsModel = Object.freeze({ retry: undefined, maxRedirects: undefined, timeout: undefined });

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface MethodModel {
  /**
   * The resource the method sits on, from the client down (`['repos']` for `client.repos.getContent`,
   * `['accounts', 'people']` for `client.accounts.people.update`); empty for a method of the class itself.
   */
  readonly resource: readonly string[];
  /** The method's TypeScript name, within its resource. */
  readonly name: string;
  /** The exported interface of the method's argument; emitted only when the method has parameters or a body. */
  readonly argsType: string;
  /** The exported union of the method's documented error bodies; emitted only when the method documents some. */
  readonly errorType: string;
  /** What the source called it: the spec's path key or the document's operationId (or method and path). */
  readonly wireName: string;
  readonly docs: Docs;
  readonly httpMethod: HttpMethod;
  readonly path: readonly PathPart[];
  /**
   * The method's own server: replaces the session's base location and endpoint while the session
   * is on the document's own (the user's `servers` map and base location decide otherwise).
   */
  readonly baseLocation: string | undefined;
  /** The method's own `security`, when it differs from the client's. */
  readonly security: SecurityModel | undefined;
  /** Every parameter, path ones in placeholder order first. */
  readonly params: readonly ParamModel[];
  readonly body: BodyModel | undefined;
  /** Fixed headers this method sends, over the session's. */
  readonly headers: readonly HeaderEntry[];
  readonly result: ResultModel;
  readonly errors: readonly ErrorModel[];
  /** Set when the result is one page of many. */
  readonly pagination: PaginationModel | undefined;
  readonly defaults: CallDefaultsModel;
  readonly origin: Origin;
}

export type AuthModel =
  | { readonly scheme: 'basic' | 'digest' | 'bearer' }
  | { readonly scheme: 'apiKey'; readonly in: 'header' | 'query' | 'cookie'; readonly name: string };

/** A security scheme whose credentials the constructor takes, as an optional option of its own. */
export interface SecuritySchemeModel {
  /** The scheme's name in the source: what `security` lists name. */
  readonly wireName: string;
  /** The constructor option that takes its credentials. */
  readonly name: string;
  readonly auth: AuthModel;
  readonly docs: Docs;
}

/**
 * Alternatives of scheme wire names, in order: a call sends the first whose schemes all have
 * credentials. An empty alternative (and an empty list) sends none.
 */
export type SecurityModel = readonly (readonly string[])[];

/** A resource object of the client: a class of its own holding the methods (and resources) under it. */
export interface ResourceModel {
  /** Its names from the client down, as methods' `resource` holds them. */
  readonly path: readonly string[];
  /** The exported class of the resource object. */
  readonly className: string;
  readonly docs: Docs;
}

export interface ClientModel {
  /** How the emitted header names the source: a relative path with forward slashes. */
  readonly source: string;
  /** The class name. */
  readonly name: string;
  /** The exported interface of the constructor's options; emitted only when the auth needs a secret. */
  readonly optionsType: string;
  readonly docs: Docs;
  readonly baseLocation: string | undefined;
  readonly endpoint: string | undefined;
  readonly connections: number | undefined;
  readonly persistCookies: boolean | undefined;
  /** Send one Idempotency-Key per non-GET call, the same on its retries (Stripe's convention). */
  readonly idempotencyKey: boolean | undefined;
  readonly headers: readonly HeaderEntry[];
  /** Query parameters sent with every call. */
  readonly params: readonly HeaderEntry[];
  /** The scheme whose secret the constructor requires, sent on every call (a spec's `auth`). */
  readonly auth: AuthModel | undefined;
  /** Schemes whose credentials the constructor takes, each optional; sent as each method's security chooses. */
  readonly securitySchemes: readonly SecuritySchemeModel[];
  /** The security of methods that name none of their own. */
  readonly security: SecurityModel | undefined;
  readonly defaults: CallDefaultsModel;
  readonly types: readonly NamedTypeModel[];
  readonly methods: readonly MethodModel[];
  /**
   * The resources methods sit on. A front end lists those it has docs for; the model checks
   * return one per resource (parents before children, in the order methods first use them).
   */
  readonly resources: readonly ResourceModel[];
  readonly origin: Origin;
}

/** Freezes a model and everything in it (iteratively: a large model is deep, and this runs on every node). */
export function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item !== 'object' || item === null || Object.isFrozen(item)) continue;
    Object.freeze(item);
    if (Array.isArray(item)) {
      for (const element of item) if (typeof element === 'object' && element !== null) stack.push(element);
    } else {
      for (const key in item) {
        const child = (item as Record<string, unknown>)[key];
        if (typeof child === 'object' && child !== null) stack.push(child);
      }
    }
  }
  return value;
}

/** True when a method's argument has keys of its own beside the call options (so it gets an interface). */
/** A method's full name as users call it: `repos.getContent`. */
export function qualifiedName(method: Pick<MethodModel, 'resource' | 'name'>): string {
  return [...method.resource, method.name].join('.');
}

export function hasArgs(method: MethodModel): boolean {
  return method.params.length > 0 || method.body !== undefined;
}

/**
 * The type at `path` inside `type` (through named types, objects, and unions whose members all
 * have it), or undefined when there is none: how a page's item type is found.
 */
export function typeAtPath(type: TypeRef, path: BodyPath, types: ReadonlyMap<string, TypeRef>, seen: ReadonlySet<string> = new Set()): TypeRef | undefined {
  if (type.kind === 'named') {
    const target = types.get(type.name);
    if (target === undefined || seen.has(type.name)) return undefined;
    return typeAtPath(target, path, types, new Set([...seen, type.name]));
  }
  if (path.length === 0) return type;
  if (type.kind === 'object') {
    const field = type.fields.find((candidate) => candidate.name === path[0]);
    const next = field?.type ?? type.extra;
    return next === undefined ? undefined : typeAtPath(next, path.slice(1), types, seen);
  }
  if (type.kind === 'intersection' || type.kind === 'union') {
    const found = type.members.map((member) => typeAtPath(member, path, types, seen)).filter((member): member is TypeRef => member !== undefined);
    if (found.length === 0 || (type.kind === 'union' && found.length !== type.members.filter((member) => !(member.kind === 'builtin' && member.name === 'null')).length)) return undefined;
    return found.length === 1 ? found[0] : { kind: type.kind, members: found };
  }
  return undefined;
}

/** The element type of an array type (through named types, `T | null` and intersections of arrays), or undefined. */
export function elementType(type: TypeRef, types: ReadonlyMap<string, TypeRef>, seen: ReadonlySet<string> = new Set()): TypeRef | undefined {
  if (type.kind === 'array') return type.element;
  if (type.kind === 'named') {
    const target = types.get(type.name);
    return target === undefined || seen.has(type.name) ? undefined : elementType(target, types, new Set([...seen, type.name]));
  }
  if (type.kind === 'union') {
    const arrays = type.members.filter((member) => !(member.kind === 'builtin' && member.name === 'null'));
    return arrays.length === 1 ? elementType(arrays[0]!, types, seen) : undefined;
  }
  if (type.kind === 'intersection') {
    // `object[] & Station[]` (an allOf that narrows a wrapper's list) holds `object & Station`.
    const elements = type.members.map((member) => elementType(member, types, seen));
    if (elements.some((element) => element === undefined)) return undefined;
    return elements.length === 1 ? elements[0] : { kind: 'intersection', members: elements as TypeRef[] };
  }
  return undefined;
}

/** Whether a value of `type` may be `value` (through named types and unions): how a stream's body switch is checked. */
export function admitsValue(type: TypeRef | undefined, value: LiteralValue, types: ReadonlyMap<string, TypeRef>, depth = 0): boolean {
  if (type === undefined || depth > 8) return false;
  switch (type.kind) {
    case 'literal':
      return type.value === value;
    case 'builtin':
      return type.name === 'unknown' || type.name === (typeof value === 'boolean' ? 'boolean' : typeof value === 'string' ? 'string' : 'number') || (typeof value === 'number' && type.name === 'integer' && Number.isInteger(value));
    case 'named':
      return admitsValue(types.get(type.name), value, types, depth + 1);
    case 'union':
      return type.members.some((member) => admitsValue(member, value, types, depth + 1));
    default:
      return false;
  }
}
