/**
 * fast-check arbitraries for spec fuzzing: specs of the right shape with hostile strings
 * wherever a string may go, and mutations of them (wrong types, unknown keys, bad methods,
 * missing placeholders, duplicates, broken YAML text, and an edit that breaks each construct of
 * the grammar). Valid specs use the whole grammar: literal types with hostile contents,
 * intersections, inline objects with quoted keys, index signatures, detailed forms, header and
 * cookie parameters, query styles, every kind of body and response, errors, api_key auth,
 * params, per-path base_location, and path keys and placeholders that are not identifiers.
 *
 * A spec is built as a tree of `Map`s (never plain objects, so a `__proto__` key is just a key)
 * and written with the `yaml` package, which quotes whatever needs quoting.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { isIdentifierName } from '../../generator/model/names.js';

export type Yaml = string | number | boolean | null | Yaml[] | YamlMap;
export type YamlMap = Map<string, Yaml>;

/** Pieces that have broken code generators: comment and template terminators, quotes, line breaks. */
export const HOSTILE = [
  '*/', '/*', '`', '${', '${x}', "'", '"', '\\', '\\u0041', '\n', '\r\n', '\r', '\u2028', '\u2029', '\t', '\u0000', '\u001b[31m',
  '\u0085', '\u00a0', '\ufeff', '\u200b', '😀', 'é', '中文', 'ℵ', '__proto__', 'constructor', 'prototype', 'toString',
  '</script>', '#', ': ', '- ', '&a', '*a', '!!js/function', '{{method}}', '{{path}}', '@param x', '{@link x}', '%', '%00',
  "'); process.exit(1); ('", '`; throw 1; `', '*/ throw 1; /*', '?', '{', '}', '[', ']', ',', '|', '>', '--- ', '...',
];

const piece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 8 }) },
);

/** Any string, hostile more often than not; now and then over 1,000 characters. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 12, arbitrary: fc.array(piece, { maxLength: 6 }).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: fc.tuple(piece, fc.integer({ min: 1000, max: 1500 })).map(([text, length]) => text + 'L'.repeat(length) + text) },
);

/** Names kept distinct by a prefix, so a valid-shaped spec does not clash with itself by chance. */
const identTail = fc.oneof(
  { weight: 8, arbitrary: fc.stringMatching(/^[A-Za-z0-9_$]{0,10}$/) },
  { weight: 2, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '$', '_') },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 1200 }).map((length) => 'n'.repeat(length)) },
);

/** An identifier usable for a client, type or path name: `head` then a tail, or exactly a tricky name. */
function identifier(head: string, tricky: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof({ weight: 9, arbitrary: identTail.map((tail) => head + tail) }, { weight: 1, arbitrary: fc.constantFrom(...tricky) });
}

const PATH_CHARS = "abcXYZ019-._~!$&'()*+,;=:@/";
const pathChar = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...PATH_CHARS.split('')) },
  { weight: 1, arbitrary: fc.constantFrom('%20', '%2F', '%7B', '%25', "'", '$', '*/', '/*') },
);
const pathText = fc.array(pathChar, { maxLength: 10 }).map((chars) => chars.join(''));

const URL_TAILS = ["'", '`', '${x}', '\\', '*/', '/*', '"', '?a=1&b=\'2\'', '%', '😀', '__proto__', ':8080', '/v1/'];
const wellFormedBase = fc
  .tuple(fc.constantFrom('http://', 'https://', 'HTTPS://'), fc.constantFrom('api.example', 'localhost', '127.0.0.1', '[::1]', 'xn--bcher-kva.example', 'bücher.example'), fc.array(fc.constantFrom(...URL_TAILS), { maxLength: 4 }))
  .map(([scheme, host, tail]) => `${scheme}${host}/${tail.join('')}`);
const baseLocation = fc.oneof({ weight: 16, arbitrary: wellFormedBase }, { weight: 1, arbitrary: hostileString });

const SCALAR_TYPES = ['string', 'number', 'integer', 'boolean'];

/** Text that breaks generated code if it is not escaped, for literal types and quoted keys. */
const LITERAL_HOSTILE = ["'", '"', '\\', '\\\'', '*/', '/*', '${', '${x}', '`', '\n', '\r\n', '\u2028', '\u2029', '\u0000', '\t', '; }', '|', '&', '[key: string]', '😀', ''];
const literalText = fc.oneof(
  { weight: 3, arbitrary: fc.array(fc.constantFrom(...LITERAL_HOSTILE), { maxLength: 4 }).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: hostileString },
);

/** A string literal in a type expression holding exactly `text`: its quote and `\` escaped by a `\`. */
export function quoteLiteral(text: string, quote: "'" | '"'): string {
  return quote + text.replace(quote === "'" ? /[\\']/g : /[\\"]/g, '\\$&') + quote;
}

const stringLiteralType = fc.tuple(literalText, fc.constantFrom("'" as const, '"' as const)).map(([text, quote]) => quoteLiteral(text, quote));
const scalarLiteralType = fc.oneof(
  { weight: 3, arbitrary: stringLiteralType },
  { weight: 1, arbitrary: fc.constantFrom('0', '2', '-1', '1.5', '-2.5e3', '1e21', '12345678901234567890', 'true', 'false') },
);
/** An enum: a union of literals, like `'open' | 'closed'`. */
const enumType = fc.array(scalarLiteralType, { minLength: 1, maxLength: 4 }).map((members) => members.join(' | '));

/** A key of an inline object: a name, or a quoted string holding anything. */
const inlineKey = fc.oneof(
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z_$][A-Za-z0-9_$]{0,6}$/) },
  { weight: 3, arbitrary: fc.tuple(literalText, fc.constantFrom("'" as const, '"' as const)).map(([text, quote]) => ({ text, quote })) },
);

/** An inline object `{ a: T; 'b-c'?: T; [key: string]: T }` of `member` types, keys distinct. */
function inlineObject(member: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .record({
      fields: fc.uniqueArray(fc.tuple(inlineKey, fc.boolean(), member), { maxLength: 3, selector: ([key]) => (typeof key === 'string' ? key : key.text) }),
      index: fc.option(fc.tuple(fc.constantFrom('key', 'k', '$_'), member), { nil: undefined }),
      separator: fc.constantFrom('; ', ', ', ';'),
    })
    .map(({ fields, index, separator }) => {
      const members = fields.map(([key, optional, type]) => `${typeof key === 'string' ? key : quoteLiteral(key.text, key.quote)}${optional ? '?' : ''}: ${type}`);
      if (index !== undefined) members.push(`[${index[0]}: string]: ${index[1]}`);
      return `{ ${members.join(separator)} }`;
    });
}

/** A type written as text over builtins and the declared names: literals, unions, intersections, inline objects. */
function typeExpression(names: readonly string[], extraAtoms: readonly string[] = []): fc.Arbitrary<string> {
  const atoms = [...SCALAR_TYPES, 'null', 'unknown', ...extraAtoms, ...names];
  return fc.letrec<{ expr: string }>((tie) => ({
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 5, arbitrary: fc.constantFrom(...atoms) },
      { weight: 2, arbitrary: scalarLiteralType },
      { weight: 1, arbitrary: tie('expr').map((inner) => `(${inner})[]`) },
      { weight: 1, arbitrary: fc.constantFrom(...atoms).map((atom) => `${atom}[][]`) },
      { weight: 1, arbitrary: fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `${a} | ${b}`) },
      { weight: 1, arbitrary: fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `(${a}) & (${b})`) },
      { weight: 1, arbitrary: fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `${a} & ${b}`) },
      { weight: 1, arbitrary: tie('expr').map((inner) => `Record<string, ${inner}>`) },
      { weight: 2, arbitrary: inlineObject(tie('expr')) },
    ),
  })).expr;
}

/** A field key: any string, optional with a trailing `?` now and then. */
const fieldKey = fc
  .tuple(hostileString, fc.boolean())
  .map(([key, optional]) => (optional ? `${key}?` : key))
  // A key that is empty or only `?` is refused; the mutations cover that.
  .filter((key) => key.replace(/\?$/, '') !== '');

/** `[key: string]` as a YAML key, spaced as people write it. */
const indexKey = fc.constantFrom('[key: string]', '[k:string]', '[ name : string ]');

function fieldMap(value: fc.Arbitrary<Yaml>, maxKeys = 4): fc.Arbitrary<YamlMap> {
  return fc
    .tuple(
      fc.uniqueArray(fc.tuple(fieldKey, value), { maxLength: maxKeys, selector: ([key]) => (key.endsWith('?') ? key.slice(0, -1) : key) }),
      fc.option(fc.tuple(indexKey, value), { nil: undefined, freq: 4 }),
    )
    // A hostile key that happens to read as an index signature is left out: the index entry is the one.
    .map(([entries, index]) => new Map([...entries.filter(([key]) => !/^\[.*\]$/.test(key)), ...(index === undefined ? [] : [index])]));
}

/** Text that JSDoc must carry safely: comment terminators, tags, line breaks. */
const docText = fc.oneof(hostileString, fc.constantFrom('*/', '/** x */', '@deprecated', '@param x', '\u2028', 'a\r\nb', ' ', ''));

/** A `$default`: any JSON value, scalars of every kind above all. */
const defaultValue: fc.Arbitrary<Yaml> = fc.oneof(hostileString, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), fc.constantFrom('1.10', '00123', 'true', 'null', '*/'), fc.constant<Yaml>([1, '*/']));

/** The detail keys every type may carry, each present now and then. */
const commonDetails = fc.record(
  {
    $description: docText,
    $format: fc.oneof(fc.constantFrom('date-time', 'uri', 'email', 'unix-time'), docText),
    $default: defaultValue,
    $deprecated: fc.boolean(),
    $read_only: fc.boolean(),
    $write_only: fc.boolean(),
  },
  { requiredKeys: [] },
);

/** `{ $type: T, $description, ... }` around a type, with `extra` context keys (`$style`, `$content_type`). */
export function detailed(type: Yaml, details: Readonly<Record<string, Yaml | undefined>>): YamlMap {
  const map: YamlMap = new Map([['$type', type]]);
  for (const [key, value] of Object.entries(details)) if (value !== undefined) map.set(key, value);
  return map;
}

/** A type, plain or now and then in its detailed form. */
function maybeDetailed(type: fc.Arbitrary<Yaml>, extra: fc.Arbitrary<Readonly<Record<string, Yaml | undefined>>> = fc.constant({})): fc.Arbitrary<Yaml> {
  return fc.oneof({ weight: 3, arbitrary: type }, { weight: 1, arbitrary: fc.tuple(type, commonDetails, extra).map(([inner, details, more]) => detailed(inner, { ...details, ...more })) });
}

/** Types over `names`: `plain` is text or a map of keys, `either` is one of them now and then in the detailed form. */
function typeValues(names: readonly string[], extraAtoms: readonly string[] = []): { plain: fc.Arbitrary<Yaml>; either: fc.Arbitrary<Yaml> } {
  const expression = typeExpression(names, extraAtoms);
  // A detailed form's `$type` is a plain type, never another detailed form.
  return fc.letrec<{ plain: Yaml; either: Yaml }>((tie) => ({
    plain: fc.oneof({ depthSize: 'small', withCrossShrink: true }, expression, fieldMap(tie('either'), 3)),
    either: maybeDetailed(tie('plain')),
  }));
}

/** A type: text, or a map of keys to types nested a few levels, each now and then in the detailed form. */
function typeValue(names: readonly string[], extraAtoms: readonly string[] = []): fc.Arbitrary<Yaml> {
  return typeValues(names, extraAtoms).either;
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'];

const HEADER_NAME_CHARS = "!#$%&'*+-.^_`|~azAZ09";
/** Odd but valid HTTP tokens, some the same after camel-casing, some named like call options. */
const TOKEN_NAMES = ['X-Request-Id', 'Idempotency-Key', 'X-Api-Key', 'Content-Type', 'x-a', 'X.A', 'xA', 'headers', 'body', 'query', 'signal', 'default', '!', '1a', "it's", '`x`', '__proto__', '$', '~', 'a|b', '*'];
const tokenName = fc.oneof(
  fc.array(fc.constantFrom(...HEADER_NAME_CHARS.split('')), { minLength: 1, maxLength: 12 }).map((chars) => chars.join('')),
  fc.constantFrom(...TOKEN_NAMES),
);
const headerName = fc.oneof(tokenName, fc.constantFrom('constructor', 'prototype'));
// CR, LF and NUL are refused in header values; keep most values free of them so most specs pass.
const headerValue = fc.oneof({ weight: 9, arbitrary: hostileString.map((text) => text.replace(/[\r\n\0]/g, '')) }, { weight: 1, arbitrary: hostileString });
const headerMap = fc.uniqueArray(fc.tuple(headerName, headerValue), { maxLength: 4, selector: ([name]) => name }).map((entries) => new Map<string, Yaml>(entries));

/** Top-level `params`: any query key, values that keep their text (numbers too). */
const paramsMap = fc
  .uniqueArray(fc.tuple(fc.oneof(hostileString, fc.constantFrom('pretty', 'per-page', '__proto__', 'a b', '&', '=')), fc.oneof({ weight: 4, arbitrary: headerValue }, { weight: 1, arbitrary: fc.integer() })), { maxLength: 3, selector: ([name]) => name })
  .map((entries) => new Map<string, Yaml>(entries));

const optionalKey = (name: string, optional: boolean): string => (optional ? `${name}?` : name);

/** Header or cookie parameters: token names, distinct case-insensitively, scalar types (arrays in headers). */
function tokenParams(allowArrays: boolean): fc.Arbitrary<YamlMap> {
  const scalar = fc.oneof(fc.constantFrom(...SCALAR_TYPES), enumType, ...(allowArrays ? [fc.constantFrom('string[]', 'integer[]'), enumType.map((members) => `(${members})[]`)] : []));
  return fc
    .uniqueArray(fc.tuple(tokenName, fc.boolean(), maybeDetailed(scalar)), { minLength: 1, maxLength: 3, selector: ([name]) => name.toLowerCase() })
    .map((entries) => new Map(entries.map(([name, optional, type]) => [optionalKey(name, optional), type])));
}

const QUERY_KEYS = ['expand[]', 'per-page', 'per_page', 'perPage', 'a-b', 'aB', 'query', 'body', 'default', '__proto__', 'then'];
const queryKey = fc.oneof(fc.constantFrom(...QUERY_KEYS), hostileString).filter((key) => key !== '');
const scalarQuery = fc.oneof(fc.constantFrom(...SCALAR_TYPES, 'string[]', 'integer | boolean'), enumType, enumType.map((members) => `(${members})[]`));
const objectQuery = fc.oneof(inlineObject(fc.oneof(fc.constantFrom(...SCALAR_TYPES), enumType)), fc.constant('Record<string, string>'));
/** A query parameter's type with its `$style`: every style takes every type; these are the usual pairs, and deepObject on a list or a scalar (Stripe's `expand`, `created`). */
const queryValue: fc.Arbitrary<Yaml> = fc.oneof(
  { weight: 4, arbitrary: maybeDetailed(scalarQuery) },
  { weight: 2, arbitrary: fc.tuple(scalarQuery, fc.constantFrom('repeat', 'comma', 'space', 'pipe'), commonDetails).map(([type, style, details]) => detailed(type, { ...details, $style: style })) },
  { weight: 1, arbitrary: fc.tuple(objectQuery, fc.constantFrom('repeat', 'deepObject')).map(([type, style]) => detailed(type, { $style: style })) },
  { weight: 1, arbitrary: scalarQuery.map((type) => detailed(type, { $style: 'deepObject' })) },
);
const queryMap = fc
  .uniqueArray(fc.tuple(queryKey, fc.boolean(), queryValue), { maxLength: 4, selector: ([key]) => (key.endsWith('?') ? key.slice(0, -1) : key) })
  .map((entries) => new Map(entries.map(([key, optional, type]) => [optionalKey(key, optional), type])));

const JSON_TYPES = ['application/json', 'application/vnd.api+json; charset=utf-8', 'Application/JSON'];
const TEXT_TYPES = ['text/plain', 'text/csv; charset=utf-8', 'application/xml', 'text/x-`${x}`'];
const BYTES_TYPES = ['application/octet-stream', 'image/png', "application/x-it's"];

/** A body of each kind: JSON (default or named), form, multipart with files, text, raw bytes. */
function bodyValue(names: readonly string[]): fc.Arbitrary<Yaml> {
  const objectBody = fc.oneof(fieldMap(maybeDetailed(typeExpression(names, ['binary'])), 3), inlineObject(typeExpression(names)));
  const multipartFields = fieldMap(fc.oneof(fc.constantFrom('binary', 'binary[]', 'string', 'integer', 'binary | null'), typeExpression(names)), 3);
  return fc.oneof(
    { weight: 3, arbitrary: typeValue(names, ['binary']) },
    { weight: 1, arbitrary: fc.tuple(typeValues(names).plain, fc.constantFrom(...JSON_TYPES), commonDetails).map(([type, media, details]) => detailed(type, { ...details, $content_type: media })) },
    { weight: 1, arbitrary: objectBody.map((type) => detailed(type, { $content_type: 'application/x-www-form-urlencoded' })) },
    { weight: 1, arbitrary: multipartFields.map((type) => detailed(type, { $content_type: 'multipart/form-data' })) },
    { weight: 1, arbitrary: fc.tuple(fc.oneof(fc.constantFrom(...SCALAR_TYPES), enumType), fc.constantFrom(...TEXT_TYPES)).map(([type, media]) => detailed(type, { $content_type: media })) },
    { weight: 1, arbitrary: fc.oneof(fc.constant<Yaml>('binary'), fc.constantFrom(...BYTES_TYPES, ...TEXT_TYPES).map((media) => detailed('binary', { $content_type: media }))) },
  );
}

/** A response of each kind: JSON, text, bytes, stream, with or without a media type. */
function responseValue(names: readonly string[]): fc.Arbitrary<Yaml> {
  return fc.oneof(
    { weight: 3, arbitrary: typeValue(names, ['binary', 'stream']) },
    { weight: 2, arbitrary: fc.constantFrom<Yaml>('binary', 'stream', 'string') },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('string', 'binary', 'stream', 'unknown'), fc.constantFrom(...JSON_TYPES, ...TEXT_TYPES, ...BYTES_TYPES)).map(([type, media]) => detailed(type, { $content_type: media })) },
    { weight: 1, arbitrary: fc.tuple(typeValues(names).plain, fc.constantFrom(...JSON_TYPES, ...BYTES_TYPES)).map(([type, media]) => detailed(type, { $content_type: media })) },
  );
}

/** `errors`: statuses, ranges and default to types. */
function errorsMap(names: readonly string[]): fc.Arbitrary<YamlMap> {
  return fc
    .uniqueArray(fc.tuple(fc.constantFrom('404', '4XX', '5XX', 'default', '301', '500', '422'), typeValue(names)), { minLength: 1, maxLength: 3, selector: ([status]) => status })
    .map((entries) => new Map(entries));
}

/** `auth`: a scheme, or an api_key in a header or cookie (a token) or the query (any name). */
const authValue: fc.Arbitrary<Yaml> = fc.oneof(
  fc.constantFrom('basic', 'digest', 'bearer'),
  fc.tuple(fc.constantFrom('header', 'cookie'), tokenName).map(([place, name]) => new Map<string, Yaml>([['scheme', 'api_key'], ['in', place], ['name', name]])),
  fc.oneof(hostileString, fc.constantFrom('api_key', 'key', '__proto__')).filter((name) => name !== '').map((name) => new Map<string, Yaml>([['scheme', 'api_key'], ['in', 'query'], ['name', name]])),
);

/** Path keys that are not identifiers, that collide after camel-casing, or are named like Session members. */
const PATH_KEYS = ['chat.postMessage', 'chat-postMessage', 'asset-id', 'a-b', 'a.b', 'aB', 'A b', '1st', '...', 'get', 'delete', 'close', 'then', 'headers', 'callApi', 'constructor', 'toString', '__proto__', 'prototype', 'toJSON', '$', 'files.upload', 'filesUpload', 'getPet', 'get-pet'];
/** Placeholders: any text without `/`, `{` or `}`, some named like call options or colliding after camel-casing. */
const PLACEHOLDERS = ['asset-id', 'assetId', 'asset.id', 'path', 'query', 'body', 'headers', 'cookies', 'signal', 'timeout', 'args', 'options', 'default', 'delete', 'a b', '1', '😀', "it's", '`x`', '${x}', '\\', '*', '%41', '__proto__', 'x-request-id', 'xRequestId'];

interface PathOptions {
  readonly index: number;
  readonly typeNames: readonly string[];
}

function pathEntry({ index, typeNames }: PathOptions): fc.Arbitrary<[string, YamlMap]> {
  const placeholder = fc.oneof(
    { weight: 4, arbitrary: identifier('p', ['__proto__', 'prototype', 'constructor', 'toString', '$']) },
    { weight: 3, arbitrary: fc.constantFrom(...PLACEHOLDERS) },
    { weight: 1, arbitrary: hostileString.filter((text) => text !== '' && !/[/{}]/.test(text)) },
  );
  return fc
    .record({
      name: fc.oneof({ weight: 3, arbitrary: identifier(`m${index}`, ['prototype', 'toJSON', 'valueOfIt', '$']) }, { weight: 2, arbitrary: fc.constantFrom(...PATH_KEYS) }),
      method: fc.option(fc.constantFrom(...METHODS), { nil: undefined }),
      texts: fc.array(pathText, { minLength: 1, maxLength: 4 }),
      placeholders: fc.uniqueArray(placeholder, { maxLength: 3 }),
      typedParams: fc.array(maybeDetailed(fc.oneof(fc.constantFrom(...SCALAR_TYPES), enumType)), { maxLength: 3 }),
      query: fc.option(queryMap, { nil: undefined }),
      headerParams: fc.option(tokenParams(true), { nil: undefined, freq: 3 }),
      cookieParams: fc.option(tokenParams(false), { nil: undefined, freq: 4 }),
      body: fc.option(bodyValue(typeNames), { nil: undefined }),
      response: fc.option(responseValue(typeNames), { nil: undefined }),
      errors: fc.option(errorsMap(typeNames), { nil: undefined, freq: 3 }),
      headers: fc.option(headerMap, { nil: undefined }),
      baseLocation: fc.option(wellFormedBase, { nil: undefined, freq: 4 }),
      deprecated: fc.option(fc.boolean(), { nil: undefined, freq: 3 }),
      description: fc.option(hostileString, { nil: undefined }),
    })
    .map((spec) => {
      // `/r<index>` first keeps every route distinct; placeholders sit between the texts.
      let path = `/r${index}`;
      spec.texts.forEach((text, at) => {
        path += text;
        const name = spec.placeholders[at];
        if (name !== undefined) path += `/{${name}}`;
      });
      const map: YamlMap = new Map();
      const set = (key: string, value: Yaml | undefined): void => {
        if (value !== undefined) map.set(key, value);
      };
      set('description', spec.description);
      set('deprecated', spec.deprecated);
      set('method', spec.method);
      set('base_location', spec.baseLocation);
      map.set('path', path);
      const params = new Map<string, Yaml>();
      spec.placeholders.slice(0, spec.texts.length).forEach((name, at) => {
        const type = spec.typedParams[at];
        if (type !== undefined) params.set(name, type);
      });
      if (params.size > 0) map.set('params', params);
      set('query', spec.query);
      set('header_params', spec.headerParams);
      set('cookie_params', spec.cookieParams);
      set('body', spec.body);
      set('response', spec.method === 'HEAD' ? undefined : spec.response);
      set('errors', spec.errors);
      set('headers', spec.headers);
      return [spec.name, map];
    });
}

/** A spec of the right shape; hostile strings in every free-text place. */
export const validSpec: fc.Arbitrary<YamlMap> = fc
  .record({
    client: identifier('C', ['__proto__', 'prototype', 'constructor', '$', '_']),
    description: fc.option(hostileString, { nil: undefined }),
    base_location: fc.option(baseLocation, { nil: undefined }),
    endpoint: fc.option(pathText.map((text) => `/${text}`), { nil: undefined }),
    connections: fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined }),
    persist_cookies: fc.option(fc.boolean(), { nil: undefined }),
    headers: fc.option(headerMap, { nil: undefined }),
    params: fc.option(paramsMap, { nil: undefined, freq: 3 }),
    auth: fc.option(authValue, { nil: undefined }),
    typeNames: fc.uniqueArray(identifier('T', ['__proto__', 'prototype', 'constructor', '$', 'asset-id', 'repository-ruleset', 'm0Body', 'GetBody', 'ABBody']), { maxLength: 3 }),
    pathCount: fc.integer({ min: 0, max: 3 }),
  })
  .chain(({ typeNames, pathCount, ...top }) => {
    // Expressions name declared types by their key, so only keys that are identifiers are used in them.
    const usable = typeNames.filter(isIdentifierName);
    return fc
      .tuple(
        // A type refers only to those declared before it, so no cycles by construction.
        fc.tuple(...typeNames.map((_, index) => typeValue(typeNames.slice(0, index).filter(isIdentifierName), ['binary', 'stream']))),
        fc.tuple(...Array.from({ length: pathCount }, (_, index) => pathEntry({ index, typeNames: usable }))),
        fc.option(errorsMap(usable), { nil: undefined, freq: 3 }),
      )
      .map(([types, paths, errors]) => {
        const spec: YamlMap = new Map();
        for (const [key, value] of Object.entries(top)) if (value !== undefined) spec.set(key, value);
        if (types.length > 0) spec.set('types', new Map(typeNames.map((name, index) => [name, types[index]!])));
        if (errors !== undefined) spec.set('errors', errors);
        // Path keys are distinct by their `m<index>` prefix, except the tricky ones: keep the first of each.
        const pathMap: YamlMap = new Map();
        for (const [name, entry] of paths) if (!pathMap.has(name)) pathMap.set(name, entry);
        spec.set('paths', pathMap);
        return spec;
      });
  });

/** Writes a spec tree as YAML; long keys become explicit `? key` entries, nothing is folded. */
export function toYaml(spec: Yaml): string {
  return stringify(spec, { lineWidth: 0 });
}

function clone(value: Yaml): Yaml {
  if (value instanceof Map) return new Map([...value].map(([key, inner]) => [key, clone(inner)]));
  if (Array.isArray(value)) return value.map(clone);
  return value;
}

/** Every map in the tree, with the path of keys to it. */
function maps(value: Yaml, into: YamlMap[] = []): YamlMap[] {
  if (value instanceof Map) {
    into.push(value);
    for (const inner of value.values()) maps(inner, into);
  } else if (Array.isArray(value)) for (const inner of value) maps(inner, into);
  return into;
}

/** Type expressions the grammar refuses: unterminated literals and objects, repeated keys, dangling operators. */
const BROKEN_TYPES = [
  "'open", '"a\\"', "'open' |", '{ a: string', '{ a: string; a: number }', 'A &', '& ', '{ [k: number]: string }', '{ [key: string]: string; [k: string]: number }',
  '{ a }', '{ 1: string }', '-', '1e', '(string', 'string)', "{ 'a': }", '{ [key: string] }', 'Record<string>', "'a' & ", '{ a: string;; }',
];

/** `{ $type: string }` plus one detail that is wrong where it stands. */
const wrongDetail = (key: string, value: Yaml): YamlMap => detailed('string', { [key]: value });

/**
 * Edits that break one new construct each, applied to the spec or to one of its paths (made if
 * there is none): each must be refused with a positioned error, whatever else the spec holds.
 */
export const GRAMMAR_BREAKERS: readonly ((spec: YamlMap, path: YamlMap) => void)[] = [
  (_, path) => path.set('response', wrongDetail('$style', 'comma')),
  (_, path) => path.set('body', wrongDetail('$description', 1)),
  (_, path) => path.set('body', wrongDetail('$deprecated', 'yes')),
  (_, path) => path.set('response', wrongDetail('$deprecated', [1])),
  (_, path) => path.set('response', wrongDetail('$read_only', null)),
  (_, path) => path.set('response', wrongDetail('$type', '')),
  (_, path) => path.set('response', detailed('integer', { $content_type: 'text/plain' })),
  (_, path) => path.set('response', detailed('string', { $content_type: 1 })),
  (_, path) => path.set('body', detailed('string', { $content_type: 'multipart/form-data' })),
  (_, path) => path.set('body', detailed('string[]', { $content_type: 'application/x-www-form-urlencoded' })),
  (_, path) => path.set('body', detailed(new Map<string, Yaml>([['a', 'string']]), { $content_type: 'text/plain' })),
  (_, path) => path.set('query', new Map<string, Yaml>([['a', detailed('string', { $style: 'form' })]])),
  (_, path) => path.set('cookie_params', new Map<string, Yaml>([['c', 'string[]']])),
  (_, path) => path.set('header_params', new Map<string, Yaml>([['a b', 'string']])),
  (_, path) => path.set('header_params', new Map<string, Yaml>([['X-Id', 'string'], ['x-id?', 'integer']])),
  (_, path) => path.set('header_params', new Map<string, Yaml>([['X-Obj', '{ a: string }']])),
  (_, path) => path.set('header_params', new Map<string, Yaml>([['?', 'string']])),
  (_, path) => {
    path.set('headers', new Map<string, Yaml>([['X-Fixed', 'v']]));
    path.set('header_params', new Map<string, Yaml>([['x-fixed', 'string']]));
  },
  (_, path) => {
    path.set('body', detailed('string', { $content_type: 'text/csv' }));
    path.set('header_params', new Map<string, Yaml>([['content-type?', 'string']]));
  },
  (_, path) => path.set('cookie_params', new Map<string, Yaml>([['c', 'string[]']])),
  (_, path) => path.set('cookie_params', new Map<string, Yaml>([['a=b', 'string']])),
  (_, path) => path.set('errors', new Map<string, Yaml>([['200', 'string']])),
  (_, path) => path.set('errors', new Map<string, Yaml>([['6XX', 'string']])),
  (spec) => spec.set('errors', new Map<string, Yaml>([['Default', 'string']])),
  (spec) => spec.set('errors', new Map<string, Yaml>([['404', "'a"]])),
  (_, path) => path.set('base_location', 'ftp://files.example'),
  (_, path) => path.set('base_location', 'https://user:secret@api.example'),
  (_, path) => path.set('deprecated', 'yes'),
  (_, path) => path.set('path', '/a/{b/c}'),
  (_, path) => path.set('params', new Map<string, Yaml>([['missing-placeholder', 'string']])),
  (spec) => spec.set('auth', 'api_key'),
  (spec) => spec.set('auth', new Map<string, Yaml>([['scheme', 'api_key']])),
  (spec) => spec.set('auth', new Map<string, Yaml>([['scheme', 'api_key'], ['in', 'body'], ['name', 'key']])),
  (spec) => spec.set('auth', new Map<string, Yaml>([['scheme', 'api_key'], ['in', 'header'], ['name', '']])),
  (spec) => spec.set('auth', new Map<string, Yaml>([['scheme', 'oauth']])),
  (spec) => spec.set('params', new Map<string, Yaml>([['a', 'line\nbreak']])),
  (spec) => spec.set('params', new Map<string, Yaml>([['a', new Map<string, Yaml>([['b', 'c']])]])),
  (spec) => spec.set('types', new Map<string, Yaml>([['T', new Map<string, Yaml>([['[key: string]', "'unterminated"]])]])),
  (spec) => spec.set('types', new Map<string, Yaml>([['T', detailed('U', {})]])),
];

const wrongValue: fc.Arbitrary<Yaml> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: false }),
  fc.boolean(),
  fc.constant(null),
  hostileString,
  fc.array(hostileString, { maxLength: 2 }),
  fc.constant(new Map<string, Yaml>([['__proto__', new Map<string, Yaml>([['polluted', true]])]])),
  fc.constantFrom('GET', 'get', 'FETCH', '/x/{', '/x/{}', '/x/{a}{a}', 'x', 'Pet', 'Unknown[]', 'string[', 'Record<number, string>', 'https://u:p@h.example', 'ftp://h.example', '/a b'),
  fc.constantFrom(...BROKEN_TYPES),
);

type TreeMutation =
  | { readonly op: 'set'; readonly pick: number; readonly keyPick: number; readonly value: Yaml }
  | { readonly op: 'add'; readonly pick: number; readonly key: string; readonly value: Yaml }
  | { readonly op: 'delete'; readonly pick: number; readonly keyPick: number }
  | { readonly op: 'duplicatePath'; readonly pick: number }
  | { readonly op: 'dropPlaceholder'; readonly pick: number }
  | { readonly op: 'breakGrammar'; readonly pick: number; readonly which: number };

const treeMutation: fc.Arbitrary<TreeMutation> = fc.oneof(
  fc.record({ op: fc.constant('set' as const), pick: fc.nat(), keyPick: fc.nat(), value: wrongValue }),
  fc.record({ op: fc.constant('add' as const), pick: fc.nat(), key: fc.oneof(hostileString, fc.constantFrom('__proto__', 'constructor', 'prototype', 'methd', 'response', 'Client', 'paths')), value: wrongValue }),
  fc.record({ op: fc.constant('delete' as const), pick: fc.nat(), keyPick: fc.nat() }),
  fc.record({ op: fc.constant('duplicatePath' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('dropPlaceholder' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('breakGrammar' as const), pick: fc.nat(), which: fc.nat({ max: GRAMMAR_BREAKERS.length - 1 }) }),
);

function applyTree(spec: YamlMap, mutation: TreeMutation): void {
  const all = maps(spec);
  const target = all[mutation.pick % all.length]!;
  const keys = [...target.keys()];
  const paths = spec.get('paths');
  switch (mutation.op) {
    case 'set':
      if (keys.length > 0) target.set(keys[mutation.keyPick % keys.length]!, clone(mutation.value));
      return;
    case 'add':
      target.set(mutation.key, clone(mutation.value));
      return;
    case 'delete':
      if (keys.length > 0) target.delete(keys[mutation.keyPick % keys.length]!);
      return;
    case 'duplicatePath': {
      if (!(paths instanceof Map) || paths.size === 0) return;
      const [name, entry] = [...paths][mutation.pick % paths.size]!;
      paths.set(`${name}Again`, clone(entry));
      return;
    }
    case 'breakGrammar': {
      if (!(paths instanceof Map)) return;
      if (paths.size === 0) paths.set('made', new Map<string, Yaml>([['path', '/made']]));
      const entry = [...paths.values()][mutation.pick % paths.size];
      if (entry instanceof Map) GRAMMAR_BREAKERS[mutation.which]!(spec, entry);
      return;
    }
    case 'dropPlaceholder': {
      if (!(paths instanceof Map) || paths.size === 0) return;
      const entry = [...paths.values()][mutation.pick % paths.size];
      if (!(entry instanceof Map)) return;
      // A declared param whose placeholder is gone, or one that never had one.
      const path = entry.get('path');
      if (typeof path === 'string') entry.set('path', path.replace(/\{[^}]*\}/, 'x'));
      const params = entry.get('params');
      if (params instanceof Map) params.set('ghost', 'string');
      else entry.set('params', new Map<string, Yaml>([['ghost', 'integer']]));
      return;
    }
  }
}

type TextMutation =
  | { readonly op: 'insert'; readonly at: number; readonly text: string }
  | { readonly op: 'delete'; readonly at: number; readonly length: number }
  | { readonly op: 'duplicateLine'; readonly at: number }
  | { readonly op: 'truncate'; readonly at: number };

const textMutation: fc.Arbitrary<TextMutation> = fc.oneof(
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom('\t', ':', '- ', '&a ', '*a', '*b ', '"', "'", '{', '[', '\n  ', '\n', '? ', '!!str ', '%YAML 1.1\n', '---\n', '<<: *a\n', '\ufeff', '\u0000'), hostileString) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ op: fc.constant('duplicateLine' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
);

function applyText(text: string, mutation: TextMutation): string {
  const at = text.length === 0 ? 0 : mutation.at % (text.length + 1);
  switch (mutation.op) {
    case 'insert':
      return text.slice(0, at) + mutation.text + text.slice(at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + mutation.length);
    case 'duplicateLine': {
      const lines = text.split('\n');
      const line = mutation.at % lines.length;
      lines.splice(line, 0, lines[line]!);
      return lines.join('\n');
    }
    case 'truncate':
      return text.slice(0, at);
  }
}

/** A valid-shaped spec with one to three tree mutations, then maybe some text mutations. */
export const mutatedSpecText: fc.Arbitrary<string> = fc
  .tuple(validSpec, fc.array(treeMutation, { minLength: 1, maxLength: 3 }), fc.array(textMutation, { maxLength: 2 }))
  .map(([spec, trees, texts]) => {
    const copy = clone(spec) as YamlMap;
    for (const mutation of trees) applyTree(copy, mutation);
    return texts.reduce(applyText, toYaml(copy));
  });

/** The text of a spec to try, with whether it was built valid-shaped (for the counts only). */
export const specText: fc.Arbitrary<{ readonly text: string; readonly shape: 'valid' | 'mutated' }> = fc.oneof(
  validSpec.map((spec) => ({ text: toYaml(spec), shape: 'valid' as const })),
  mutatedSpecText.map((text) => ({ text, shape: 'mutated' as const })),
);
