/**
 * Emit: the model to the text of one TypeScript file, written with ts-morph's code writer
 * (`code-block-writer`), which keeps indentation, blank lines and string state right. It reads
 * only the model, and needs no TypeScript compiler: printing structures through ts-morph cost
 * half a second of loading TypeScript per run, for text this writer makes directly.
 */
import CodeBlockWriter from 'code-block-writer';
import { RUNTIME_CONTENT_TYPES, essence } from '../model/media.js';
import { hasArgs, qualifiedName, type LiteralValue, type AuthModel, type BodyFieldModel, type CallDefaultsModel, type ClientModel, type FieldModel, type HeaderEntry, type MethodModel, type NamedTypeModel, type ParamModel, type ResourceModel, type ResultReading, type RetryModel, type RetryValue, type TypeRef } from '../model/types.js';
import { codeSpan, lineCommentText, objectKey, stringLiteral, templateText } from './literals.js';
import { isIdentifierName, UniqueNames } from '../model/names.js';
import { declaredNames, hoistRepeatedObjects } from './shared.js';
import { CREDENTIALS, hasSchemes, schemeHandlers, schemesConstructor, schemesOptionsInterface, securityLiteral } from './security.js';
import { fillTemplate } from './templates.js';
import { aliasWriter, docLines, fieldDocs, interfaceWriter, mentionsBuiltin, typeText, writeDocs, type WriterFunction } from './types.js';

/** The module generated clients import the runtime from. */
export const RUNTIME_MODULE = 'sessiongen/runtime';

/**
 * Named types are aliases, not interfaces: an interface has no implicit index signature, so it
 * could not be passed where the runtime takes any form or multipart map.
 */
function namedType(named: NamedTypeModel): WriterFunction {
  return aliasWriter(named.name, docLines(named.docs, named.wireName !== named.name ? `${codeSpan(named.wireName)} in the API.` : undefined), named.type);
}

/** What the wire calls a parameter, for its JSDoc when the TypeScript name differs or it is not a path key. */
function wireNote(param: ParamModel): string | undefined {
  if (param.in === 'header') return `Sent as the ${codeSpan(param.wireName)} header.`;
  if (param.in === 'cookie') return `Sent as the ${codeSpan(param.wireName)} cookie.`;
  const spans = param.multiSegment === true ? 'Its slashes are kept: each `/`-separated segment is percent-encoded; `.`, `..` and empty segments are refused.' : undefined;
  if (param.name === param.wireName) return spans;
  const named = param.in === 'path' ? `The ${codeSpan(`{${param.wireName}}`)} path parameter.` : `Sent as the ${codeSpan(param.wireName)} query parameter.`;
  return spans === undefined ? named : `${named} ${spans}`;
}

/** `compute` remembered per object: the model is frozen, so what is derived from one item never changes. */
function memoized<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const values = new WeakMap<K, V>();
  return (key) => {
    if (values.has(key)) return values.get(key)!;
    const value = compute(key);
    values.set(key, value);
    return value;
  };
}

/** A parameter as a field of the argument; the same object each time, so its docs are made once. */
const paramField = memoized((param: ParamModel): FieldModel => {
  return { name: param.name, optional: !param.required, type: param.type, docs: { ...param.docs, description: [param.docs.description, wireNote(param)].filter((text) => text !== undefined).join('\n\n') } };
});

function queryParams(method: MethodModel): readonly ParamModel[] {
  return method.params.filter((param) => param.in === 'query');
}

function ownParams(method: MethodModel): readonly ParamModel[] {
  return method.params.filter((param) => param.in !== 'query');
}

function argsRequired(method: MethodModel): boolean {
  return method.params.some((param) => param.required) || method.body?.required === true;
}

/**
 * Parameters said once. Many methods of a large API take the same parameter with the same type
 * and the same long description (GitHub's `owner`, `repo`, `per_page`, ... on hundreds of
 * methods): those go in one alias, documented once, and each method's argument picks the ones it
 * takes (`Pick<SharedParams, 'owner' | 'repo'>`), so the editor shows the same docs on them.
 */
interface SharedParams {
  readonly name: string;
  /** The shared field of each shared parameter name. */
  readonly fields: ReadonlyMap<string, FieldModel>;
  /** The key of each field as the alias holds it. */
  readonly keys: ReadonlyMap<string, string>;
}

/** A parameter used this often, identically and with docs, is said once. */
const SHARED_PARAM_MIN_USES = 3;

const fieldKey = memoized((field: FieldModel): string => `${field.name}${field.optional ? '?' : ''}: ${typeText(field.type)}\n${fieldDocs(field.docs).join('\n')}`);

function sharedParams(model: ClientModel, name: string): SharedParams {
  const uses = new Map<string, { field: FieldModel; count: number }>();
  for (const method of model.methods) {
    for (const param of method.params) {
      const field = paramField(param);
      if (fieldDocs(field.docs).length === 0) continue;
      const key = fieldKey(field);
      const entry = uses.get(key);
      if (entry === undefined) uses.set(key, { field, count: 1 });
      else entry.count++;
    }
  }
  // Per name, the form used most (the first met on a tie) is shared; others stay where they are.
  const fields = new Map<string, FieldModel>();
  const keys = new Map<string, string>();
  const best = new Map<string, number>();
  for (const [key, { field, count }] of uses) {
    if (count < SHARED_PARAM_MIN_USES || count <= (best.get(field.name) ?? 0)) continue;
    best.set(field.name, count);
    fields.set(field.name, field);
    keys.set(field.name, key);
  }
  return { name, fields, keys };
}

function isShared(shared: SharedParams, field: FieldModel): boolean {
  return shared.keys.get(field.name) === fieldKey(field);
}

function sharedParamsWriter(shared: SharedParams): WriterFunction {
  const fields = [...shared.fields.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return aliasWriter(
    shared.name,
    docLines({}, `Parameters that many methods take alike, documented once here; each method's argument picks the ones it takes (\`Pick<${shared.name}, ...>\`).`),
    { kind: 'object', fields, extra: undefined },
  );
}

/** `Pick<SharedParams, 'a' | 'b'>` for the shared fields among `fields`, or undefined when none is. */
function pickOf(shared: SharedParams, fields: readonly FieldModel[]): string | undefined {
  const picked = fields.filter((field) => isShared(shared, field));
  return picked.length === 0 ? undefined : `Pick<${shared.name}, ${picked.map((field) => stringLiteral(field.name)).join(' | ')}>`;
}

/** Where a method's JSDoc links to it: `GitHub.meta` on the class, `ReposResource.getContent` on a resource. */
type MethodLink = (method: MethodModel) => string;

function methodLinks(model: ClientModel): MethodLink {
  const classes = new Map(model.resources.map((resource) => [resource.path.join('.'), resource.className]));
  return (method) => `${method.resource.length === 0 ? model.name : classes.get(method.resource.join('.'))!}.${method.name}`;
}

function argsInterface(link: MethodLink, method: MethodModel, shared: SharedParams): WriterFunction {
  const query = queryParams(method);
  const parts = [
    ...(method.params.some((param) => param.in === 'path') ? ['path parameters'] : []),
    ...(method.params.some((param) => param.in === 'header') ? ['headers'] : []),
    ...(method.params.some((param) => param.in === 'cookie') ? ['cookies'] : []),
    ...(query.length > 0 ? ['query'] : []),
    ...(method.body !== undefined ? ['body'] : []),
  ];
  const own = ownParams(method).map(paramField);
  const ownPick = pickOf(shared, own);
  const fields: FieldModel[] = own.filter((field) => !isShared(shared, field));
  if (query.length > 0) {
    const queryFields = query.map(paramField);
    const queryPick = pickOf(shared, queryFields);
    const rest = queryFields.filter((field) => !isShared(shared, field));
    const object: TypeRef = { kind: 'object', fields: rest, extra: undefined };
    const type: TypeRef = queryPick === undefined ? object : rest.length === 0 ? { kind: 'named', name: queryPick } : { kind: 'intersection', members: [{ kind: 'named', name: queryPick }, object] };
    fields.push({ name: 'query', optional: query.every((param) => !param.required), type, docs: {} });
  }
  if (method.body !== undefined) fields.push({ name: 'body', optional: !method.body.required, type: bodyType(method.body), docs: method.body.docs });
  return interfaceWriter({
    name: method.argsType,
    docs: docLines({}, `The argument of {@link ${link(method)}}: ${parts.join(', ')} and per-call options.`),
    extends: ownPick === undefined ? 'CallOptions' : `CallOptions, ${ownPick}`,
    fields,
  });
}

/** A raw binary body is anything the runtime sends as it is; inside other bodies, bytes are files. */
const RAW_BODY: TypeRef = { kind: 'named', name: 'RequestBody' };

const FILE: TypeRef = { kind: 'builtin', name: 'binary' };

/** A multipart field's type: where it takes any `string`, a file (its bytes as the part) too. */
function withFiles(type: TypeRef): TypeRef {
  if (type.kind === 'builtin' && type.name === 'string') return { kind: 'union', members: [type, FILE] };
  if (type.kind === 'union' && type.members.some((member) => member.kind === 'builtin' && member.name === 'string')) return { kind: 'union', members: [...type.members, FILE] };
  return type;
}

/** The runtime's mapped type that does withFiles to a named body type's fields. */
const MULTIPART_FIELDS = 'MultipartFields';

/** Whether the body's type is a named one that the argument wraps in MultipartFields. */
function wrapsNamed(body: NonNullable<MethodModel['body']>): boolean {
  return body.encoding === 'multipart' && body.type.kind === 'named';
}

const bodyType = memoized((body: NonNullable<MethodModel['body']>): TypeRef => {
  if (body.encoding === 'binary') return RAW_BODY;
  if (wrapsNamed(body)) return { kind: 'named', name: `${MULTIPART_FIELDS}<${typeText(body.type)}>` };
  if (body.encoding === 'multipart' && body.type.kind === 'object') return { ...body.type, fields: body.type.fields.map((field) => ({ ...field, type: withFiles(field.type) })) };
  return body.type;
});

function statusType(status: MethodModel['errors'][number]['status']): string {
  return typeof status === 'number' ? String(status) : 'number';
}

/** `HTTPError<404, NotFound> | HTTPError<number, ApiError>`: the documented error bodies, by status. */
function errorAlias(link: MethodLink, method: MethodModel): WriterFunction {
  const members = method.errors.map((error) => `HTTPError<${statusType(error.status)}, ${typeText(error.type)}>`);
  return (writer) => {
    writer.blankLineIfLastNot();
    writer.writeLine(`/** The errors {@link ${link(method)}} documents, by status; \`result()\` gives them typed. */`);
    writer.writeLine(`export type ${method.errorType} = ${[...new Set(members)].join(' | ')};`);
  };
}

/** What each auth scheme needs from the constructor's options, and the runtime handler it makes. */
interface AuthSecret {
  readonly handler: 'BasicAuth' | 'DigestAuth' | 'BearerAuth' | 'ApiKeyAuth';
  readonly field: FieldModel;
  readonly construct: (auth: AuthModel) => string;
  readonly what: string;
}

const STRING: TypeRef = { kind: 'builtin', name: 'string' };

const CREDENTIALS_FIELD: FieldModel = { name: 'credentials', optional: false, type: CREDENTIALS, docs: {} };

const AUTH_SECRETS: Readonly<Record<AuthModel['scheme'], AuthSecret>> = {
  basic: { handler: 'BasicAuth', field: CREDENTIALS_FIELD, construct: () => 'new BasicAuth(options.credentials.username, options.credentials.password)', what: 'the credentials' },
  digest: { handler: 'DigestAuth', field: CREDENTIALS_FIELD, construct: () => 'new DigestAuth(options.credentials.username, options.credentials.password)', what: 'the credentials' },
  bearer: { handler: 'BearerAuth', field: { name: 'token', optional: false, type: STRING, docs: {} }, construct: () => 'new BearerAuth(options.token)', what: 'the token' },
  apiKey: {
    handler: 'ApiKeyAuth',
    field: { name: 'apiKey', optional: false, type: STRING, docs: {} },
    construct: (auth) => (auth.scheme === 'apiKey' ? `new ApiKeyAuth({ name: ${stringLiteral(auth.name)}, in: ${stringLiteral(auth.in)}, key: options.apiKey })` : ''),
    what: 'the API key',
  },
};

function optionsInterface(model: ClientModel, auth: AuthModel): WriterFunction {
  const secret = AUTH_SECRETS[auth.scheme];
  const where = auth.scheme === 'apiKey' ? ` (sent in the ${auth.in} as \`${auth.name}\`)` : '';
  return interfaceWriter({
    name: model.optionsType,
    docs: docLines({}, `The options of {@link ${model.name}}: SessionOptions and ${secret.what} for the API's \`${auth.scheme}\` auth${where}. An \`auth\` option still replaces it.`),
    extends: 'SessionOptions',
    fields: [secret.field],
  });
}

function retryValueLiteral(value: RetryValue): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return `[${value.map((item) => (typeof item === 'string' ? stringLiteral(item) : String(item))).join(', ')}]`;
}

function retryLiteral(retry: RetryModel): string {
  if (typeof retry === 'number') return String(retry);
  return retry.length === 0 ? '{}' : `{ ${retry.map(([option, value]) => `${option}: ${retryValueLiteral(value)}`).join(', ')} }`;
}

/** `retry`, `maxRedirects` and `timeout` set by the source, as object literal entries, in that order. */
function callDefaultEntries(defaults: CallDefaultsModel): string[] {
  return [
    defaults.retry === undefined ? undefined : `retry: ${retryLiteral(defaults.retry)}`,
    defaults.maxRedirects === undefined ? undefined : `maxRedirects: ${defaults.maxRedirects}`,
    defaults.timeout === undefined ? undefined : `timeout: ${defaults.timeout}`,
  ].filter((entry) => entry !== undefined);
}

function fixedEntries(entries: readonly HeaderEntry[]): string[] {
  return entries.map(([name, value]) => `${objectKey(name)}: ${stringLiteral(value)}`);
}

/** A header or cookie parameter's entry: left out when an optional one is not given, so it cannot drop a session value. */
function paramEntry(param: ParamModel): string {
  const plain = param.type.kind === 'builtin' && param.type.name === 'string';
  const entry = `${objectKey(param.wireName)}: ${plain ? param.name : `String(${param.name})`}`;
  return param.required ? entry : `...(${param.name} === undefined ? {} : { ${entry} })`;
}

/** `{ fixed..., params..., ...options.headers }`, or undefined when there is nothing of the method's own. */
function mergedObject(fixed: readonly HeaderEntry[], params: readonly ParamModel[], rest: string): string | undefined {
  const entries = [...fixedEntries(fixed), ...params.map(paramEntry)];
  return entries.length === 0 ? undefined : `{ ${[...entries, `...${rest}`].join(', ')} }`;
}

/**
 * The Content-Type a body must be sent with where the runtime would send another, or undefined.
 * A raw body always names its media type, since the runtime would type a string `text/plain` and a
 * Blob by its own type; under a wildcard (`*\/*`) the runtime's choice stands. Form and multipart
 * bodies get theirs from the runtime (multipart's with its boundary).
 */
function documentContentType(body: NonNullable<MethodModel['body']>): string | undefined {
  switch (body.encoding) {
    case 'form':
    case 'multipart':
      return undefined;
    case 'binary':
      return essence(body.mediaType).includes('*') ? undefined : body.mediaType;
    default:
      return essence(body.mediaType) === RUNTIME_CONTENT_TYPES[body.encoding] ? undefined : body.mediaType;
  }
}

/**
 * The method's fixed headers, with the body's Content-Type where the runtime would send another,
 * unless a fixed header or a header parameter already says it (the call's own value then wins).
 */
function fixedHeaders(method: MethodModel): HeaderEntry[] {
  const headers = [...method.headers];
  const contentType = method.body === undefined ? undefined : documentContentType(method.body);
  const said = headers.some(([name]) => name.toLowerCase() === 'content-type') || method.params.some((param) => param.in === 'header' && param.wireName.toLowerCase() === 'content-type');
  if (contentType !== undefined && !said) headers.push(['Content-Type', contentType]);
  return headers;
}

/** Object.prototype's own names (`constructor`, `toString`, ...). */
const PROTOTYPE_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * A query style as a literal. tsc gives a property named like an Object.prototype member no
 * contextual type from an index signature, so there `'comma'` would widen to string: it is `as const`.
 */
function styleLiteral(param: ParamModel): string {
  return PROTOTYPE_NAMES.has(param.wireName) ? `${stringLiteral(param.style)} as const` : stringLiteral(param.style);
}

/**
 * Whether values of `type` are what the runtime's `params` takes as they are: scalars, literals,
 * arrays of them, null. An object (spread into its keys), `unknown` or a named type goes through `queryParams`.
 */
function isParamValue(type: TypeRef, inArray = false): boolean {
  switch (type.kind) {
    case 'builtin':
      return type.name === 'string' || type.name === 'number' || type.name === 'integer' || type.name === 'boolean' || (type.name === 'null' && !inArray);
    case 'literal':
      return true;
    case 'union':
      return type.members.every((member) => isParamValue(member, inArray));
    case 'array':
      return !inArray && isParamValue(type.element, true);
    default:
      return false;
  }
}

/**
 * The query as the runtime takes it: the `query` argument itself when its keys are the wire's and
 * every value is a plain parameter value repeating its key; else through `queryParams`, with wire names and styles.
 */
function queryExpression(method: MethodModel): string | undefined {
  const query = queryParams(method);
  if (query.length === 0) return undefined;
  const optional = query.every((param) => !param.required);
  if (query.every((param) => param.name === param.wireName && param.style === 'repeat' && isParamValue(param.type))) {
    // `?? {}` because an optional query may be undefined, which exactOptionalPropertyTypes refuses for params.
    return optional ? 'query ?? {}' : 'query';
  }
  // A key kept as its wire name (two names that would otherwise be confused) is read as `query['StartTime<']`.
  const access = (name: string): string => (isIdentifierName(name) ? `query${optional ? '?.' : '.'}${name}` : `query${optional ? '?.' : ''}[${stringLiteral(name)}]`);
  const values = query.map((param) => `${objectKey(param.wireName)}: ${access(param.name)}`);
  const styles = query.filter((param) => param.style !== 'repeat').map((param) => `${objectKey(param.wireName)}: ${styleLiteral(param)}`);
  return `queryParams({ ${values.join(', ')} }, { ${styles.join(', ')} })`.replace('{  }', '{}');
}

const BODY_OPTIONS = { json: 'json', form: 'form', multipart: 'multipart', text: 'body', binary: 'body' } as const;

/**
 * The body's runtime option; a text body that is not a string (a number, a literal union) is sent
 * as its text. An optional body other than JSON is left out when not given: the runtime's `body`,
 * `form` and `multipart` take no `undefined` under exactOptionalPropertyTypes.
 */
function bodyEntry(body: NonNullable<MethodModel['body']>): string {
  const option = BODY_OPTIONS[body.encoding];
  const isString = body.type.kind === 'builtin' && body.type.name === 'string';
  const value = body.encoding === 'text' && !isString ? 'String(body)' : 'body';
  const entry = option === value ? option : `${option}: ${value}`;
  return body.required || body.encoding === 'json' ? entry : `...(body === undefined ? {} : { ${entry} })`;
}

/** Whether a field's entry tells the runtime anything beyond its default for the body's encoding. */
function fieldEntryText(field: BodyFieldModel, multipart: boolean): string | undefined {
  const style = field.style;
  // In a form the runtime writes a field in brackets by default, which is what deepObject asks.
  const ownStyle = style !== undefined && (multipart || style !== 'deepObject');
  const explode = ownStyle && style !== 'deepObject' && field.explode !== (style === 'form') ? field.explode : undefined;
  const contentType = multipart && field.contentType !== undefined && !/[,*]/.test(field.contentType) ? field.contentType : undefined;
  const headers = multipart ? field.headers : [];
  if (!ownStyle && contentType === undefined && headers.length === 0) return undefined;
  if (explode === undefined && contentType === undefined && headers.length === 0) return stringLiteral(style!);
  const entries = [
    ...(ownStyle ? [`style: ${stringLiteral(style!)}`] : []),
    ...(explode === undefined ? [] : [`explode: ${explode}`]),
    ...(contentType === undefined ? [] : [`contentType: ${stringLiteral(contentType)}`]),
    ...(headers.length === 0 ? [] : [`headers: { ${fixedEntries(headers).join(', ')} }`]),
  ];
  return `{ ${entries.join(', ')} }`;
}

/** The runtime's `encoding` for a form or multipart body, or undefined when its defaults do. */
function encodingExpression(body: NonNullable<MethodModel['body']>): string | undefined {
  if (body.encoding !== 'form' && body.encoding !== 'multipart') return undefined;
  const entries = body.fields.flatMap((field) => {
    const text = fieldEntryText(field, body.encoding === 'multipart');
    // A key named like an Object.prototype member gets no contextual type from the index signature: its literals would widen.
    return text === undefined ? [] : [`${objectKey(field.name)}: ${text}${PROTOTYPE_NAMES.has(field.name) ? ' as const' : ''}`];
  });
  return entries.length === 0 ? undefined : `{ ${entries.join(', ')} }`;
}

function pathText(method: MethodModel): string {
  return method.path.map((part) => (part.kind === 'text' ? part.text : `{${part.wireName}}`)).join('');
}

/** A path parameter's value encoded: one segment, or (multi-segment) each of its segments, named in the error that refuses one. */
function pathValue(param: ParamModel): string {
  return param.multiSegment === true ? `encodePathSegments(${param.name}, ${stringLiteral(param.name)})` : `encodePathParam(${param.name})`;
}

/** The call's target: the path (a method's own server goes in the `server` option, which the session maps). */
function targetExpression(method: MethodModel): string {
  const params = new Map(method.params.filter((param) => param.in === 'path').map((param) => [param.wireName, param]));
  if (method.path.every((part) => part.kind === 'text')) return stringLiteral(pathText(method));
  const body = method.path.map((part) => (part.kind === 'text' ? templateText(part.text) : `\${${pathValue(params.get(part.wireName)!)}}`)).join('');
  return `\`${body}\``;
}

const READERS: Readonly<Record<ResultReading, string>> = {
  json: 'readJson',
  text: 'readText',
  bytes: 'readBytes',
  stream: 'readStream',
  none: 'readNone',
  events: 'readEvents',
  textEvents: 'readTextEvents',
  jsonLines: 'readJsonLines',
};

/** The reader of a result: a JSON `string` is read by what arrives (a file served as octet-stream is its text). */
function readerOf(reading: ResultReading, type: TypeRef | undefined): string {
  return reading === 'json' && type?.kind === 'builtin' && type.name === 'string' ? 'readJsonOrText' : READERS[reading];
}

function resultType(method: MethodModel): string {
  return readingType(method.result.reading, method.result.type);
}

function readingType(reading: ResultReading, type: TypeRef | undefined): string {
  const declared = type === undefined ? 'unknown' : typeText(type);
  switch (reading) {
    case 'none':
      return 'void';
    case 'bytes':
      return 'Uint8Array';
    case 'stream':
      return 'ResponseStream';
    case 'events':
      return `EventStream<${declared}>`;
    case 'textEvents':
      return 'EventStream<string>';
    case 'jsonLines':
      return `JsonLines<${declared}>`;
    default:
      return declared;
  }
}

/** `Page, Item, Error` for a paged method, `Result, Error` for others; the error type only where the source documents one. */
function typeArguments(method: MethodModel, result = resultType(method)): string {
  const item = method.pagination === undefined ? [] : [typeText(method.pagination.itemType)];
  return [result, ...item, ...(method.errors.length === 0 ? [] : [method.errorType])].join(', ');
}

/** The streamed alternative of a method's result, when it has one and is not paged. */
function streamOf(method: MethodModel): NonNullable<MethodModel['result']['stream']> | undefined {
  return method.pagination === undefined ? method.result.stream : undefined;
}

/** The result type of a method with a stream: the JSON result or the stream, as its body asks. */
function eitherType(method: MethodModel, stream: NonNullable<MethodModel['result']['stream']>): string {
  return `${resultType(method)} | ${readingType(stream.reading, stream.type)}`;
}

function literalText(value: LiteralValue): string {
  return typeof value === 'string' ? stringLiteral(value) : String(value);
}

/** `body.stream === true ? readEvents : readJson`: the reader the call's own body asks for. */
function streamReaderExpression(method: MethodModel, stream: NonNullable<MethodModel['result']['stream']>): string {
  const access = isIdentifierName(stream.key) ? `.${stream.key}` : `[${stringLiteral(stream.key)}]`;
  const body = method.body?.required === true ? 'body' : access.startsWith('.') ? 'body?' : 'body?.';
  return `${body}${access} === ${literalText(stream.value)} ? ${READERS[stream.reading]} : ${readerOf(method.result.reading, method.result.type)}`;
}

function bodyPathLiteral(path: readonly string[]): string {
  return `[${path.map(stringLiteral).join(', ')}]`;
}

/** The runtime's PageRule for a paged method, as an object literal. */
function pageRuleLiteral(pagination: NonNullable<MethodModel['pagination']>): string {
  const entries = [`style: ${stringLiteral(pagination.style)}`];
  if (pagination.style === 'url') entries.push(`next: ${bodyPathLiteral(pagination.next)}`);
  else if (pagination.style !== 'link') entries.push(`param: ${stringLiteral(pagination.param)}`);
  if (pagination.style === 'cursor') {
    entries.push(`cursor: { from: ${stringLiteral(pagination.cursor.from)}, path: ${bodyPathLiteral(pagination.cursor.path)} }`);
    if (pagination.hasMore !== undefined) entries.push(`hasMore: ${bodyPathLiteral(pagination.hasMore)}`);
  }
  if (pagination.style === 'page' && pagination.start !== undefined) entries.push(`start: ${pagination.start}`);
  if (pagination.items.length > 0) entries.push(`items: ${bodyPathLiteral(pagination.items)}`);
  return `{ ${entries.join(', ')} }`;
}

function methodBody(method: MethodModel): string {
  const taken = [...ownParams(method).map((param) => param.name), ...(queryParams(method).length > 0 ? ['query'] : []), ...(method.body !== undefined ? ['body'] : [])];
  const params = queryExpression(method);
  const encoding = method.body === undefined ? undefined : encodingExpression(method.body);
  const headers = mergedObject(fixedHeaders(method), method.params.filter((param) => param.in === 'header'), 'options.headers');
  const cookies = mergedObject([], method.params.filter((param) => param.in === 'cookie'), 'options.cookies');
  const extras = [
    ...(params === undefined ? [] : [`params: ${params}`]),
    ...(method.body === undefined ? [] : [bodyEntry(method.body)]),
    ...(encoding === undefined ? [] : [`encoding: ${encoding}`]),
    ...(headers === undefined ? [] : [`headers: ${headers}`]),
    ...(cookies === undefined ? [] : [`cookies: ${cookies}`]),
  ];
  const defaults = [
    ...(method.baseLocation === undefined ? [] : [`server: ${stringLiteral(method.baseLocation.replace(/\/+$/, ''))}`]),
    ...(method.security === undefined ? [] : [`security: ${securityLiteral(method.security)}`]),
    ...callDefaultEntries(method.defaults),
  ];
  const stream = streamOf(method);
  return fillTemplate('method', {
    destructure: taken.length > 0 ? `const { ${taken.join(', ')}, ...options } = args;` : '',
    typeArguments: typeArguments(method, stream === undefined ? undefined : eitherType(method, stream)),
    method: stringLiteral(method.httpMethod),
    target: targetExpression(method),
    // The method's defaults first, so the call's own options win.
    request: extras.length > 0 || defaults.length > 0 ? `{ ${[...defaults, '...options', ...extras].join(', ')} }` : 'options',
    call: method.pagination === undefined ? 'callApi' : 'callPaged',
    reader: stream !== undefined ? streamReaderExpression(method, stream) : readerOf(method.result.reading, method.result.type) + (method.pagination === undefined ? '' : `, ${pageRuleLiteral(method.pagination)}`),
  });
}

/** One method of the class: JSDoc, signature and body. */
function methodWriter(method: MethodModel, first = false): WriterFunction {
  const argument = !hasArgs(method) ? 'options: CallOptions = {}' : `args: ${method.argsType}${argsRequired(method) ? '' : ' = {}'}`;
  const route = `\`${method.httpMethod} ${method.baseLocation ?? ''}${pathText(method)}\``;
  const wire = method.wireName !== qualifiedName(method) ? `${codeSpan(method.wireName)} in the API.` : undefined;
  const stream = streamOf(method);
  const returnType = `${method.pagination === undefined ? 'ApiCall' : 'PagedCall'}<${typeArguments(method, stream === undefined ? undefined : eitherType(method, stream))}>`;
  return (writer) => {
    if (!first) writer.blankLineIfLastNot();
    writeDocs(writer, docLines(method.docs, route, wire, stream === undefined ? undefined : streamNote(stream)));
    if (stream !== undefined) {
      // Stainless's overloads: the stream when the body asks for it, the result when it surely does not, else either.
      const switchArgs = `${method.argsType}, ${stringLiteral(stream.key)}, ${literalText(stream.value)}`;
      writer.writeLine(`${method.name}(args: StreamingArgs<${switchArgs}>): ApiCall<${typeArguments(method, readingType(stream.reading, stream.type))}>;`);
      writer.writeLine(`${method.name}(args: NonStreamingArgs<${switchArgs}>): ApiCall<${typeArguments(method)}>;`);
      writer.writeLine(`${method.name}(${argument}): ${returnType};`);
    }
    writer.write(`${method.name}(${argument}): ${returnType} `).block(() => writeLines(writer, methodBody(method)));
  };
}

/** What JSDoc says of a method's stream. */
function streamNote(stream: NonNullable<MethodModel['result']['stream']>): string {
  return `With \`${stream.key}: ${typeof stream.value === 'string' ? JSON.stringify(stream.value) : String(stream.value)}\` in the body, the call asks for ${stream.reading === 'jsonLines' ? 'JSON lines' : '`text/event-stream`'} and resolves to ${stream.reading === 'jsonLines' ? 'a `JsonLines`' : 'an `EventStream`'} to read with \`for await\`.`;
}

/** Text of several lines, each through the writer so it takes the current indentation. */
function writeLines(writer: CodeBlockWriter, text: string): void {
  for (const line of text.split('\n')) writer.writeLine(line);
}

function constructorBody(model: ClientModel): string {
  const schemes = hasSchemes(model) ? schemesConstructor(model) : undefined;
  const defaults = [
    model.baseLocation === undefined ? undefined : `baseLocation: ${stringLiteral(model.baseLocation)},`,
    model.endpoint === undefined ? undefined : `endpoint: ${stringLiteral(model.endpoint)},`,
    model.connections === undefined ? undefined : `connections: ${model.connections},`,
    model.persistCookies === undefined ? undefined : `persistCookies: ${model.persistCookies},`,
    model.idempotencyKey === undefined ? undefined : `idempotencyKey: ${model.idempotencyKey},`,
    // The document's own base location, so the session knows when the user has pointed the client elsewhere.
    model.baseLocation === undefined || !model.methods.some((method) => method.baseLocation !== undefined) ? undefined : `documentServer: ${stringLiteral(model.baseLocation)},`,
    model.auth === undefined ? undefined : `auth: ${AUTH_SECRETS[model.auth.scheme].construct(model.auth)},`,
    ...(schemes?.defaults ?? []),
    ...callDefaultEntries(model.defaults).map((entry) => `${entry},`),
  ].filter((line) => line !== undefined);
  const headers = mergedObject(model.headers, [], 'options.headers');
  const params = mergedObject(model.params, [], 'options.params');
  return fillTemplate('constructor', {
    before: schemes?.before ?? '',
    spread: schemes?.spread ?? 'options',
    defaults: defaults.join('\n'),
    merged: [headers === undefined ? undefined : `headers: ${headers},`, params === undefined ? undefined : `params: ${params},`].filter((line) => line !== undefined).join('\n'),
  });
}

/** What a resource's field says on hover: its own docs, or what it holds (`list`, `create`, ...; and `sources`). */
function resourceDocs(tree: ResourceTree, resource: ResourceModel): string[] {
  const lines = docLines(resource.docs);
  if (lines.length > 0) return lines;
  const code = (name: string): string => `\`${name}\``;
  const methods = methodsOf(tree, resource.path).map((method) => code(method.name));
  const children = childResources(tree, resource.path).map((child) => code(child.path.at(-1)!));
  const holds = [methods.join(', '), children.length === 0 ? '' : `the resource${children.length === 1 ? '' : 's'} ${children.join(', ')}`].filter((part) => part !== '');
  return docLines({}, `The API's \`${resource.path.join('.')}\` operations: ${holds.join('; ')}.`);
}

/** Each resource's methods and the resources directly under it (the client's under ''), grouped once: large APIs have thousands of methods. */
interface ResourceTree {
  readonly methods: ReadonlyMap<string, readonly MethodModel[]>;
  readonly children: ReadonlyMap<string, readonly ResourceModel[]>;
}

function resourceTree(model: ClientModel): ResourceTree {
  const methods = new Map<string, MethodModel[]>();
  const children = new Map<string, ResourceModel[]>();
  const add = <T>(map: Map<string, T[]>, key: string, item: T): void => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [item]);
    else list.push(item);
  };
  for (const method of model.methods) add(methods, method.resource.join('.'), method);
  for (const resource of model.resources) add(children, resource.path.slice(0, -1).join('.'), resource);
  return { methods, children };
}

/** The resources directly under `parent` (the client's when it is empty). */
function childResources(tree: ResourceTree, parent: readonly string[]): readonly ResourceModel[] {
  return tree.children.get(parent.join('.')) ?? [];
}

function methodsOf(tree: ResourceTree, resource: readonly string[]): readonly MethodModel[] {
  return tree.methods.get(resource.join('.')) ?? [];
}

/** A resource object's class: its child resources, made with the same client, and its methods. */
function resourceWriter(tree: ResourceTree, resource: ResourceModel): WriterFunction {
  const children = childResources(tree, resource.path);
  return (writer) => {
    writer.blankLineIfLastNot();
    writeDocs(writer, resourceDocs(tree, resource));
    writer.write(`export class ${resource.className} extends ResourceBase `).block(() => {
      for (const child of children) {
        writeDocs(writer, resourceDocs(tree, child));
        writer.writeLine(`readonly ${child.path.at(-1)!}: ${child.className};`);
      }
      if (children.length > 0) {
        writer.blankLineIfLastNot();
        writer.write('constructor(client: Session) ').block(() => {
          writer.writeLine('super(client);');
          for (const child of children) writer.writeLine(`this.${child.path.at(-1)!} = new ${child.className}(client);`);
        });
      }
      methodsOf(tree, resource.path).forEach((method, index) => methodWriter(method, index === 0 && children.length === 0)(writer));
    });
  };
}

function classWriter(model: ClientModel, tree: ResourceTree): WriterFunction {
  // Options holding a secret the auth needs are required; plain SessionOptions may be left out.
  const parameter = hasSchemes(model) ? `options: ${model.optionsType} = {}` : model.auth === undefined ? 'options: SessionOptions = {}' : `options: ${model.optionsType}`;
  return (writer) => {
    writer.blankLineIfLastNot();
    writeDocs(writer, docLines(model.docs, 'Options given to the constructor override the defaults from the spec.'));
    writer.write(`export class ${model.name} extends Session `).block(() => {
      const resources = childResources(tree, []);
      for (const resource of resources) {
        writeDocs(writer, resourceDocs(tree, resource));
        writer.writeLine(`readonly ${resource.path[0]!} = new ${resource.className}(this);`);
      }
      if (resources.length > 0) writer.blankLineIfLastNot();
      writer.write(`constructor(${parameter}) `).block(() => writeLines(writer, constructorBody(model)));
      for (const method of methodsOf(tree, [])) methodWriter(method)(writer);
    });
  };
}

/** The result's type where the method's signature spells it out (bytes and streams have their own). */
function resultTypes(method: MethodModel): TypeRef[] {
  const { reading, type } = method.result;
  return (reading === 'json' || reading === 'text') && type !== undefined ? [type] : [];
}

/** Every type the model mentions, for the imports it needs. */
function allTypes(model: ClientModel): TypeRef[] {
  return [
    ...model.types.map((named) => named.type),
    ...model.methods.flatMap((method) => [...method.params.map((param) => param.type), ...(method.body === undefined ? [] : [bodyType(method.body)]), ...resultTypes(method), ...method.errors.map((error) => error.type)]),
  ];
}

function imports(model: ClientModel): WriterFunction {
  const streams = model.methods.map(streamOf).filter((stream) => stream !== undefined);
  const readers = [...new Set([...model.methods.map((method) => readerOf(method.result.reading, method.result.type)), ...streams.map((stream) => READERS[stream.reading])])].sort();
  const values = [
    ...(model.resources.length > 0 ? ['ResourceBase'] : []),
    'Session',
    ...(model.methods.some((method) => method.params.some((param) => param.in === 'path' && param.multiSegment !== true)) ? ['encodePathParam'] : []),
    ...(model.methods.some((method) => method.params.some((param) => param.in === 'path' && param.multiSegment === true)) ? ['encodePathSegments'] : []),
    ...(model.methods.some((method) => queryExpression(method)?.startsWith('queryParams') === true) ? ['queryParams'] : []),
    ...(model.auth === undefined ? [] : [AUTH_SECRETS[model.auth.scheme].handler]),
    ...schemeHandlers(model),
    ...readers,
  ];
  const types = allTypes(model);
  const readings = new Set([...model.methods.map((method) => method.result.reading), ...streams.map((stream) => stream.reading)]);
  const typeImports = [
    ...(model.methods.some((method) => method.pagination === undefined) ? ['ApiCall'] : []),
    ...(model.methods.length > 0 ? ['CallOptions'] : []),
    ...(readings.has('events') || readings.has('textEvents') ? ['EventStream'] : []),
    ...(types.some((type) => mentionsBuiltin(type, 'binary')) ? ['FileInput'] : []),
    ...(model.methods.some((method) => method.body !== undefined && wrapsNamed(method.body)) ? [MULTIPART_FIELDS] : []),
    ...(model.methods.some((method) => method.body?.encoding === 'binary') ? ['RequestBody'] : []),
    ...(model.methods.some((method) => method.errors.length > 0) ? ['HTTPError'] : []),
    ...(readings.has('jsonLines') ? ['JsonLines'] : []),
    ...(streams.length > 0 ? ['NonStreamingArgs'] : []),
    ...(model.methods.some((method) => method.pagination !== undefined) ? ['PagedCall'] : []),
    ...(model.methods.some((method) => method.result.reading === 'stream') || types.some((type) => mentionsBuiltin(type, 'stream')) ? ['ResponseStream'] : []),
    'SessionOptions',
    ...(streams.length > 0 ? ['StreamingArgs'] : []),
  ];
  return (writer) => {
    writer.writeLine(`import { ${values.join(', ')} } from ${stringLiteral(RUNTIME_MODULE)};`);
    writer.writeLine(`import type { ${typeImports.join(', ')} } from ${stringLiteral(RUNTIME_MODULE)};`);
  };
}

/** The emitted TypeScript for one client, byte-identical for the same model. */
export function emitClient(source: ClientModel): string {
  const model = hoistRepeatedObjects(source);
  const writer = new CodeBlockWriter({ indentNumberOfSpaces: 2, useSingleQuote: true, newLine: '\n' });
  writer.writeLine(fillTemplate('header', { source: lineCommentText(model.source) }));
  writer.blankLine();
  const shared = sharedParams(model, new UniqueNames(declaredNames(model)).claim('SharedParams'));
  const link = methodLinks(model);
  const tree = resourceTree(model);
  const parts: WriterFunction[] = [
    imports(model),
    ...model.types.map(namedType),
    ...(shared.fields.size === 0 ? [] : [sharedParamsWriter(shared)]),
    ...model.methods.flatMap((method) => [...(hasArgs(method) ? [argsInterface(link, method, shared)] : []), ...(method.errors.length > 0 ? [errorAlias(link, method)] : [])]),
    ...(model.auth === undefined ? [] : [optionsInterface(model, model.auth)]),
    ...(hasSchemes(model) ? [schemesOptionsInterface(model)] : []),
    ...model.resources.map((resource) => resourceWriter(tree, resource)),
    classWriter(model, tree),
  ];
  for (const part of parts) part(writer);
  return writer.newLineIfLastNot().toString();
}
