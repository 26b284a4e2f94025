/** Checks one entry of `paths` and turns it into a method of the model. */
import type { DiagnosticSink } from '../../diagnostics.js';
import { bodyEncodingOf, defaultBodyMediaType, readingOf } from '../../model/media.js';
import { admitsValue, typeAtPath } from '../../model/types.js';
import { argsTypeName, errorTypeName, methodName, paramName } from '../../model/names.js';
import { PATH_TEXT } from '../../model/path-text.js';
import {
  NO_DOCS,
  type BodyModel,
  type Docs,
  type ErrorModel,
  type HeaderEntry,
  type MethodModel,
  type Origin,
  type ParamModel,
  type PathPart,
  type QueryStyle,
  type ResultModel,
  type StreamModel,
  type StreamReading,
  type TypeRef,
} from '../../model/types.js';
import { readCallDefaults } from './call-defaults.js';
import { paginationFor, readPagination, type PageRule } from './paginate.js';
import { headerValue, readHeaders, TOKEN } from './headers.js';
import type { MapEntry, MapNode, SpecNode } from './load.js';
import { checkKeys, describe, expectBoolean, expectMap, expectMethod, expectString, join, offsetPosition, readBaseLocation } from './nodes.js';
import { readSecurity } from './security.js';
import { PATH_KEYS, QUERY_STYLES, STREAM_KEYS } from './spec-format.js';
import { readBodyEncoding } from './encoding.js';
import { isScalarType, optional, type TypeChecker } from './types.js';

const STRING: TypeRef = { kind: 'builtin', name: 'string' };

/** The node that holds the type itself: a detailed form's `$type`, else the node. */
function typeNode(node: SpecNode): SpecNode {
  return node.kind === 'map' ? (node.entries.find((entry) => entry.key === '$type')?.value ?? node) : node;
}

interface PathTemplate {
  readonly parts: PathPart[];
  readonly placeholders: string[];
}

/** Splits `/pets/{petId}` into text and placeholders, reporting everything wrong with it. */
export function parsePathTemplate(path: string, node: SpecNode, at: string, sink: DiagnosticSink): PathTemplate | undefined {
  const before = sink.count;
  if (!path.startsWith('/')) sink.report('badPath', node.position, at, path, 'it must start with "/"');
  const parts: PathPart[] = [];
  const placeholders: string[] = [];
  let text = '';
  let index = 0;
  while (index < path.length) {
    const char = path[index]!;
    if (char === '{') {
      const close = path.indexOf('}', index);
      const nested = path.indexOf('{', index + 1);
      const where = offsetPosition(node, index);
      if (close === -1 || (nested !== -1 && nested < close)) {
        sink.report('badPath', where, at, path, 'a "{" has no matching "}"');
        return undefined;
      }
      const name = path.slice(index + 1, close);
      if (name === '') sink.report('emptyPlaceholder', where, at, path);
      else if (name.includes('/')) sink.report('badPlaceholder', where, at, name);
      else if (placeholders.includes(name)) sink.report('duplicatePlaceholder', where, at, name);
      if (text !== '') parts.push({ kind: 'text', text });
      text = '';
      parts.push({ kind: 'param', wireName: name });
      if (!placeholders.includes(name)) placeholders.push(name);
      index = close + 1;
      continue;
    }
    if (char === '}') {
      sink.report('badPath', offsetPosition(node, index), at, path, 'a "}" has no matching "{"');
      return undefined;
    }
    const match = PATH_TEXT.exec(path.slice(index, index + 3));
    if (match === null) {
      const reason = char === '%' ? 'a "%" must start a %XX escape' : `${JSON.stringify(char)} may not stand in a path; percent-encode it`;
      sink.report('badPath', offsetPosition(node, index), at, path, reason);
      return undefined;
    }
    text += match[0];
    index += match[0].length;
  }
  if (text !== '') parts.push({ kind: 'text', text });
  return sink.count === before ? { parts, placeholders } : undefined;
}

export interface PathContext {
  readonly sink: DiagnosticSink;
  readonly types: TypeChecker;
  /** Declared types by TypeScript name, for the checks that look through aliases. */
  readonly named: ReadonlyMap<string, TypeRef>;
  /** The spec's top-level `errors`, under each path's own. */
  readonly errors: readonly ErrorModel[];
  /** The spec's top-level `paginate` rule, for paths with `paginate: true`. */
  readonly paginate: PageRule | undefined;
  /** The names `security_schemes` defines, for each path's `security`. */
  readonly schemes: readonly string[];
}

/** Reads one path's map of its parts into the model's pieces; each reader reports its own problems. */
class PathReader {
  readonly #sink: DiagnosticSink;
  readonly #types: TypeChecker;
  readonly #named: ReadonlyMap<string, TypeRef>;

  constructor(
    context: PathContext,
    private readonly at: string,
  ) {
    this.#sink = context.sink;
    this.#types = context.types;
    this.#named = context.named;
  }

  origin(entry: { keyPosition: Origin['position'] }, at: string): Origin {
    return { file: this.#sink.file, position: entry.keyPosition, at };
  }

  pathParams(node: SpecNode | undefined, template: PathTemplate, path: string): ParamModel[] | undefined {
    const declared = new Map<string, { type: TypeRef; docs: Docs; multiSegment: boolean; entry: MapEntry }>();
    const at = join(this.at, 'params');
    const map = node === undefined ? undefined : expectMap(node, at, this.#sink);
    if (node !== undefined && map === undefined) return undefined;
    let ok = true;
    for (const entry of map?.entries ?? []) {
      const paramAt = join(at, entry.key);
      if (!template.placeholders.includes(entry.key)) {
        this.#sink.report('paramWithoutPlaceholder', entry.keyPosition, paramAt, entry.key, path);
        ok = false;
        continue;
      }
      const detailed = this.#types.readDetailed(entry.value, paramAt, ['$multi_segment']);
      const multiSegment = detailed?.details.get('$multi_segment');
      const spans = multiSegment === undefined ? false : expectBoolean(multiSegment.value, join(paramAt, '$multi_segment'), this.#sink);
      if (detailed === undefined || spans === undefined) ok = false;
      else if (!isScalarType(detailed.type, this.#named, false)) {
        this.#sink.report('notScalarType', typeNode(entry.value).position, paramAt, 'a path parameter', describe(typeNode(entry.value)));
        ok = false;
      } else declared.set(entry.key, { type: detailed.type, docs: detailed.docs, multiSegment: spans, entry });
    }
    if (!ok) return undefined;
    // Placeholders keep the path's order; one without a declared type is a string.
    return template.placeholders.map((wireName) => {
      const found = declared.get(wireName);
      return {
        in: 'path',
        wireName,
        name: paramName(wireName, 'path', found?.type ?? STRING),
        required: true,
        type: found?.type ?? { kind: 'builtin', name: 'string' },
        style: 'repeat',
        ...(found?.multiSegment === true ? { multiSegment: true } : {}),
        docs: found?.docs ?? NO_DOCS,
        origin: found === undefined ? this.origin({ keyPosition: this.pathPosition }, join(this.at, 'path')) : this.origin(found.entry, join(at, wireName)),
      };
    });
  }

  pathPosition: Origin['position'] = { line: 1, col: 1 };

  /** `name?: type` maps of query keys, header names or cookie names. */
  keyedParams(node: SpecNode, key: 'query' | 'header_params' | 'cookie_params'): ParamModel[] | undefined {
    const at = join(this.at, key);
    const map = expectMap(node, at, this.#sink);
    if (map === undefined) return undefined;
    const location = key === 'query' ? 'query' : key === 'header_params' ? 'header' : 'cookie';
    const params: ParamModel[] = [];
    const seen = new Set<string>();
    let ok = true;
    for (const entry of map.entries) {
      const paramAt = join(at, entry.key);
      const optionalKey = entry.key.endsWith('?');
      const wireName = optionalKey ? entry.key.slice(0, -1) : entry.key;
      if (wireName === '') {
        this.#sink.report('badFieldName', entry.keyPosition, paramAt);
        ok = false;
        continue;
      }
      if (location !== 'query' && !TOKEN.test(wireName)) {
        this.#sink.report(location === 'header' ? 'badHeaderName' : 'badCookieName', entry.keyPosition, paramAt, wireName);
        ok = false;
        continue;
      }
      const lower = location === 'header' ? wireName.toLowerCase() : wireName;
      if (seen.has(lower)) {
        this.#sink.report('duplicateParam', entry.keyPosition, paramAt, wireName);
        ok = false;
        continue;
      }
      seen.add(lower);
      const detailed = this.#types.readDetailed(entry.value, paramAt, location === 'query' ? ['$style'] : []);
      if (detailed === undefined) {
        ok = false;
        continue;
      }
      const style = location === 'query' ? this.style(detailed.details.get('$style'), paramAt) : 'repeat';
      if (style === undefined || !this.fitsStyle(detailed.type, location, entry.value, paramAt)) {
        ok = false;
        continue;
      }
      params.push({ in: location, wireName, name: paramName(wireName, location, detailed.type), required: !optionalKey, type: detailed.type, style, docs: detailed.docs, origin: this.origin(entry, paramAt) });
    }
    return ok ? params : undefined;
  }

  style(entry: MapEntry | undefined, at: string): QueryStyle | undefined {
    if (entry === undefined) return 'repeat';
    const value = expectString(entry.value, join(at, '$style'), this.#sink);
    const style = QUERY_STYLES.find((candidate) => candidate === value);
    if (value !== undefined && style === undefined) this.#sink.report('badChoice', entry.value.position, join(at, '$style'), QUERY_STYLES, value);
    return style;
  }

  /**
   * Scalars (and arrays of them in headers) in the path, headers and cookies. The query takes any
   * type in every style, as the OpenAPI front end reads it: the runtime writes each (an object
   * spreads its keys or goes as `a[x]=1` under deepObject, an array as `a[]=1`, a scalar as `a=1`).
   */
  fitsStyle(type: TypeRef, location: ParamModel['in'], node: SpecNode, at: string): boolean {
    if (location === 'query') return true;
    const fits = isScalarType(type, this.#named, location !== 'cookie');
    if (!fits) this.#sink.report('notScalarType', typeNode(node).position, at, `a ${location} parameter`, describe(typeNode(node)));
    return fits;
  }

  body(entry: MapEntry, headers: readonly HeaderEntry[], required: boolean): BodyModel | undefined {
    const at = join(this.at, entry.key);
    const detailed = this.#types.readDetailed(entry.value, at, ['$content_type', '$encoding']);
    if (detailed === undefined) return undefined;
    const contentType = detailed.details.get('$content_type');
    const mediaType = (contentType === undefined ? undefined : expectString(contentType.value, join(at, '$content_type'), this.#sink)) ?? headerValue(headers, 'content-type') ?? defaultBodyMediaType(detailed.type);
    let encoding = bodyEncodingOf(mediaType, detailed.type);
    // As the OpenAPI front end reads a form body that is a string: the text the caller encodes, sent as a form.
    if (encoding === 'form' && detailed.type.kind === 'builtin' && detailed.type.name === 'string') encoding = 'text';
    if ((encoding === 'form' || encoding === 'multipart') && isScalarType(detailed.type, this.#named, true)) {
      this.#sink.report('notObjectType', typeNode(entry.value).position, at, `a ${mediaType} body`, describe(typeNode(entry.value)));
      return undefined;
    }
    if (encoding === 'text' && !isScalarType(detailed.type, this.#named, false)) {
      this.#sink.report('notScalarType', typeNode(entry.value).position, at, `a ${mediaType} body`, describe(typeNode(entry.value)));
      return undefined;
    }
    const before = this.#sink.count;
    const fields = readBodyEncoding(detailed.details.get('$encoding'), join(at, '$encoding'), this.#sink, encoding, mediaType, detailed.type, this.#named);
    if (this.#sink.count !== before) return undefined;
    return { encoding, mediaType, type: detailed.type, required, docs: detailed.docs, fields };
  }

  /** A stream's `response`: read as it arrives, `text/event-stream` unless its `$content_type` says JSON lines. */
  streamResult(entry: MapEntry): Pick<StreamModel, 'reading' | 'type' | 'docs'> | undefined {
    const at = join(this.at, 'stream.response');
    const detailed = this.#types.readDetailed(entry.value, at, ['$content_type']);
    if (detailed === undefined) return undefined;
    const contentType = detailed.details.get('$content_type');
    const mediaType = contentType === undefined ? 'text/event-stream' : expectString(contentType.value, join(at, '$content_type'), this.#sink);
    if (mediaType === undefined) return undefined;
    const reading = readingOf(mediaType, detailed.type);
    if (!STREAM_READINGS.has(reading)) {
      this.#sink.report('badStream', (contentType ?? entry).value.position, at, `a stream is read as it arrives, so its $content_type must be text/event-stream or newline-delimited JSON; got ${JSON.stringify(mediaType)}`);
      return undefined;
    }
    return { reading: reading as StreamReading, type: detailed.type, docs: detailed.docs };
  }

  result(entry: MapEntry | undefined, httpMethod: MethodModel['httpMethod']): ResultModel | undefined {
    if (entry === undefined) return { reading: 'none', type: undefined, docs: NO_DOCS };
    const at = join(this.at, 'response');
    if (httpMethod === 'HEAD') {
      this.#sink.report('headResponse', entry.value.position, at);
      return undefined;
    }
    const detailed = this.#types.readDetailed(entry.value, at, ['$content_type']);
    if (detailed === undefined) return undefined;
    const contentType = detailed.details.get('$content_type');
    const mediaType = contentType === undefined ? undefined : expectString(contentType.value, join(at, '$content_type'), this.#sink);
    const reading = readingOf(mediaType, detailed.type);
    // Text is read as a string: a type that says otherwise would be a promise the client cannot keep.
    if (reading === 'text' && !(detailed.type.kind === 'builtin' && (detailed.type.name === 'string' || detailed.type.name === 'unknown'))) {
      this.#sink.report('notTextType', typeNode(entry.value).position, at, mediaType ?? 'text', describe(typeNode(entry.value)));
      return undefined;
    }
    return { reading, type: detailed.type, docs: detailed.docs };
  }
}

const STREAM_READINGS: ReadonlySet<string> = new Set<StreamReading>(['events', 'textEvents', 'jsonLines']);

/** `stream: { when: { stream: true }, response: T }`: the result streamed when the body asks for it. */
function readStreamEntry(reader: PathReader, entry: MapEntry, body: BodyModel | undefined, context: PathContext, at: string): StreamModel | undefined {
  const { sink } = context;
  const map = expectMap(entry.value, at, sink);
  if (map === undefined) return undefined;
  const keys = checkKeys(map, STREAM_KEYS, at, sink);
  const when = keys.get('when');
  const response = keys.get('response');
  if (when === undefined || response === undefined) return undefined;
  const whenAt = join(at, 'when');
  const switchMap = expectMap(when.value, whenAt, sink);
  if (switchMap === undefined) return undefined;
  const only = switchMap.entries.length === 1 ? switchMap.entries[0]! : undefined;
  const value = only?.value.kind === 'scalar' ? only.value.value : undefined;
  if (only === undefined || !(typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) {
    sink.report('badStream', when.value.position, whenAt, 'when must be one body key and the value that asks for the stream, as { stream: true }');
    return undefined;
  }
  if (body === undefined || body.encoding === 'text' || body.encoding === 'binary') {
    sink.report('badStream', entry.keyPosition, at, 'the stream is asked for by a key of the body, so the path needs a JSON, form or multipart body');
    return undefined;
  }
  const keyType = typeAtPath(body.type, [only.key], context.named);
  if (keyType === undefined || !admitsValue(keyType, value, context.named)) {
    const why = keyType === undefined ? `the body has no key ${JSON.stringify(only.key)}` : `the body's ${JSON.stringify(only.key)} cannot be ${JSON.stringify(value)}`;
    sink.report('badStream', only.keyPosition, join(whenAt, only.key), why);
    return undefined;
  }
  const streamed = reader.streamResult(response);
  if (streamed === undefined) return undefined;
  return { key: only.key, value, ...streamed };
}

/** `404`, `4XX` or `default`. */
const ERROR_STATUS = /^(?:[345][0-9]{2}|[345]XX|default)$/;

/** An `errors` map: status to error body type. */
export function readErrors(node: SpecNode, at: string, types: TypeChecker, sink: DiagnosticSink): ErrorModel[] | undefined {
  const map = expectMap(node, at, sink);
  if (map === undefined) return undefined;
  const errors: ErrorModel[] = [];
  let ok = true;
  for (const entry of map.entries) {
    const errorAt = join(at, entry.key);
    if (!ERROR_STATUS.test(entry.key)) {
      sink.report('badErrorStatus', entry.keyPosition, errorAt, entry.key);
      ok = false;
      continue;
    }
    const type = types.read(entry.value, errorAt);
    if (type === undefined) {
      ok = false;
      continue;
    }
    const status = /^[0-9]+$/.test(entry.key) ? Number(entry.key) : (entry.key as ErrorModel['status']);
    errors.push({ status, type });
  }
  return ok ? errors : undefined;
}

/** The path's own errors, then the spec's for statuses the path does not name. */
function mergeErrors(own: readonly ErrorModel[], shared: readonly ErrorModel[]): ErrorModel[] {
  return [...own, ...shared.filter((error) => !own.some((mine) => mine.status === error.status))];
}

/** One path entry to a method, or undefined after reporting why it cannot be one. */
export function readPath(entry: MapEntry, context: PathContext): MethodModel | undefined {
  const { sink } = context;
  const at = join('paths', entry.key);
  const before = sink.count;
  if (entry.key === '') sink.report('badFieldName', entry.keyPosition, at);
  // A dotted name puts the method on a resource: `customers.list` is `client.customers.list()`.
  const segments = entry.key.split('.');
  if (entry.key !== '' && segments.some((segment) => segment === '')) sink.report('badMethodPath', entry.keyPosition, at, entry.key);
  const map: MapNode | undefined = expectMap(entry.value, at, sink);
  if (map === undefined) return undefined;
  const resource = segments.slice(0, -1).map(methodName);
  const name = methodName(segments.at(-1)!);
  const reader = new PathReader(context, at);
  const keys = checkKeys(map, PATH_KEYS, at, sink);
  const field = (key: keyof typeof PATH_KEYS): MapEntry | undefined => keys.get(key);

  const methodEntry = field('method');
  const httpMethod = methodEntry === undefined ? 'GET' : expectMethod(methodEntry.value, join(at, 'method'), sink);
  const pathEntry = field('path');
  const pathText = pathEntry === undefined ? undefined : expectString(pathEntry.value, join(at, 'path'), sink);
  if (pathEntry !== undefined) reader.pathPosition = pathEntry.value.position;
  const template = pathText === undefined || pathEntry === undefined ? undefined : parsePathTemplate(pathText, pathEntry.value, join(at, 'path'), sink);
  const pathParams = template === undefined || pathText === undefined ? undefined : reader.pathParams(field('params')?.value, template, pathText);
  const keyed = (key: 'query' | 'header_params' | 'cookie_params'): ParamModel[] | undefined => {
    const node = field(key)?.value;
    return node === undefined ? [] : reader.keyedParams(node, key);
  };
  const query = keyed('query');
  const headerParams = keyed('header_params');
  const cookieParams = keyed('cookie_params');
  const headersEntry = field('headers');
  const headers = headersEntry === undefined ? [] : readHeaders(headersEntry.value, join(at, 'headers'), sink);
  const bodyEntry = field('body') ?? field('body?');
  if (field('body') !== undefined && field('body?') !== undefined) sink.report('bodyTwice', field('body?')!.keyPosition, join(at, 'body?'));
  // A header given both as a fixed value (or as the body's $content_type) and as a parameter would be sent twice.
  const contentType = bodyEntry?.value.kind === 'map' && bodyEntry.value.entries.some((inner) => inner.key === '$content_type');
  for (const param of headerParams ?? []) {
    if (headerValue(headers, param.wireName) !== undefined || (contentType && param.wireName.toLowerCase() === 'content-type')) sink.reportAt('duplicateParam', param.origin, param.wireName);
  }
  const body = bodyEntry === undefined ? undefined : reader.body(bodyEntry, headers, bodyEntry.key === 'body');
  const plainResult = reader.result(field('response'), httpMethod ?? 'GET');
  const streamEntry = field('stream');
  const stream = streamEntry === undefined ? undefined : readStreamEntry(reader, streamEntry, body, context, join(at, 'stream'));
  const result = plainResult === undefined || stream === undefined ? plainResult : { ...plainResult, stream };
  const errorsEntry = field('errors');
  const ownErrors = errorsEntry === undefined ? [] : readErrors(errorsEntry.value, join(at, 'errors'), context.types, sink);
  const securityEntry = field('security');
  const security = securityEntry === undefined ? undefined : readSecurity(securityEntry.value, join(at, 'security'), context.schemes, sink);
  const baseEntry = field('base_location');
  const baseLocation = baseEntry === undefined ? undefined : readBaseLocation(baseEntry.value, join(at, 'base_location'), sink);
  const text = (key: 'description' | 'operation_id'): string | undefined => {
    const node = field(key)?.value;
    return node === undefined ? undefined : expectString(node, join(at, key), sink);
  };
  const operationId = text('operation_id');
  const deprecatedEntry = field('deprecated');
  const deprecated = deprecatedEntry === undefined ? undefined : expectBoolean(deprecatedEntry.value, join(at, 'deprecated'), sink);
  const defaults = readCallDefaults(keys, at, sink);
  const paginateEntry = field('paginate');
  const rule = paginateEntry === undefined ? undefined : readPagination(paginateEntry, join(at, 'paginate'), context.paginate, sink);
  const pagination = rule === undefined || result === undefined ? undefined : paginationFor(rule, result, context.named, paginateEntry!.value, join(at, 'paginate'), sink);

  if (sink.count !== before || httpMethod === undefined || template === undefined || pathParams === undefined) return undefined;
  if (query === undefined || headerParams === undefined || cookieParams === undefined || result === undefined || ownErrors === undefined) return undefined;
  const method: MethodModel = {
    resource,
    name,
    argsType: argsTypeName(resource, name),
    errorType: errorTypeName(resource, name),
    wireName: operationId ?? entry.key,
    docs: { ...optional('description', text('description')), ...optional('deprecated', deprecated) },
    httpMethod,
    path: template.parts,
    baseLocation,
    security,
    params: [...pathParams, ...headerParams, ...cookieParams, ...query],
    body,
    headers,
    result,
    errors: mergeErrors(ownErrors, context.errors),
    pagination,
    defaults,
    origin: reader.origin(entry, at),
  };
  return method;
}
