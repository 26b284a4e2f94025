/**
 * Spec fuzzing. Every spec, valid-shaped or mutated, hostile strings everywhere, must either
 *  (a) fail with positioned one-line errors (`<file>:<line>:<col>: <key path>: ...`) and write
 *      nothing (the output folder byte-for-byte as it was, an earlier output included), or
 *  (b) emit code that compiles under strict tsc (all emitted files of a run checked by ONE tsc)
 *      and whose literals evaluate to exactly the spec's strings: routes (after a per-path
 *      base_location), fixed headers, header and cookie parameters by wire name, query wire names
 *      and styles, the body's option and Content-Type, the reader, api_key names, session params,
 *      and the JSDoc of the class, methods, parameters, named types and their members (details,
 *      wire names, @format, @defaultValue, @deprecated), with names made by the one naming rule.
 * Generating never pollutes Object.prototype, and a YAML alias bomb is refused in well under a second.
 *
 * `npm test` runs a bounded number with a fixed seed; `npm run fuzz` runs FUZZ_RUNS (default 4000)
 * with a fresh seed (or FUZZ_SEED) and prints the counts.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { Node, Project, SyntaxKind, type ClassDeclaration, type JSDocableNode, type ObjectLiteralExpression, type SourceFile } from 'ts-morph';
import { isNode, isScalar, parseDocument, type Document } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDiagnostic, type Diagnostic } from '../../generator/diagnostics.js';
import { compileSpec, generate, generateSource } from '../../generator/generate.js';
import { scratch, typeCheck } from '../generator/helpers.js';
import { IMPORTED_NAMES, optionsTypeName, paramName, typeName, UniqueNames } from '../../generator/model/names.js';
import { bodyEncodingOf, essence, readingOf, RUNTIME_CONTENT_TYPES } from '../../generator/model/media.js';
import type { BodyEncoding, MethodModel, ParamModel, ResultReading, TypeRef } from '../../generator/model/types.js';
import { parseTypeExpression } from '../../generator/frontends/yaml/type-expr.js';
import { GRAMMAR_BREAKERS, specText, toYaml, type YamlMap } from './spec-arbitraries.js';

const LONG = process.env.FUZZ_RUNS !== undefined;
const RUNS = LONG ? Number(process.env.FUZZ_RUNS) : 200;
const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : LONG ? Date.now() % 2 ** 31 : 20_240_607;

/** Diagnostics about the document as a whole (or naming their key in the message) may have no key path. */
const NO_KEY_PATH_OK = new Set(['yamlSyntax', 'yamlAliasBomb', 'yamlComplexKey', 'missingKey', 'wrongType', 'unknownKey', 'fileUnreadable']);

const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).sort();

function expectPrototypeClean(): void {
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_NAMES);
  expect(Object.getOwnPropertySymbols(Object.prototype)).toEqual([]);
}

/** Every file under `dir` with its bytes. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      files.set(relative(dir, path), readFileSync(path, 'latin1'));
    }
  }
  return files;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Evaluates an emitted expression with the JavaScript parser, the one judge of what it means. */
function evaluate(text: string, names: readonly string[] = [], values: readonly unknown[] = []): unknown {
  return new Function(...names, `return (${text});`)(...values);
}

function keyOf(name: Node): string {
  if (Node.isIdentifier(name)) return name.getText();
  if (Node.isStringLiteral(name) || Node.isNumericLiteral(name)) return String(evaluate(name.getText()));
  if (Node.isComputedPropertyName(name)) return String(evaluate(name.getExpression().getText()));
  throw new Error(`unexpected property name ${name.getText()}`);
}

/** Own `key: value` assignments of an object literal (spreads skipped), values evaluated. */
function assignments(object: ObjectLiteralExpression): [string, Node][] {
  return object.getProperties().flatMap((property): [string, Node][] => (Node.isPropertyAssignment(property) ? [[keyOf(property.getNameNode()), property.getInitializerOrThrow()]] : []));
}

function stringEntries(object: Node | undefined): [string, string][] {
  if (object === undefined) return [];
  if (!Node.isObjectLiteralExpression(object)) throw new Error(`expected an object literal, got ${object.getText()}`);
  return assignments(object).map(([key, value]) => [key, evaluate(value.getText()) as string]);
}

const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** JSDoc text as a reader sees it, whitespace collapsed. */
function docText(node: JSDocableNode): string {
  return collapse(
    node
      .getJsDocs()
      .map((doc) => {
        const inner = doc.getText().slice(3, -2);
        // A one-line doc has no leading `*` to strip: its text may itself start with one.
        return inner.includes('\n') ? inner.split('\n').map((line) => line.replace(/^\s*\* ?/, '')).join(' ') : inner;
      })
      .join(' '),
  );
}

/** What a JSDoc should say for these paragraphs: line breaks become new lines, `*​/` cannot close it. */
function expectedDoc(...paragraphs: (string | undefined)[]): string {
  const text = paragraphs.filter((paragraph) => paragraph !== undefined).join(' ');
  return collapse(
    text
      .replace(/\r\n|[\n\r\u2028\u2029]/g, ' ')
      .replace(/\*\//g, '*\\/')
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`),
  );
}

type JsMap = Map<unknown, unknown>;
const asMap = (value: unknown): JsMap | undefined => (value instanceof Map ? value : undefined);
const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const headerPairs = (value: unknown): [string, string][] => [...(asMap(value) ?? [])].map(([key, inner]) => [String(key), String(inner)]);

const morph = new Project({ useInMemoryFileSystem: true });

/** `[key: string]` as a YAML key. */
const INDEX_KEY = /^\[\s*[A-Za-z_$][A-Za-z0-9_$]*\s*:\s*string\s*\]$/;

/** A key's name and whether a trailing `?` made it optional. */
function splitOptional(key: string): [name: string, optional: boolean] {
  return key.endsWith('?') ? [key.slice(0, -1), true] : [key, false];
}

/** A type's detailed form, when it is written in one. */
const detailsOf = (value: unknown): JsMap | undefined => (asMap(value)?.has('$type') === true ? asMap(value) : undefined);
/** The type itself: a detailed form's `$type`, else the value. */
const typeOf = (value: unknown): unknown => detailsOf(value)?.get('$type') ?? value;

/** Whether a type as written is exactly the builtin `name`. */
function isBuiltinType(value: unknown, name: string): boolean {
  const text = asString(typeOf(value));
  if (text === undefined) return false;
  const parsed = parseTypeExpression(text);
  return parsed.ok && parsed.type.kind === 'builtin' && parsed.type.name === name;
}

/** What JSDoc should say for a type's detailed form: its description, `extra`, the read/write-only notes, then the tags. */
function expectedDetailedDoc(doc: Document, at: readonly string[], value: unknown, extra?: string): string {
  const details = detailsOf(value);
  const flag = (key: string): boolean => details?.get(key) === true;
  const format = details?.has('$format') === true ? `@format ${String(details.get('$format'))}` : undefined;
  let defaultTag: string | undefined;
  if (details?.has('$default') === true) {
    // The default keeps the text written when it is plain, else it is shown as JSON.
    const node = doc.getIn([...at, '$default'], true);
    // JSON text of the value; a plain number keeps the text written.
    const plainNumber = isScalar(node) && node.type === 'PLAIN' && typeof node.value === 'number' && node.source !== undefined;
    defaultTag = `@defaultValue ${plainNumber ? node.source : JSON.stringify(isNode(node) ? node.toJS(doc, { maxAliasCount: -1 }) : null)}`;
  }
  return expectedDoc(
    asString(details?.get('$description')),
    extra,
    flag('$read_only') ? 'Read-only: only the server sends it.' : undefined,
    flag('$write_only') ? 'Write-only: the server never sends it back.' : undefined,
    format,
    defaultTag,
    flag('$deprecated') ? '@deprecated' : undefined,
  );
}

interface ExpectedParam {
  readonly in: 'path' | 'header' | 'cookie' | 'query';
  readonly wire: string;
  readonly name: string;
  readonly value: unknown;
  /** Key path of the param's type in the spec. */
  readonly at: readonly string[];
}

/**
 * A path's parameters, in the model's order, each named as the model names it: the naming rule,
 * and how clashing names are told apart, have tests of their own (names-distinct.test.ts).
 */
function expectedParams(pathKey: string, path: JsMap, method: MethodModel): ExpectedParam[] {
  const route = String(path.get('path'));
  const declared = asMap(path.get('params'));
  const named = (location: ParamModel['in'], wire: string): string => method.params.find((param) => param.in === location && param.wireName === wire)?.name ?? paramName(wire, location, { kind: 'builtin', name: 'string' });
  const params: ExpectedParam[] = [...route.matchAll(/\{([^}]*)\}/g)].map((match) => {
    const wire = match[1]!;
    return { in: 'path', wire, name: named('path', wire), value: declared?.get(wire), at: ['paths', pathKey, 'params', wire] };
  });
  for (const [key, location] of [['header_params', 'header'], ['cookie_params', 'cookie'], ['query', 'query']] as const) {
    for (const [entryKey, value] of asMap(path.get(key)) ?? []) {
      const [wire] = splitOptional(String(entryKey));
      params.push({ in: location, wire, name: named(location, wire), value, at: ['paths', pathKey, key, String(entryKey)] });
    }
  }
  return params;
}

/** An API's name as JSDoc shows it in backticks: on one line, each control character and line separator as its JavaScript escape. */
function codeSpanOf(name: string): string {
  const escapes: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
  return `\`${name.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (char) => escapes[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)}\``;
}

function wireNote(param: ExpectedParam): string | undefined {
  if (param.in === 'header') return `Sent as the ${codeSpanOf(param.wire)} header.`;
  if (param.in === 'cookie') return `Sent as the ${codeSpanOf(param.wire)} cookie.`;
  if (param.name === param.wire) return undefined;
  return param.in === 'path' ? `The ${codeSpanOf(`{${param.wire}}`)} path parameter.` : `Sent as the ${codeSpanOf(param.wire)} query parameter.`;
}

/** A marker each parameter variable is bound to, so an evaluated object shows which parameter went where. */
const marker = (name: string): string => `<param ${name}>`;

/** Evaluates an emitted object expression with the parameters bound to their markers; entries sorted by key. */
function evaluatedEntries(expression: Node | undefined, params: readonly ExpectedParam[], bindings: Record<string, unknown> = {}): [string, unknown][] {
  if (expression === undefined) return [];
  // Query keys are no variables (and may be quoted wire names): only the argument's own keys are bound.
  const variables = params.filter((param) => param.in !== 'query');
  const names = [...variables.map((param) => param.name), ...Object.keys(bindings)];
  const values = [...variables.map((param) => marker(param.name)), ...Object.values(bindings)];
  const object = evaluate(expression.getText(), names, values) as object;
  return sortEntries(Object.entries(object));
}

const sortEntries = <T>(entries: [string, T][]): [string, T][] => entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** The media type a body is sent as, and its encoding, as the spec says. */
function bodyMedia(body: unknown, headers: [string, string][]): { mediaType: string; encoding: BodyEncoding; explicit: boolean } {
  const given = asString(detailsOf(body)?.get('$content_type'));
  const header = headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  const binary = isBuiltinType(body, 'binary');
  const mediaType = given ?? header ?? (binary ? 'application/octet-stream' : 'application/json');
  const encoding = bodyEncodingOf(mediaType, binary ? { kind: 'builtin', name: 'binary' } : { kind: 'builtin', name: 'unknown' });
  return { mediaType, encoding, explicit: given !== undefined && header === undefined };
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

function expectedReader(response: unknown): string {
  if (response === undefined) return READERS.none;
  const builtin = (['stream', 'binary', 'string'] as const).find((name) => isBuiltinType(response, name));
  const type: TypeRef = builtin === undefined ? { kind: 'builtin', name: 'unknown' } : { kind: 'builtin', name: builtin };
  const reading = readingOf(asString(detailsOf(response)?.get('$content_type')), type);
  // A JSON result that is a string is read by what arrives: parsed when it came as JSON, else the text.
  return reading === 'json' && builtin === 'string' ? 'readJsonOrText' : READERS[reading];
}

/** Property names of a type literal with whether each is optional, in order. */
function memberKeys(literal: Node): [string, boolean][] {
  return literal.getDescendantsOfKind(SyntaxKind.PropertySignature).filter((member) => member.getParent() === literal).map((member) => [keyOf(member.getNameNode()), member.hasQuestionToken()]);
}

/** Whether a key is flagged `$read_only` / `$write_only`, itself or through the declared type it names. */
function flagged(value: unknown, flag: '$read_only' | '$write_only', types: JsMap | undefined): boolean {
  if (detailsOf(value)?.get(flag) === true) return true;
  const named = typeOf(value);
  return typeof named === 'string' && detailsOf(types?.get(named))?.get(flag) === true;
}

/**
 * The keys a type written as `fields` is emitted with: as written, but a write-only key may be
 * left out (the form a response has) and a read-only one made optional (the form a request has);
 * which form a type takes is tested by the directions tests (wire-readonly.test.ts).
 */
function expectedMembers(fields: JsMap, keys: readonly string[], emitted: readonly [string, boolean][], types: JsMap | undefined): [string, boolean][] {
  const got = new Map(emitted);
  return keys.map(splitOptional).flatMap(([name, optional]): [string, boolean][] => {
    const value = fields.get(name) ?? fields.get(`${name}?`);
    if (!got.has(name) && flagged(value, '$write_only', types)) return [];
    return [[name, flagged(value, '$read_only', types) && got.get(name) === true ? true : optional]];
  });
}

/** A body or response written as a map of keys is emitted as a named type: that name's alias has exactly those keys. */
function checkHoisted(file: SourceFile, value: unknown, typeNode: Node, what: string, types: JsMap | undefined): void {
  const fields = asMap(typeOf(value));
  const keys = [...(fields?.keys() ?? [])].map(String).filter((key) => !INDEX_KEY.test(key));
  if (keys.length === 0) return;
  // A multipart body's named type is taken through MultipartFields<T>, which lets its string fields take files.
  const alias = file.getTypeAliasOrThrow(typeNode.getText().replace(/^MultipartFields<(.+)>$/, '$1'));
  const emitted = memberKeys(alias.getTypeNodeOrThrow());
  expect(emitted, `keys of the type of the ${what}`).toEqual(expectedMembers(fields!, keys, emitted, types));
}

/** Checks one method: its JSDoc, route, headers and cookies by wire name, query wire names and styles, body option, reader and parameter docs. */
function checkMethod(file: SourceFile, holder: ClassDeclaration, doc: Document, key: string, model: MethodModel, path: JsMap, types: JsMap | undefined): void {
  const name = model.name;
  const method = holder.getMethodOrThrow(name);
  const route = String(path.get('path'));
  const base = asString(path.get('base_location'));
  const httpMethod = String(path.get('method') ?? 'GET');
  // A dotted key is the method's full name: `a.b` is method `b` of the resource `a`.
  const wire = [...model.resource, name].join('.') === key ? undefined : `${codeSpanOf(key)} in the API.`;
  const deprecated = path.get('deprecated') === true ? '@deprecated' : undefined;
  expect(docText(method), `JSDoc of ${key}`).toBe(expectedDoc(asString(path.get('description')), `\`${httpMethod} ${base ?? ''}${route}\``, wire, deprecated));
  const call = method.getDescendantsOfKind(SyntaxKind.CallExpression).find((candidate) => candidate.getExpression().getText() === 'this.callApi')!;
  const [methodArg, pathArg, requestArg, readerArg] = call.getArguments();
  expect(evaluate(methodArg!.getText()), `method of ${key}`).toBe(httpMethod);
  expect(readerArg!.getText(), `reader of ${key}`).toBe(expectedReader(path.get('response')));

  const params = expectedParams(key, path, model);
  const pathParams = params.filter((param) => param.in === 'path');
  // Each placeholder evaluates to `{name}` through an identity encodePathParam: the route comes back as written.
  const rebuilt = evaluate(pathArg!.getText(), ['encodePathParam', ...pathParams.map((param) => param.name)], [(part: unknown) => part, ...pathParams.map((param) => `{${param.wire}}`)]);
  expect(rebuilt, `path of ${key}`).toBe(route);

  const request = Node.isObjectLiteralExpression(requestArg) ? new Map(assignments(requestArg)) : new Map<string, Node>();
  // The path's own server goes in the `server` option, which the session maps to the user's hosts.
  const server = request.get('server');
  expect(server === undefined ? undefined : evaluate(server.getText()), `server of ${key}`).toBe(base?.replace(/\/+$/, ''));
  const fixed = headerPairs(path.get('headers'));
  const body = path.get('body');
  const media = body === undefined ? undefined : bodyMedia(body, fixed);
  // A raw body always names the spec's media type (but a wildcard); JSON and text only where it is not the runtime's own.
  const fixedContentType = fixed.some(([name]) => name.toLowerCase() === 'content-type') || params.some((param) => param.in === 'header' && param.wire.toLowerCase() === 'content-type');
  const sendsContentType =
    media !== undefined && !fixedContentType && media.encoding !== 'multipart' && media.encoding !== 'form' &&
    (media.encoding === 'binary' ? !essence(media.mediaType).includes('*') : media.explicit && essence(media.mediaType) !== RUNTIME_CONTENT_TYPES[media.encoding]);
  const contentType: [string, string][] = sendsContentType ? [['Content-Type', media.mediaType]] : [];
  const sent = (location: 'header' | 'cookie'): [string, unknown][] => params.filter((param) => param.in === location).map((param) => [param.wire, marker(param.name)]);
  const options = { headers: {}, cookies: {} };
  expect(evaluatedEntries(request.get('headers'), params, { options }), `headers of ${key}`).toEqual(sortEntries([...fixed, ...contentType, ...sent('header')]));
  expect(evaluatedEntries(request.get('cookies'), params, { options }), `cookies of ${key}`).toEqual(sortEntries(sent('cookie')));

  // The query through queryParams (wire names and styles) or, when names and styles are the wire's, as it is.
  const query = params.filter((param) => param.in === 'query');
  const styles = sortEntries(query.flatMap((param): [string, unknown][] => {
    const style = detailsOf(param.value)?.get('$style');
    return style === undefined || style === 'repeat' ? [] : [[param.wire, style]];
  }));
  const queryArg = Object.fromEntries(query.map((param) => [param.name, marker(param.name)]));
  const params_ = request.get('params');
  if (query.length === 0) expect(params_, `query of ${key}`).toBeUndefined();
  else {
    let called: { values: object; styles: object } | undefined;
    // A style keyed like an Object.prototype member is `as const`, which the JavaScript parser does not read.
    const result = evaluate(params_!.getText().replace(/ as const\b/g, ''), ['query', 'queryParams'], [queryArg, (values: object, given: object) => (called = { values, styles: given })]) as object;
    const got = called === undefined ? { values: sortEntries(Object.entries(result)), styles: [] } : { values: sortEntries(Object.entries(called.values)), styles: sortEntries(Object.entries(called.styles)) };
    expect(got, `query of ${key}`).toEqual({ values: sortEntries(query.map((param): [string, unknown] => [param.wire, marker(param.name)])), styles });
  }

  const requestText = Node.isObjectLiteralExpression(requestArg) ? requestArg.getText() : '';
  if (media !== undefined) {
    const option = { json: /\bjson: body\b/, form: /\bform: body\b/, multipart: /\bmultipart: body\b/, text: /[{ ]body(?:: String\(body\))?[,} ]/, binary: /[{ ]body[,} ]/ }[media.encoding];
    expect(requestText, `body of ${key} sent as ${media.encoding}`).toMatch(option);
  }

  // A response written as a map of keys is a type of its own, with those keys.
  const resultType = method.getReturnTypeNodeOrThrow().asKindOrThrow(SyntaxKind.TypeReference).getTypeArguments()[0]!;
  if (readerArg!.getText() === READERS.json) checkHoisted(file, path.get('response'), resultType, `response of ${key}`, types);

  // Each parameter's JSDoc: its details, and the wire name where it is not the key.
  if (params.length === 0 && body === undefined) return;
  const argsType = method.getParameters()[0]!.getTypeNodeOrThrow().getText();
  const args = file.getInterfaceOrThrow(argsType);
  const bodyType = args.getProperty('body')?.getTypeNode();
  if (bodyType !== undefined && media?.encoding !== 'binary') checkHoisted(file, body, bodyType, `body of ${key}`, types);
  const queryLiteral = args.getProperty('query')?.getTypeNode()?.asKind(SyntaxKind.TypeLiteral);
  for (const param of params) {
    const holder = param.in === 'query' ? queryLiteral?.getProperties().find((property) => keyOf(property.getNameNode()) === param.name) : args.getProperty(param.name);
    expect(holder, `${param.in} parameter ${param.name} of ${key}`).toBeDefined();
    expect(docText(holder!), `JSDoc of ${param.in} parameter ${param.name} of ${key}`).toBe(expectedDetailedDoc(doc, param.at, param.value, wireNote(param)));
  }
}

/** Checks an emitted client against the spec as YAML reads it. */
function checkEmitted(code: string, text: string): void {
  const doc = parseDocument(text, { uniqueKeys: false });
  const spec = asMap(doc.toJS({ mapAsMap: true, maxAliasCount: -1 }))!;
  const file = morph.createSourceFile('client.ts', code, { overwrite: true });
  try {
    // Names as the model checks hand them out: the runtime's imports, the class, its options, then the declared types.
    const typeNames = new UniqueNames(IMPORTED_NAMES);
    const clientName = typeNames.claim(typeName(String(spec.get('client'))));
    typeNames.claim(optionsTypeName(clientName));
    const client = file.getClassOrThrow(clientName);
    expect(docText(client), 'class JSDoc').toBe(expectedDoc(asString(spec.get('description')), 'Options given to the constructor override the defaults from the spec.'));

    const superCall = client.getConstructors()[0]!.getDescendantsOfKind(SyntaxKind.CallExpression).find((call) => call.getExpression().getKind() === SyntaxKind.SuperKeyword)!;
    const defaults = new Map(assignments(superCall.getArguments()[0]!.asKindOrThrow(SyntaxKind.ObjectLiteralExpression)));
    for (const [key, property] of [['base_location', 'baseLocation'], ['endpoint', 'endpoint']] as const) {
      const literal = defaults.get(property);
      expect(literal === undefined ? undefined : evaluate(literal.getText()), key).toBe(spec.get(key));
    }
    expect(stringEntries(defaults.get('headers')), 'session headers').toEqual(headerPairs(spec.get('headers')));
    expect(stringEntries(defaults.get('params')), 'session params').toEqual(headerPairs(spec.get('params')));
    const auth = asMap(spec.get('auth'));
    if (auth !== undefined) {
      const handler = evaluate(defaults.get('auth')!.getText(), ['ApiKeyAuth', 'options'], [function ApiKeyAuth(this: object, given: object) { return given; }, { apiKey: 'key' }]);
      expect(handler, 'api_key auth').toEqual({ name: auth.get('name'), in: auth.get('in'), key: 'key' });
    }

    for (const [name, value] of asMap(spec.get('types')) ?? []) {
      const alias = file.getTypeAliasOrThrow(typeNames.claim(typeName(String(name))));
      expect(docText(alias), `JSDoc of ${String(name)}`).toBe(expectedDetailedDoc(doc, ['types', String(name)], value, alias.getName() === name ? undefined : `${codeSpanOf(String(name))} in the API.`));
      const fields = asMap(typeOf(value));
      if (fields === undefined) continue;
      const literal = alias.getTypeNodeOrThrow();
      const members = literal.getDescendantsOfKind(SyntaxKind.PropertySignature).filter((member) => member.getParent() === literal);
      const keys = [...fields.keys()].map(String).filter((key) => !INDEX_KEY.test(key));
      const emitted = memberKeys(literal);
      expect(emitted, `members of ${String(name)}`).toEqual(expectedMembers(fields, keys, emitted, asMap(spec.get('types'))));
      const at = detailsOf(value) === undefined ? ['types', String(name)] : ['types', String(name), '$type'];
      const present = keys.filter((key) => emitted.some(([member]) => member === splitOptional(key)[0]));
      members.forEach((member, index) => {
        expect(docText(member), `JSDoc of ${String(name)}.${present[index]!}`).toBe(expectedDetailedDoc(doc, [...at, present[index]!], fields.get(present[index]!)));
      });
    }

    const model = compileSpec(text, 'spec.yaml').model!;
    // A method on a resource is found on that resource's class, which the client holds as a field of the resource's name.
    const holderOf = (method: MethodModel): ClassDeclaration => {
      if (method.resource.length === 0) return client;
      const resource = model.resources.find((item) => item.path.join('.') === method.resource.join('.'))!;
      const top = model.resources.find((item) => item.path.length === 1 && item.path[0] === method.resource[0])!;
      expect(client.getPropertyOrThrow(top.path[0]!).getInitializerOrThrow().getText(), `the client's ${top.path[0]!} field`).toBe(`new ${top.className}(this)`);
      return file.getClassOrThrow(resource.className);
    };
    for (const [key, value] of asMap(spec.get('paths')) ?? []) {
      const method = model.methods.find((item) => item.wireName === String(key))!;
      checkMethod(file, holderOf(method), doc, String(key), method, asMap(value)!, asMap(spec.get('types')));
    }
  } finally {
    morph.removeSourceFile(file);
  }
}

function checkRejected(diagnostics: readonly Diagnostic[], specFile: string, text: string): void {
  expect(diagnostics.length).toBeGreaterThan(0);
  const lineCount = text.split('\n').length;
  const head = new RegExp(`^${escapeRegExp(specFile)}:(\\d+):(\\d+): `);
  for (const diagnostic of diagnostics) {
    const formatted = formatDiagnostic(diagnostic);
    // One line each, with nothing a terminal would act on.
    expect(formatted, 'a diagnostic is one printable line').not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
    const match = head.exec(formatted);
    expect(match, formatted).not.toBeNull();
    const line = Number(match![1]);
    expect(line, formatted).toBeGreaterThanOrEqual(1);
    expect(line, formatted).toBeLessThanOrEqual(lineCount + 1);
    expect(Number(match![2]), formatted).toBeGreaterThanOrEqual(1);
    if (!NO_KEY_PATH_OK.has(diagnostic.code)) expect(diagnostic.at, `${formatted} has a key path`).not.toBe('');
  }
}

interface Counts {
  tried: number;
  valid: number;
  mutated: number;
  emitted: number;
  rejected: number;
  failures: number;
}

describe('spec fuzzing', () => {
  const dir = scratch('fuzz');
  const counts: Counts = { tried: 0, valid: 0, mutated: 0, emitted: 0, rejected: 0, failures: 0 };
  const emitted = new Map<string, string>();
  /** Which diagnostics the rejected specs got (first of each spec), by the shape they were built in. */
  const codes: Record<string, number> = {};

  afterAll(() => {
    const summary = { runs: RUNS, seed: SEED, ...counts, codes };
    writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary, null, 2));
    console.log(`spec fuzz: ${counts.tried} specs tried (${counts.valid} valid-shaped, ${counts.mutated} mutated), ${counts.emitted} emitted and type-checked, ${counts.rejected} rejected with positioned errors, failures: ${counts.failures} (runs ${RUNS}, seed ${SEED})`);
  });

  it(`${RUNS} random and mutated specs: positioned errors and nothing written, or strict-clean code with the spec's strings`, async () => {
    let index = 0;
    const property = fc.asyncProperty(specText, async ({ text, shape }) => {
      const id = index++;
      counts.tried++;
      counts[shape]++;
      const specFile = join(dir, 'specs', `s${id}.yaml`);
      const outDir = join(dir, 'out', `o${id}`);
      mkdirSync(join(dir, 'specs'), { recursive: true });
      mkdirSync(outDir, { recursive: true });
      writeFileSync(specFile, text);
      // The spec is what is on disk: a text mutation can split a surrogate pair, which UTF-8 cannot hold.
      const spec = readFileSync(specFile, 'utf8');
      // An earlier output of this spec and an unrelated file: a failed run must leave both alone.
      writeFileSync(join(outDir, `s${id}.ts`), '// an earlier output\n');
      writeFileSync(join(outDir, 'keep.txt'), 'keep\n');
      const before = snapshot(outDir);
      try {
        const result = await generate({ specs: [specFile], outDir });
        if (!result.ok) {
          checkRejected(result.diagnostics, specFile, spec);
          const code = `${shape}:${result.diagnostics[0]!.code}`;
          codes[code] = (codes[code] ?? 0) + 1;
          expect(snapshot(outDir), 'a rejected spec writes nothing').toEqual(before);
          counts.rejected++;
          return;
        }
        const output = join(outDir, `s${id}.ts`);
        const code = readFileSync(output, 'utf8');
        checkEmitted(code, spec);
        emitted.set(output, spec);
        counts.emitted++;
      } catch (error) {
        counts.failures++;
        throw error;
      } finally {
        expectPrototypeClean();
      }
    });
    await fc.assert(property, { numRuns: RUNS, seed: SEED, endOnFailure: !LONG, verbose: 1 });

    // One tsc over every emitted file of the run.
    const files = [...emitted.keys()];
    if (files.length > 0) {
      const run = typeCheck(dir, files);
      const output = run.stdout + run.stderr;
      const broken = [...new Set([...output.matchAll(/^(.+?\.ts)\(\d+,\d+\)/gm)].map((match) => join(dir, match[1]!)))];
      counts.failures += broken.length;
      const shown = broken.slice(0, 3).map((file) => `--- ${file}\n${emitted.get(file) ?? '(spec not found)'}`).join('\n');
      expect(output + shown, 'every emitted client compiles under strict tsc').toBe('');
      expect(run.status).toBe(0);
    }
    expect(counts.emitted, 'enough specs are valid to exercise emitting').toBeGreaterThan(RUNS / 10);
    expect(counts.rejected, 'enough specs are broken to exercise errors').toBeGreaterThan(RUNS / 10);
  }, Math.max(60_000, RUNS * 200));
});

describe('the new grammar: regressions the fuzzer found, and every breaking edit refused', () => {
  /** Specs the fuzzer found emitted code that did not compile or did not carry the spec. */
  const EMITTED: Record<string, string> = {
    // An object-valued query parameter of the default style was passed to `params` as it was, which takes no objects.
    repeatObjectQuery: 'client: Q\npaths:\n  find:\n    path: /find\n    query:\n      filter: "{ state?: string; [key: string]: boolean | string }"\n      any?: unknown\n',
    // A query style keyed `constructor` widened to string: tsc gives Object.prototype names no contextual type.
    prototypeStyle: 'client: P\npaths:\n  find:\n    path: /find\n    query:\n      constructor:\n        $type: string[]\n        $style: space\n      toString?:\n        $type: string[]\n        $style: pipe\n',
    // An intersection beside an index signature: tsc did not see it fit the index type that repeats it.
    intersectionIndex: 'client: I\ntypes:\n  T:\n    p: "{ b?: null } & { b: unknown }"\n    q: "{ x: { b?: null } & { b: unknown } }[]"\n    "[key: string]": stream\npaths: {}\n',
    // A result type mentioning stream or binary did not import ResponseStream or FileInput.
    resultImports: 'client: R\npaths:\n  both:\n    path: /both\n    response: "{ s: stream; f: binary }"\n  stream:\n    path: /s\n    response: "stream | null"\n',
    // Two bodies hoisted to one name (methods that camel-case alike, a declared type of that name) all became the last one.
    hoistedNames: 'client: H\ntypes:\n  ABBody:\n    own: string\n  Uses:\n    x: ABBody\npaths:\n  a-b:\n    method: POST\n    path: /x\n    body:\n      first: string\n  aB:\n    method: POST\n    path: /y\n    body:\n      second: integer\n',
  };

  it('each emits code that compiles under strict tsc and carries the spec', () => {
    const dir = scratch('fuzz-regressions');
    const files = Object.entries(EMITTED).map(([name, spec]) => {
      const { code, diagnostics } = generateSource(spec, `${name}.yaml`);
      expect(diagnostics.filter((diagnostic) => diagnostic.code !== 'renamedDuplicate').map(formatDiagnostic), name).toEqual([]);
      checkEmitted(code!, spec);
      writeFileSync(join(dir, `${name}.ts`), code!);
      return join(dir, `${name}.ts`);
    });
    const hoisted = readFileSync(join(dir, 'hoistedNames.ts'), 'utf8');
    expect(hoisted).toContain('  x: ABBody;');
    expect(hoisted).toMatch(/export type ABBody2 = \{\n {2}first: string;/);
    expect(hoisted).toMatch(/export type ABBody3 = \{\n {2}second: number;/);
    expect(readFileSync(join(dir, 'repeatObjectQuery.ts'), 'utf8')).toContain('params: queryParams({ filter: query.filter, any: query.any }, {})');
    const run = typeCheck(dir, files);
    expect(run.stdout + run.stderr).toBe('');
  });

  it.each([
    ['a text response of a type other than string', 'paths:\n  n:\n    path: /n\n    response:\n      $type: integer\n      $content_type: text/plain\n', 'spec.yaml:6:14: paths.n.response: a text/plain response is read as text, so its type must be string or unknown; got "integer"'],
    ['a header parameter that is also a fixed header', 'paths:\n  h:\n    path: /h\n    headers:\n      X-Id: fixed\n    header_params:\n      x-id: string\n', 'spec.yaml:8:7: paths.h.header_params.x-id: parameter "x-id" is declared twice'],
    ['a Content-Type parameter beside the body\'s $content_type', 'paths:\n  c:\n    method: POST\n    path: /c\n    header_params:\n      Content-Type?: string\n    body:\n      $type: string\n      $content_type: text/csv\n', 'spec.yaml:7:7: paths.c.header_params.Content-Type?: parameter "Content-Type" is declared twice'],
    ['an api_key with an empty name', 'auth: { scheme: api_key, in: header, name: "" }\npaths: {}\n', 'spec.yaml:2:7: auth: an api_key auth needs both "in" (header, query or cookie) and "name"'],
    ['an api_key header name that is not a token', 'auth: { scheme: api_key, in: header, name: "X Key" }\npaths: {}\n', 'spec.yaml:2:44: auth.name: header name "X Key" is not a valid HTTP token'],
    ['an api_key cookie name that is not a token', 'auth: { scheme: api_key, in: cookie, name: "a=b" }\npaths: {}\n', 'spec.yaml:2:44: auth.name: cookie name "a=b" is not a valid HTTP token'],
  ])('refused: %s', (_, body, expected) => {
    const { model, diagnostics } = compileSpec(`client: Api\n${body}`, 'spec.yaml');
    expect(model).toBeUndefined();
    expect(diagnostics.map(formatDiagnostic)).toEqual([expected]);
  });

  it(`each of the ${GRAMMAR_BREAKERS.length} edits that break a new construct is refused with positioned errors`, () => {
    GRAMMAR_BREAKERS.forEach((breaker, index) => {
      const path: YamlMap = new Map([['path', '/p']]);
      const spec: YamlMap = new Map<string, Parameters<typeof toYaml>[0]>([['client', 'Api'], ['paths', new Map([['p', path]])]]);
      breaker(spec, path);
      const text = toYaml(spec);
      const { diagnostics } = compileSpec(text, 'spec.yaml');
      const errors = diagnostics.filter((diagnostic) => diagnostic.code !== 'renamedDuplicate');
      expect(errors.length, `edit ${index}:\n${text}`).toBeGreaterThan(0);
      checkRejected(errors, 'spec.yaml', text);
    });
  });
});

describe('hostile keys and YAML', () => {
  it('__proto__, constructor and prototype keys are plain keys: emitted as own keys, and Object.prototype stays clean', async () => {
    const spec = [
      'client: Proto',
      'headers:',
      '  __proto__: session',
      '  constructor: c',
      'types:',
      '  Thing:',
      '    __proto__: string',
      '    constructor?: integer',
      '    prototype: { polluted: boolean }',
      'paths:',
      '  prototype:',
      '    path: /p/{id}',
      '    query: { __proto__?: string }',
      '    headers: { __proto__: call }',
      '    body: { __proto__: { polluted: string } }',
      '    response: Thing',
      '',
    ].join('\n');
    const { model, diagnostics } = compileSpec(spec, 'proto.yaml');
    expect(diagnostics).toEqual([]);
    expect(model!.headers).toEqual([['__proto__', 'session'], ['constructor', 'c']]);
    const dir = scratch('fuzz-proto');
    writeFileSync(join(dir, 'proto.yaml'), spec);
    const result = await generate({ specs: [join(dir, 'proto.yaml')], outDir: dir });
    expect(result.ok).toBe(true);
    const code = readFileSync(join(dir, 'proto.ts'), 'utf8');
    checkEmitted(code, spec);
    // The emitted headers object really has an own `__proto__` key.
    const headers = evaluate(/headers: (\{[^}]*\})/.exec(code)![1]!.replace('...options.headers', ''), []) as object;
    expect(Object.hasOwn(headers, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(headers)).toBe(Object.prototype);
    const run = typeCheck(dir, [join(dir, 'proto.ts')]);
    expect(run.stdout + run.stderr).toBe('');
    expectPrototypeClean();
  });

  it('__proto__ where no such key is allowed is an unknown key, reported, and pollutes nothing', () => {
    const spec = [
      'client: Proto',
      '__proto__: { polluted: true }',
      'constructor: { prototype: { polluted: true } }',
      'paths:',
      '  __proto__: { path: /x, polluted: true }',
      '  get1:',
      '    path: /y',
      '    __proto__: { polluted: true }',
      '    params: { __proto__: integer }',
      '',
    ].join('\n');
    const { model, diagnostics } = compileSpec(spec, 'proto.yaml');
    expect(model).toBeUndefined();
    const lines = diagnostics.map(formatDiagnostic);
    expect(lines.some((line) => line.startsWith('proto.yaml:2:1: __proto__: unknown key "__proto__"; expected one of client, '))).toBe(true);
    expect(lines.some((line) => line.startsWith('proto.yaml:3:1: constructor: unknown key "constructor"'))).toBe(true);
    expect(lines.some((line) => line.startsWith('proto.yaml:5:') && line.includes(': paths.__proto__.polluted: unknown key'))).toBe(true);
    expect(lines.some((line) => line.startsWith('proto.yaml:8:5: paths.get1.__proto__: unknown key'))).toBe(true);
    expect(lines.some((line) => line.startsWith('proto.yaml:9:15: paths.get1.params.__proto__: '))).toBe(true);
    expectPrototypeClean();
  });

  it('regression: a key holding a line break or a terminal control still gives one printable line per error', () => {
    // Found by the fuzzer: key paths were printed raw, so "a\nb" split the error in two and ESC reached the terminal.
    const spec = 'client: Keys\n"x\\ny\\u001b[31m": 1\ntypes:\n  T:\n    "\\u0085?": string\n    "\\u2028": string\npaths:\n  p:\n    path: /p\n    query:\n      "?": string\n';
    const lines = compileSpec(spec, 'keys.yaml').diagnostics.map(formatDiagnostic);
    expect(lines).toEqual([
      'keys.yaml:2:1: x\\u000ay\\u001b[31m: unknown key "x\\ny\\u001b[31m"; expected one of ' + lines[0]!.split('expected one of ')[1],
      'keys.yaml:11:7: paths.p.query.?: a key needs a name before its "?"',
    ]);
    for (const line of lines) expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
  });

  it('regression: a string ending in a backslash does not confuse the emitter about where strings and comments end', () => {
    // Found by the fuzzer: ts-morph's writer read `'\\'` as an unterminated string, took the `/*`
    // of a later string for a comment and "closed" it with a stray `*/` before the next method.
    const spec = ['client: C', 'headers: { X-A: "\\\\", X-B: "*/ throw 1; /*" }', 'paths:', '  one:', '    path: /r0', '    headers:', '      __proto__: "\\\\"', '      "!": "*/ throw 1; /*"', '  two:', '    path: /r1', ''].join('\n');
    const { code, diagnostics } = generateSource(spec, 'c.yaml');
    expect(diagnostics).toEqual([]);
    expect(code).not.toMatch(/\*\/\s*\/\*\*/);
    expect(code).toContain("['__proto__']: '\\u005c'");
    checkEmitted(code!, spec);
  });

  /** Billion laughs: nine levels of ten aliases each, 10^9 strings if expanded. */
  function bomb(kind: 'list' | 'merge'): string {
    const lines = ['client: Bomb', 'paths: {}'];
    if (kind === 'list') {
      lines.push('a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]');
      for (const [previous, name] of ['ab', 'bc', 'cd', 'de', 'ef', 'fg', 'gh', 'hi']) lines.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]`);
      lines.push('types: { T: *i }');
    } else {
      lines.unshift('%YAML 1.1', '---');
      lines.push('a: &a { l0: lol, l1: lol, l2: lol, l3: lol, l4: lol, l5: lol, l6: lol, l7: lol, l8: lol, l9: lol }');
      for (const [previous, name] of ['ab', 'bc', 'cd', 'de', 'ef', 'fg', 'gh', 'hi']) {
        lines.push(`${name}: &${name} { ${Array.from({ length: 10 }, (_, index) => `k${index}: *${previous}`).join(', ')} }`);
      }
      lines.push('types: { T: { <<: *i } }');
    }
    return `${lines.join('\n')}\n`;
  }

  for (const kind of ['list', 'merge'] as const) {
    it(`a YAML alias bomb (${kind}) is refused with a clear error in well under a second, writing nothing`, async () => {
      const dir = scratch('fuzz-bomb');
      const out = join(dir, 'out');
      mkdirSync(out);
      writeFileSync(join(out, 'bomb.ts'), '// earlier\n');
      writeFileSync(join(dir, 'bomb.yaml'), bomb(kind));
      const started = performance.now();
      const result = await generate({ specs: [join(dir, 'bomb.yaml')], outDir: out });
      const elapsed = performance.now() - started;
      expect(result.ok).toBe(false);
      const lines = result.diagnostics.map(formatDiagnostic);
      expect(lines.some((line) => /bomb\.yaml:\d+:\d+: .*aliases expand to more than 10000 nodes/.test(line)), lines.join('\n')).toBe(true);
      expect(elapsed).toBeLessThan(1000);
      expect(snapshot(out)).toEqual(new Map([['bomb.ts', '// earlier\n']]));
      expectPrototypeClean();
    });
  }
});
