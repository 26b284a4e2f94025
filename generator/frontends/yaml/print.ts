/**
 * The YAML format's other direction: a model printed as a sessiongen spec, for `sessiongen
 * import`. What it prints reads back into the same model, so the spec generates the same bytes as
 * the document it came from; the reader's rules (media types, the naming rule, hoisting) decide
 * what must be written and what may be left to defaults.
 */
import { bodyEncodingOf, defaultBodyMediaType } from '../../model/media.js';
import { isIdentifierName } from '../../model/names.js';
import { defaultExplode } from '../../model/types.js';
import type { AuthModel, BodyFieldModel, BodyModel, ClientModel, Docs, ErrorModel, MethodModel, PaginationModel, ParamModel, ResultModel, SecurityModel, StreamModel, TypeRef } from '../../model/types.js';
import { camelCase, RETRY_KEYS } from './spec-format.js';
import { yamlText } from './yaml-text.js';

type Yaml = string | number | boolean | null | Yaml[] | YamlObject | YamlMap;
interface YamlObject {
  [key: string]: Yaml;
}
/** Keys from the API (types, paths, parameters, statuses) go in a Map: a plain object would move `404` before `301`. */
type YamlMap = Map<string, Yaml>;

/** `[key: string]` in a map of keys: the type of every key not named. */
const INDEX_KEY = '[key: string]';

function quoted(text: string, quote: "'" | '`'): string {
  return quote + text.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), `\\${quote}`) + quote;
}

function hasDocs(docs: Docs): boolean {
  return Object.values(docs).some((value) => value !== undefined && value !== false && value !== '');
}

/** True when a type holds an inline object whose keys have docs, which only the YAML structure can carry. */
function needsStructure(type: TypeRef): boolean {
  switch (type.kind) {
    case 'array':
      return needsStructure(type.element);
    case 'union':
    case 'intersection':
      return type.members.some(needsStructure);
    case 'object':
      if (!type.fields.every((field) => mapKeyReadsBack(field.name))) return false;
      return type.fields.some((field) => hasDocs(field.docs) || needsStructure(field.type)) || (type.extra !== undefined && needsStructure(type.extra));
    default:
      return false;
  }
}

/** A key a YAML map of keys reads back as itself: not optional-looking, an index signature or a detail key. */
function mapKeyReadsBack(name: string): boolean {
  return !name.endsWith('?') && !/^\[\s*[A-Za-z_$][A-Za-z0-9_$]*\s*:\s*string\s*\]$/.test(name) && !name.startsWith('$');
}

/** One field of a body's `$encoding`: the style alone where nothing else is said. */
function fieldEncoding(field: BodyFieldModel): Yaml {
  const explode = field.style !== undefined && field.explode !== defaultExplode(field.style) ? field.explode : undefined;
  if (field.style !== undefined && explode === undefined && field.contentType === undefined && field.headers.length === 0) return field.style;
  const out: YamlObject = {};
  if (field.style !== undefined) out['style'] = field.style;
  if (explode !== undefined) out['explode'] = explode;
  if (field.contentType !== undefined) out['content_type'] = field.contentType;
  if (field.headers.length > 0) out['headers'] = new Map(field.headers);
  return out;
}

class Printer {
  readonly #wireNames: ReadonlyMap<string, string>;

  constructor(model: ClientModel) {
    this.#wireNames = new Map(model.types.map((named) => [named.name, named.wireName]));
  }

  /** A type as the expression grammar reads it (one line, no docs). */
  expression(type: TypeRef, inside: 'array' | 'union' | 'intersection' | 'top' = 'top'): string {
    switch (type.kind) {
      case 'builtin':
        return type.name;
      case 'literal':
        return typeof type.value === 'string' ? quoted(type.value, "'") : String(type.value);
      case 'named': {
        const wire = this.#wireNames.get(type.name) ?? type.name;
        return isIdentifierName(wire) && !['true', 'false', 'Record'].includes(wire) ? wire : quoted(wire, '`');
      }
      case 'array':
        return `${this.expression(type.element, 'array')}[]`;
      case 'union': {
        const text = type.members.map((member) => this.expression(member, 'union')).join(' | ');
        return inside === 'top' || inside === 'union' ? text : `(${text})`;
      }
      case 'intersection': {
        const text = type.members.map((member) => this.expression(member, 'intersection')).join(' & ');
        return inside === 'array' ? `(${text})` : text;
      }
      case 'object': {
        const members = type.fields.map((field) => `${isIdentifierName(field.name) ? field.name : quoted(field.name, "'")}${field.optional ? '?' : ''}: ${this.expression(field.type)}`);
        if (type.extra !== undefined) members.push(`[key: string]: ${this.expression(type.extra)}`);
        return `{ ${members.join('; ')} }`;
      }
    }
  }

  /** A type where a spec takes one: a map for an object with keys, structure where docs need it, else text. */
  type(type: TypeRef, docs: Docs = {}, extra: YamlObject = {}): Yaml {
    const details = { ...this.docs(docs), ...extra };
    if (type.kind === 'object' && type.fields.length > 0 && type.fields.every((field) => mapKeyReadsBack(field.name))) {
      const map = this.objectMap(type);
      return Object.keys(details).length === 0 ? map : { $type: map, ...details };
    }
    let form: YamlObject;
    if (!needsStructure(type)) form = { $type: this.expression(type) };
    else if (type.kind === 'array') form = { $items: this.type(type.element) };
    else if (type.kind === 'union') form = { $one_of: type.members.map((member) => this.type(member)) };
    else if (type.kind === 'intersection') form = { $all_of: type.members.map((member) => this.type(member)) };
    else form = { $type: this.expression(type) };
    const only = Object.keys(details).length === 0 && '$type' in form;
    return only ? form.$type! : { ...form, ...details };
  }

  objectMap(type: Extract<TypeRef, { kind: 'object' }>): YamlMap {
    const map: YamlMap = new Map();
    for (const field of type.fields) map.set(`${field.name}${field.optional ? '?' : ''}`, this.type(field.type, field.docs));
    if (type.extra !== undefined) map.set(INDEX_KEY, this.type(type.extra));
    return map;
  }

  docs(docs: Docs): YamlObject {
    const out: YamlObject = {};
    const description = [docs.summary, docs.description].filter((text) => text !== undefined && text.trim() !== '').join('\n\n');
    if (description !== '') out.$description = description;
    if (docs.format !== undefined) out.$format = docs.format;
    if (docs.defaultValue !== undefined) out.$default = JSON.parse(docs.defaultValue) as Yaml;
    if (docs.deprecated === true) out.$deprecated = true;
    if (docs.readOnly === true) out.$read_only = true;
    if (docs.writeOnly === true) out.$write_only = true;
    return out;
  }

  fields(params: readonly ParamModel[], withStyle: boolean): YamlMap {
    const map: YamlMap = new Map();
    for (const param of params) {
      const style: YamlObject = withStyle && param.style !== 'repeat' ? { $style: param.style } : param.multiSegment === true ? { $multi_segment: true } : {};
      map.set(`${param.wireName}${param.required || param.in === 'path' ? '' : '?'}`, this.type(param.type, param.docs, style));
    }
    return map;
  }

  body(body: BodyModel): Yaml {
    const wanted = bodyEncodingOf(defaultBodyMediaType(body.type), body.type) === body.encoding && body.mediaType === defaultBodyMediaType(body.type);
    const details: YamlObject = wanted ? {} : { $content_type: body.mediaType };
    if (body.fields.length > 0) details['$encoding'] = new Map(body.fields.map((field) => [field.name, fieldEncoding(field)]));
    return this.type(body.type, body.docs, details);
  }

  /** The response, with a media type only where the reader would otherwise read it another way. */
  result(result: ResultModel): Yaml | undefined {
    const type = result.type;
    switch (result.reading) {
      case 'none':
        return undefined;
      case 'bytes':
        return 'binary';
      case 'stream':
        return 'stream';
      case 'text':
        return this.type(type ?? { kind: 'builtin', name: 'string' }, result.docs, type?.kind === 'builtin' && type.name === 'string' ? {} : { $content_type: 'text/plain' });
      case 'events':
      case 'textEvents':
        return this.type(type ?? { kind: 'builtin', name: 'string' }, result.docs, { $content_type: 'text/event-stream' });
      case 'jsonLines':
        return this.type(type ?? { kind: 'builtin', name: 'unknown' }, result.docs, { $content_type: 'application/x-ndjson' });
      case 'json': {
        const typed = type ?? { kind: 'builtin', name: 'unknown' };
        const plainString = typed.kind === 'builtin' && (typed.name === 'string' || typed.name === 'binary' || typed.name === 'stream');
        return this.type(typed, result.docs, plainString ? { $content_type: 'application/json' } : {});
      }
    }
  }

  /** `{ when: { stream: true }, response: T }`, with a media type only for JSON lines. */
  stream(stream: StreamModel): YamlObject {
    const contentType: YamlObject = stream.reading === 'jsonLines' ? { $content_type: 'application/x-ndjson' } : {};
    return { when: new Map([[stream.key, stream.value]]), response: this.type(stream.type, stream.docs, contentType) };
  }

  errors(errors: readonly ErrorModel[]): YamlMap {
    return new Map(errors.map((error) => [String(error.status), this.type(error.type)]));
  }

  paginate(pagination: PaginationModel): YamlObject {
    const out: YamlObject = { style: pagination.style };
    if (pagination.items.length > 0) out.items = pagination.items.join('.');
    if (pagination.style === 'url') out.next = pagination.next.join('.');
    else if (pagination.style !== 'link') out.param = pagination.param;
    if (pagination.style === 'cursor') {
      out.cursor = [...(pagination.cursor.from === 'lastItem' ? ['last_item'] : []), ...pagination.cursor.path].join('.');
      if (pagination.hasMore !== undefined) out.has_more = pagination.hasMore.join('.');
    }
    if (pagination.style === 'page' && pagination.start !== undefined) out.start = pagination.start;
    return out;
  }

  path(method: MethodModel): YamlObject {
    const out: YamlObject = {};
    const description = [method.docs.summary, method.docs.description].filter((text) => text !== undefined && text.trim() !== '').join('\n\n');
    if (description !== '') out.description = description;
    if (method.docs.deprecated === true) out.deprecated = true;
    if (method.httpMethod !== 'GET') out.method = method.httpMethod;
    out.path = method.path.map((part) => (part.kind === 'text' ? part.text : `{${part.wireName}}`)).join('');
    if (method.baseLocation !== undefined) out.base_location = method.baseLocation;
    if (method.security !== undefined) out.security = securityYaml(method.security);
    const of = (where: ParamModel['in']): readonly ParamModel[] => method.params.filter((param) => param.in === where);
    const pathParams = of('path').filter((param) => !(param.type.kind === 'builtin' && param.type.name === 'string' && !hasDocs(param.docs) && param.multiSegment !== true));
    if (pathParams.length > 0) out.params = this.fields(pathParams, false);
    if (of('query').length > 0) out.query = this.fields(of('query'), true);
    if (of('header').length > 0) out.header_params = this.fields(of('header'), false);
    if (of('cookie').length > 0) out.cookie_params = this.fields(of('cookie'), false);
    if (method.headers.length > 0) out.headers = new Map(method.headers);
    if (method.body !== undefined) out[method.body.required ? 'body' : 'body?'] = this.body(method.body);
    const response = this.result(method.result);
    if (response !== undefined) out.response = response;
    if (method.errors.length > 0) out.errors = this.errors(method.errors);
    if (method.pagination !== undefined) out.paginate = this.paginate(method.pagination);
    if (method.result.stream !== undefined) out.stream = this.stream(method.result.stream);
    Object.assign(out, callDefaults(method.defaults));
    return out;
  }
}

function authYaml(auth: AuthModel, description: string | undefined): Yaml {
  const map: YamlObject = auth.scheme === 'apiKey' ? { scheme: 'api_key', in: auth.in, name: auth.name } : { scheme: auth.scheme };
  if (description === undefined) return auth.scheme === 'apiKey' ? map : auth.scheme;
  map.description = description;
  return map;
}

/** Alternatives as the spec writes them: a scheme's name, or a list of names sent together. */
function securityYaml(security: SecurityModel): Yaml {
  return security.map((names) => (names.length === 1 ? names[0]! : [...names]));
}

function callDefaults(defaults: MethodModel['defaults']): YamlObject {
  const out: YamlObject = {};
  if (defaults.retry !== undefined) {
    if (typeof defaults.retry === 'number') out.retry = defaults.retry;
    else {
      const byOption = new Map(Object.keys(RETRY_KEYS).map((key) => [camelCase(key), key]));
      out.retry = Object.fromEntries(defaults.retry.map(([option, value]) => [byOption.get(option) ?? option, value as Yaml]));
    }
  }
  if (defaults.maxRedirects !== undefined) out.max_redirects = defaults.maxRedirects;
  if (defaults.timeout !== undefined) out.timeout = defaults.timeout;
  return out;
}

/** The whole spec as YAML text, with a header comment naming where it came from. */
export function printSpec(model: ClientModel, from: string, schema: string): string {
  const printer = new Printer(model);
  const spec: YamlObject = { client: model.name };
  const description = [model.docs.summary, model.docs.description].filter((text) => text !== undefined && text.trim() !== '').join('\n\n');
  if (description !== '') spec.description = description;
  if (model.baseLocation !== undefined) spec.base_location = model.baseLocation;
  if (model.endpoint !== undefined) spec.endpoint = model.endpoint;
  if (model.connections !== undefined) spec.connections = model.connections;
  if (model.persistCookies !== undefined) spec.persist_cookies = model.persistCookies;
  if (model.idempotencyKey !== undefined) spec.idempotency_key = model.idempotencyKey;
  if (model.headers.length > 0) spec.headers = new Map(model.headers);
  if (model.params.length > 0) spec.params = new Map(model.params);
  if (model.auth !== undefined) spec.auth = authYaml(model.auth, undefined);
  if (model.securitySchemes.length > 0) {
    const description = (docs: Docs): string | undefined => [docs.summary, docs.description].filter((text) => text !== undefined && text.trim() !== '').join('\n\n') || undefined;
    spec.security_schemes = new Map(model.securitySchemes.map((scheme) => [scheme.wireName, authYaml(scheme.auth, description(scheme.docs))]));
  }
  if (model.security !== undefined) spec.security = securityYaml(model.security);
  Object.assign(spec, callDefaults(model.defaults));
  if (model.types.length > 0) spec.types = new Map(model.types.map((named) => [named.wireName, printer.type(named.type, named.docs)]));
  spec.paths = new Map(model.methods.map((method) => [method.wireName, printer.path(method)]));
  // yamlText quotes any string that would read back as another type (`1.10`, `true`, `00123`).
  return yamlText(spec, [` yaml-language-server: $schema=${schema.replace(/[\r\n]/g, ' ')}`, ` Imported by sessiongen from ${from.replace(/[\r\n]/g, ' ')}; edit it freely.`]);
}
