/**
 * The YAML format's other direction: a model printed as a sessiongen spec, for `sessiongen
 * import`. What it prints reads back into the same model, so the spec generates the same bytes as
 * the document it came from; the reader's rules (media types, the naming rule, hoisting) decide
 * what must be written and what may be left to defaults.
 *
 * Each map the spec has (top level, a path, a type's detailed form, `paginate`, `auth`) is printed
 * from a table keyed by that map's key table in spec-format.ts, one entry per key in the order
 * the spec is written: a key the reader does not know (and so the JSON Schema and docs/spec.md
 * do not list) does not compile. A new model feature is one entry in the table of its map.
 */
import { bodyEncodingOf, defaultBodyMediaType } from '../../model/media.js';
import { isIdentifierName } from '../../model/names.js';
import { defaultExplode, qualifiedName } from '../../model/types.js';
import type { AuthModel, BodyFieldModel, BodyModel, ClientModel, Docs, FieldModel, ErrorModel, MethodModel, PaginationModel, ParamModel, ResultModel, SecurityModel, StreamModel, TypeRef } from '../../model/types.js';
import { BUILTIN_TYPES, camelCase, RETRY_KEYS, TYPE_FORM_KEYS, type AUTH_KEYS, type DETAIL_KEYS, type PAGINATE_KEYS, type PATH_KEYS, type SPEC_KEYS } from './spec-format.js';
import { yamlText } from './yaml-text.js';

type Yaml = string | number | boolean | null | Yaml[] | YamlObject | YamlMap;
interface YamlObject {
  [key: string]: Yaml;
}
/** Keys from the API (types, paths, parameters, statuses) go in a Map: a plain object would move `404` before `301`. */
type YamlMap = Map<string, Yaml>;

/** A map of the format's own keys: only the keys of `Table` (a key table of spec-format.ts). */
type Keyed<Table> = { [Key in keyof Table]?: Yaml };

/** How each key of a map is printed from `From`, in the order written; `undefined` leaves the key out. */
type KeyPrinters<Table, From> = { readonly [Key in keyof Table]?: (from: From, printer: Printer) => Yaml | undefined };

function printKeys<Table, From>(printers: KeyPrinters<Table, From>, from: From, printer: Printer): Keyed<Table> {
  const out: Keyed<Table> = {};
  for (const key of Object.keys(printers) as (keyof Table)[]) {
    const value = printers[key]!(from, printer);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** Docs joined as one description: a summary, then the description, a blank line between. */
function descriptionOf(docs: Docs): string | undefined {
  const text = [docs.summary, docs.description].filter((part) => part !== undefined && part.trim() !== '').join('\n\n');
  return text === '' ? undefined : text;
}

/** Names the type grammar reads as something other than a declared type. */
const READ_AS_OTHER: ReadonlySet<string> = new Set(['true', 'false', 'Record', ...Object.keys(BUILTIN_TYPES)]);

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
      if (!type.fields.every((field) => mapKeyReadsBack(field))) return false;
      return type.fields.some((field) => hasDocs(field.docs) || needsStructure(field.type)) || (type.extra !== undefined && needsStructure(type.extra));
    default:
      return false;
  }
}

/**
 * A field a YAML map of keys reads back as itself: not an index signature, and ending in
 * `?` only when optional (`done??` is the optional key `done?`; a required one has no map key).
 */
function mapKeyReadsBack(field: FieldModel): boolean {
  return (field.optional || !field.name.endsWith('?')) && !/^\[\s*[A-Za-z_$][A-Za-z0-9_$]*\s*:\s*string\s*\]$/.test(field.name);
}

/** A map with a key such as `$type` would read as a detailed form: it goes under `$type` (where keys are only keys). */
function looksDetailed(type: Extract<TypeRef, { kind: 'object' }>): boolean {
  return type.fields.some((field) => (TYPE_FORM_KEYS as readonly string[]).includes(field.name));
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
        // A declared name the grammar would read as something else (`string`, `true`, `Record`) goes in backticks too.
        return isIdentifierName(wire) && !READ_AS_OTHER.has(wire) ? wire : quoted(wire, '`');
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
  type(type: TypeRef, docs: Docs = {}, extra: Keyed<typeof DETAIL_KEYS> = {}): Yaml {
    const details = { ...this.docs(docs), ...extra };
    if (type.kind === 'object' && type.fields.length > 0 && type.fields.every((field) => mapKeyReadsBack(field))) {
      const map = this.objectMap(type);
      return Object.keys(details).length === 0 && !looksDetailed(type) ? map : { $type: map, ...details };
    }
    let form: Keyed<typeof DETAIL_KEYS>;
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

  docs(docs: Docs): Keyed<typeof DETAIL_KEYS> {
    return printKeys(DOC_PRINTERS, docs, this);
  }

  fields(params: readonly ParamModel[], withStyle: boolean): YamlMap {
    const map: YamlMap = new Map();
    for (const param of params) {
      const style: Keyed<typeof DETAIL_KEYS> = withStyle && param.style !== 'repeat' ? { $style: param.style } : param.multiSegment === true ? { $multi_segment: true } : {};
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

  paginate(pagination: PaginationModel): Yaml {
    return printKeys(PAGINATE_PRINTERS, pagination, this);
  }

  path(method: MethodModel): Yaml {
    return printKeys(PATH_PRINTERS, method, this);
  }

  /** The method's parameters in one place, each location's own key. */
  params(method: MethodModel, where: ParamModel['in']): Yaml | undefined {
    const params = method.params.filter((param) => param.in === where);
    // A path parameter that is a plain one-segment string is the reader's default: left out.
    const written = where === 'path' ? params.filter((param) => !(param.type.kind === 'builtin' && param.type.name === 'string' && !hasDocs(param.docs) && param.multiSegment !== true)) : params;
    return written.length === 0 ? undefined : this.fields(written, where === 'query');
  }
}

const DOC_PRINTERS: KeyPrinters<typeof DETAIL_KEYS, Docs> = {
  // Apart, as the model keeps them: emit tells two inline types apart by each.
  $summary: (docs) => (docs.summary === undefined || docs.summary.trim() === '' ? undefined : docs.summary),
  $description: (docs) => (docs.description === undefined || docs.description.trim() === '' ? undefined : docs.description),
  $format: (docs) => docs.format,
  $default: (docs) => (docs.defaultValue === undefined ? undefined : (JSON.parse(docs.defaultValue) as Yaml)),
  $deprecated: (docs) => (docs.deprecated === true ? true : undefined),
  $read_only: (docs) => (docs.readOnly === true ? true : undefined),
  $write_only: (docs) => (docs.writeOnly === true ? true : undefined),
};

const PAGINATE_PRINTERS: KeyPrinters<typeof PAGINATE_KEYS, PaginationModel> = {
  style: (pagination) => pagination.style,
  items: (pagination) => (pagination.items.length > 0 ? pagination.items.join('.') : undefined),
  next: (pagination) => (pagination.style === 'url' ? pagination.next.join('.') : undefined),
  param: (pagination) => (pagination.style !== 'link' && pagination.style !== 'url' ? pagination.param : undefined),
  cursor: (pagination) => (pagination.style === 'cursor' ? [...(pagination.cursor.from === 'lastItem' ? ['last_item'] : []), ...pagination.cursor.path].join('.') : undefined),
  has_more: (pagination) => (pagination.style === 'cursor' && pagination.hasMore !== undefined ? pagination.hasMore.join('.') : undefined),
  start: (pagination) => (pagination.style === 'page' ? pagination.start : undefined),
};

/** Call options a spec sets for the whole session and for one path alike. */
const CALL_DEFAULT_PRINTERS: KeyPrinters<Pick<typeof SPEC_KEYS & typeof PATH_KEYS, 'retry' | 'max_redirects' | 'timeout'>, { readonly defaults: MethodModel['defaults'] }> = {
  retry: ({ defaults }) => {
    if (defaults.retry === undefined || typeof defaults.retry === 'number') return defaults.retry;
    const byOption = new Map(Object.keys(RETRY_KEYS).map((key) => [camelCase(key), key]));
    return Object.fromEntries(defaults.retry.map(([option, value]) => [byOption.get(option) ?? option, value as Yaml]));
  },
  max_redirects: ({ defaults }) => defaults.maxRedirects,
  timeout: ({ defaults }) => defaults.timeout,
};

const PATH_PRINTERS: KeyPrinters<typeof PATH_KEYS, MethodModel> = {
  operation_id: (method) => (method.wireName !== qualifiedName(method) ? method.wireName : undefined),
  description: (method) => descriptionOf(method.docs),
  deprecated: (method) => (method.docs.deprecated === true ? true : undefined),
  method: (method) => (method.httpMethod !== 'GET' ? method.httpMethod : undefined),
  path: (method) => method.path.map((part) => (part.kind === 'text' ? part.text : `{${part.wireName}}`)).join(''),
  base_location: (method) => method.baseLocation,
  security: (method) => (method.security === undefined ? undefined : securityYaml(method.security)),
  params: (method, printer) => printer.params(method, 'path'),
  query: (method, printer) => printer.params(method, 'query'),
  header_params: (method, printer) => printer.params(method, 'header'),
  cookie_params: (method, printer) => printer.params(method, 'cookie'),
  headers: (method) => (method.headers.length > 0 ? new Map(method.headers) : undefined),
  body: (method, printer) => (method.body?.required === true ? printer.body(method.body) : undefined),
  'body?': (method, printer) => (method.body?.required === false ? printer.body(method.body) : undefined),
  response: (method, printer) => printer.result(method.result),
  errors: (method, printer) => (method.errors.length > 0 ? printer.errors(method.errors) : undefined),
  paginate: (method, printer) => (method.pagination === undefined ? undefined : printer.paginate(method.pagination)),
  stream: (method, printer) => (method.result.stream === undefined ? undefined : printer.stream(method.result.stream)),
  ...CALL_DEFAULT_PRINTERS,
};

const AUTH_PRINTERS: KeyPrinters<typeof AUTH_KEYS, Extract<AuthModel, { scheme: 'apiKey' }>> = {
  scheme: () => 'api_key',
  in: (auth) => auth.in,
  name: (auth) => auth.name,
};

/** A scheme as the spec writes it: its name alone, or a map for an API key or where it has a description. */
function authYaml(auth: AuthModel, description: string | undefined, printer: Printer): Yaml {
  const map: YamlObject = auth.scheme === 'apiKey' ? { ...printKeys(AUTH_PRINTERS, auth, printer) } : { scheme: auth.scheme };
  if (description === undefined) return auth.scheme === 'apiKey' ? map : auth.scheme;
  map['description'] = description;
  return map;
}

/** Alternatives as the spec writes them: a scheme's name, or a list of names sent together. */
function securityYaml(security: SecurityModel): Yaml {
  return security.map((names) => (names.length === 1 ? names[0]! : [...names]));
}

const SPEC_PRINTERS: KeyPrinters<typeof SPEC_KEYS, ClientModel> = {
  client: (model) => model.name,
  description: (model) => descriptionOf(model.docs),
  base_location: (model) => model.baseLocation,
  endpoint: (model) => model.endpoint,
  connections: (model) => model.connections,
  persist_cookies: (model) => model.persistCookies,
  idempotency_key: (model) => model.idempotencyKey,
  headers: (model) => (model.headers.length > 0 ? new Map(model.headers) : undefined),
  params: (model) => (model.params.length > 0 ? new Map(model.params) : undefined),
  auth: (model, printer) => (model.auth === undefined ? undefined : authYaml(model.auth, undefined, printer)),
  security_schemes: (model, printer) =>
    model.securitySchemes.length === 0 ? undefined : new Map(model.securitySchemes.map((scheme) => [scheme.wireName, authYaml(scheme.auth, descriptionOf(scheme.docs), printer)])),
  security: (model) => (model.security === undefined ? undefined : securityYaml(model.security)),
  ...CALL_DEFAULT_PRINTERS,
  types: (model, printer) => (model.types.length > 0 ? new Map(model.types.map((named) => [named.wireName, printer.type(named.type, named.docs)])) : undefined),
  resources: (model) => {
    const described = model.resources.flatMap((resource) => {
      const text = descriptionOf(resource.docs);
      return text === undefined ? [] : [[resource.path.join('.'), text] as const];
    });
    return described.length > 0 ? new Map(described) : undefined;
  },
  // Keyed by where each method sits (`repos.getContent`), which the spec's dotted names say back.
  paths: (model, printer) => new Map(model.methods.map((method) => [qualifiedName(method), printer.path(method)])),
};

/** The whole spec as YAML text, with a header comment naming where it came from. */
export function printSpec(model: ClientModel, from: string, schema: string): string {
  const spec = printKeys(SPEC_PRINTERS, model, new Printer(model));
  // yamlText quotes any string that would read back as another type (`1.10`, `true`, `00123`).
  return yamlText(spec, [` yaml-language-server: $schema=${schema.replace(/[\r\n]/g, ' ')}`, ` Imported by sessiongen from ${from.replace(/[\r\n]/g, ' ')}; edit it freely.`]);
}
