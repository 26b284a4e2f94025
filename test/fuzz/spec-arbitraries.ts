/**
 * fast-check arbitraries for spec fuzzing: specs of the right shape with hostile strings
 * wherever a string may go, and mutations of them (wrong types, unknown keys, bad methods,
 * missing placeholders, duplicates, broken YAML text).
 *
 * A spec is built as a tree of `Map`s (never plain objects, so a `__proto__` key is just a key)
 * and written with the `yaml` package, which quotes whatever needs quoting.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';

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
const baseLocation = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(fc.constantFrom('http://', 'https://', 'HTTPS://'), fc.constantFrom('api.example', 'localhost', '127.0.0.1', '[::1]', 'xn--bcher-kva.example', 'bücher.example'), fc.array(fc.constantFrom(...URL_TAILS), { maxLength: 4 }))
    .map(([scheme, host, tail]) => `${scheme}${host}/${tail.join('')}`) },
  { weight: 1, arbitrary: hostileString },
);

const SCALAR_TYPES = ['string', 'number', 'integer', 'boolean'];

/** A type written as text over builtins and the declared names. */
function typeExpression(names: readonly string[]): fc.Arbitrary<string> {
  const atoms = [...SCALAR_TYPES, 'null', 'unknown', ...names];
  return fc.letrec<{ expr: string }>((tie) => ({
    expr: fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(...atoms) },
      { weight: 1, arbitrary: tie('expr').map((inner) => `(${inner})[]`) },
      { weight: 1, arbitrary: fc.constantFrom(...atoms).map((atom) => `${atom}[][]`) },
      { weight: 1, arbitrary: fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `${a} | ${b}`) },
      { weight: 1, arbitrary: tie('expr').map((inner) => `Record<string, ${inner}>`) },
    ),
  })).expr;
}

/** A field key: any string, optional with a trailing `?` now and then. */
const fieldKey = fc
  .tuple(hostileString, fc.boolean())
  .map(([key, optional]) => (optional ? `${key}?` : key))
  // A key that is empty or only `?` is refused; the mutations cover that.
  .filter((key) => key.replace(/\?$/, '') !== '');

function fieldMap(value: fc.Arbitrary<Yaml>, maxKeys = 4): fc.Arbitrary<YamlMap> {
  return fc
    .uniqueArray(fc.tuple(fieldKey, value), { maxLength: maxKeys, selector: ([key]) => (key.endsWith('?') ? key.slice(0, -1) : key) })
    .map((entries) => new Map(entries));
}

/** A type: text, or a map of keys to types nested a few levels. */
function typeValue(names: readonly string[]): fc.Arbitrary<Yaml> {
  const expression = typeExpression(names);
  return fc.letrec<{ type: Yaml }>((tie) => ({
    type: fc.oneof({ depthSize: 'small', withCrossShrink: true }, expression, fieldMap(tie('type'), 3)),
  })).type;
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'];

const HEADER_NAME_CHARS = "!#$%&'*+-.^_`|~azAZ09";
const headerName = fc.oneof(
  fc.array(fc.constantFrom(...HEADER_NAME_CHARS.split('')), { minLength: 1, maxLength: 12 }).map((chars) => chars.join('')),
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'Content-Type', 'X-Api-Key', '`$x`', "it's"),
);
// CR, LF and NUL are refused in header values; keep most values free of them so most specs pass.
const headerValue = fc.oneof({ weight: 9, arbitrary: hostileString.map((text) => text.replace(/[\r\n\0]/g, '')) }, { weight: 1, arbitrary: hostileString });
const headerMap = fc.uniqueArray(fc.tuple(headerName, headerValue), { maxLength: 4, selector: ([name]) => name }).map((entries) => new Map<string, Yaml>(entries));

interface PathOptions {
  readonly index: number;
  readonly typeNames: readonly string[];
}

function pathEntry({ index, typeNames }: PathOptions): fc.Arbitrary<[string, YamlMap]> {
  const placeholder = identifier('p', ['__proto__', 'prototype', 'constructor', 'toString', '$']);
  return fc
    .record({
      name: identifier(`m${index}`, ['prototype', 'toJSON', 'valueOfIt', '$']),
      method: fc.option(fc.constantFrom(...METHODS), { nil: undefined }),
      texts: fc.array(pathText, { minLength: 1, maxLength: 4 }),
      placeholders: fc.uniqueArray(placeholder, { maxLength: 3 }),
      typedParams: fc.array(fc.constantFrom(...SCALAR_TYPES), { maxLength: 3 }),
      query: fc.option(fieldMap(fc.constantFrom(...SCALAR_TYPES, 'string[]', 'integer | boolean')), { nil: undefined }),
      body: fc.option(typeValue(typeNames), { nil: undefined }),
      response: fc.option(typeValue(typeNames), { nil: undefined }),
      headers: fc.option(headerMap, { nil: undefined }),
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
      if (spec.description !== undefined) map.set('description', spec.description);
      if (spec.method !== undefined) map.set('method', spec.method);
      map.set('path', path);
      const params = new Map<string, Yaml>();
      spec.placeholders.slice(0, spec.texts.length).forEach((name, at) => {
        const type = spec.typedParams[at];
        if (type !== undefined) params.set(name, type);
      });
      if (params.size > 0) map.set('params', params);
      if (spec.query !== undefined) map.set('query', spec.query);
      if (spec.body !== undefined) map.set('body', spec.body);
      if (spec.response !== undefined && spec.method !== 'HEAD') map.set('response', spec.response);
      if (spec.headers !== undefined) map.set('headers', spec.headers);
      return [spec.name, map];
    });
}

/** A spec of the right shape; hostile strings in every free-text place. */
export const validSpec: fc.Arbitrary<YamlMap> = fc
  .record({
    client: identifier('C', ['__proto__', 'prototype', 'constructor', '$', '_']),
    description: fc.option(hostileString, { nil: undefined }),
    baseLocation: fc.option(baseLocation, { nil: undefined }),
    endpoint: fc.option(pathText.map((text) => `/${text}`), { nil: undefined }),
    connections: fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined }),
    persistCookies: fc.option(fc.boolean(), { nil: undefined }),
    headers: fc.option(headerMap, { nil: undefined }),
    typeNames: fc.uniqueArray(identifier('T', ['__proto__', 'prototype', 'constructor', '$']), { maxLength: 3 }),
    pathCount: fc.integer({ min: 0, max: 3 }),
  })
  .chain((top) =>
    fc
      .tuple(
        // A type refers only to those declared before it, so no cycles by construction.
        fc.tuple(...top.typeNames.map((_, index) => typeValue(top.typeNames.slice(0, index)))),
        fc.tuple(...Array.from({ length: top.pathCount }, (_, index) => pathEntry({ index, typeNames: top.typeNames }))),
      )
      .map(([types, paths]) => {
        const spec: YamlMap = new Map();
        spec.set('client', top.client);
        if (top.description !== undefined) spec.set('description', top.description);
        if (top.baseLocation !== undefined) spec.set('base_location', top.baseLocation);
        if (top.endpoint !== undefined) spec.set('endpoint', top.endpoint);
        if (top.connections !== undefined) spec.set('connections', top.connections);
        if (top.persistCookies !== undefined) spec.set('persist_cookies', top.persistCookies);
        if (top.headers !== undefined) spec.set('headers', top.headers);
        if (types.length > 0) spec.set('types', new Map(top.typeNames.map((name, index) => [name, types[index]!])));
        // Path names are distinct by their `m<index>` prefix, except the few tricky ones: keep the first.
        const pathMap: YamlMap = new Map();
        for (const [name, entry] of paths) if (!pathMap.has(name)) pathMap.set(name, entry);
        spec.set('paths', pathMap);
        return spec;
      }),
  );

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

const wrongValue: fc.Arbitrary<Yaml> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: false }),
  fc.boolean(),
  fc.constant(null),
  hostileString,
  fc.array(hostileString, { maxLength: 2 }),
  fc.constant(new Map<string, Yaml>([['__proto__', new Map<string, Yaml>([['polluted', true]])]])),
  fc.constantFrom('GET', 'get', 'FETCH', '/x/{', '/x/{}', '/x/{a}{a}', 'x', 'Pet', 'Unknown[]', 'string[', 'Record<number, string>', 'https://u:p@h.example', 'ftp://h.example', '/a b'),
);

type TreeMutation =
  | { readonly op: 'set'; readonly pick: number; readonly keyPick: number; readonly value: Yaml }
  | { readonly op: 'add'; readonly pick: number; readonly key: string; readonly value: Yaml }
  | { readonly op: 'delete'; readonly pick: number; readonly keyPick: number }
  | { readonly op: 'duplicatePath'; readonly pick: number }
  | { readonly op: 'dropPlaceholder'; readonly pick: number };

const treeMutation: fc.Arbitrary<TreeMutation> = fc.oneof(
  fc.record({ op: fc.constant('set' as const), pick: fc.nat(), keyPick: fc.nat(), value: wrongValue }),
  fc.record({ op: fc.constant('add' as const), pick: fc.nat(), key: fc.oneof(hostileString, fc.constantFrom('__proto__', 'constructor', 'prototype', 'methd', 'response', 'Client', 'paths')), value: wrongValue }),
  fc.record({ op: fc.constant('delete' as const), pick: fc.nat(), keyPick: fc.nat() }),
  fc.record({ op: fc.constant('duplicatePath' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('dropPlaceholder' as const), pick: fc.nat() }),
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
