/** Checks one entry of `paths` and turns it into a method of the model. */
import type { DiagnosticSink } from '../diagnostics.js';
import type { MapEntry, SpecNode } from '../load.js';
import { argsTypeName, pascalCase, resultKindOf, type FieldModel, type MethodModel, type NamedTypeModel, type PathPart, type TypeRef } from '../model.js';
import { isIdentifierName, isReservedMethodName, RESERVED_PARAM_NAMES, RESERVED_WORDS } from '../model/names.js';
import { PATH_KEYS } from '../spec-format.js';
import { readCallDefaults } from './call-defaults.js';
import { readHeaders } from './headers.js';
import { checkKeys, describe, expectMap, expectMethod, expectString, join, offsetPosition } from './nodes.js';
import { isScalarType, type TypeChecker } from './types.js';

/** Characters a path may hold as written (RFC 3986 pchar and `/`), besides `{placeholders}`. */
const PATH_TEXT = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/]|^%[0-9A-Fa-f]{2}/;

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
      else if (!isIdentifierName(name)) sink.report('badPlaceholder', where, at, name);
      else if (RESERVED_WORDS.has(name)) sink.report('reservedWord', where, at, 'path parameter', name);
      else if (RESERVED_PARAM_NAMES.has(name)) sink.report('reservedParamName', where, at, name);
      else if (placeholders.includes(name)) sink.report('duplicatePlaceholder', where, at, name);
      if (text !== '') parts.push({ kind: 'text', text });
      text = '';
      parts.push({ kind: 'param', name });
      placeholders.push(name);
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

function readParams(node: SpecNode, template: PathTemplate, path: string, at: string, types: TypeChecker, named: ReadonlyMap<string, TypeRef>, sink: DiagnosticSink): FieldModel[] | undefined {
  const map = expectMap(node, at, sink);
  if (map === undefined) return undefined;
  const declared = new Map<string, TypeRef>();
  let ok = true;
  for (const entry of map.entries) {
    const paramAt = join(at, entry.key);
    if (!template.placeholders.includes(entry.key)) {
      sink.report('paramWithoutPlaceholder', entry.keyPosition, paramAt, entry.key, path);
      ok = false;
      continue;
    }
    const type = types.read(entry.value, paramAt);
    if (type === undefined) ok = false;
    else if (!isScalarType(type, named, false)) {
      sink.report('notScalarType', entry.value.position, paramAt, 'a path parameter', describe(entry.value));
      ok = false;
    } else declared.set(entry.key, type);
  }
  if (!ok) return undefined;
  // Placeholders keep the path's order; one without a declared type is a string.
  return template.placeholders.map((name) => ({ name, optional: false, type: declared.get(name) ?? { kind: 'builtin', name: 'string' } }));
}

function readQuery(node: SpecNode, at: string, types: TypeChecker, named: ReadonlyMap<string, TypeRef>, sink: DiagnosticSink): FieldModel[] | undefined {
  const map = expectMap(node, at, sink);
  if (map === undefined) return undefined;
  const fields = types.readFields(map, at);
  if (fields === undefined) return undefined;
  let ok = true;
  for (const [index, field] of fields.entries()) {
    if (isScalarType(field.type, named, true)) continue;
    const entry = map.entries[index]!;
    sink.report('notScalarType', entry.value.position, join(at, entry.key), 'a query parameter', describe(entry.value));
    ok = false;
  }
  return ok ? fields : undefined;
}

/**
 * A body or response written as a map becomes a named interface (`CreatePetBody`,
 * `GetPetResponse`), so method signatures stay one readable line.
 */
function readPayload(node: SpecNode, at: string, typeName: string, types: TypeChecker, extra: NamedTypeModel[]): TypeRef | undefined {
  const type = types.read(node, at);
  if (type?.kind !== 'object') return type;
  extra.push({ name: typeName, type });
  return { kind: 'named', name: typeName };
}

export interface PathResult {
  readonly method: MethodModel;
  /** Interfaces made from a body or response written as a map. */
  readonly types: readonly NamedTypeModel[];
}

export interface PathContext {
  readonly sink: DiagnosticSink;
  readonly types: TypeChecker;
  readonly named: ReadonlyMap<string, TypeRef>;
}

/** One path entry to a method, or undefined after reporting why it cannot be one. */
export function readPath(entry: MapEntry, context: PathContext): PathResult | undefined {
  const { sink, types, named } = context;
  const at = join('paths', entry.key);
  const before = sink.count;
  const name = entry.key;
  if (!isIdentifierName(name)) sink.report('badIdentifier', entry.keyPosition, at, 'path name', name);
  else if (isReservedMethodName(name)) sink.report('reservedMethodName', entry.keyPosition, at, name);
  const map = expectMap(entry.value, at, sink);
  if (map === undefined) return undefined;
  const keys = checkKeys(map, PATH_KEYS, at, sink);
  const field = (key: keyof typeof PATH_KEYS): SpecNode | undefined => keys.get(key)?.value;

  const methodNode = field('method');
  const httpMethod = methodNode === undefined ? 'GET' : expectMethod(methodNode, join(at, 'method'), sink);
  const pathNode = field('path');
  const pathText = pathNode === undefined ? undefined : expectString(pathNode, join(at, 'path'), sink);
  const template = pathText === undefined || pathNode === undefined ? undefined : parsePathTemplate(pathText, pathNode, join(at, 'path'), sink);
  const paramsNode = field('params');
  let params: FieldModel[] | undefined = template?.placeholders.map((param) => ({ name: param, optional: false, type: { kind: 'builtin', name: 'string' } }));
  if (paramsNode !== undefined && template !== undefined && pathText !== undefined) {
    params = readParams(paramsNode, template, pathText, join(at, 'params'), types, named, sink);
  }
  const queryNode = field('query');
  const query = queryNode === undefined ? [] : readQuery(queryNode, join(at, 'query'), types, named, sink);
  const bodyNode = field('body');
  const extra: NamedTypeModel[] = [];
  const body = bodyNode === undefined ? undefined : readPayload(bodyNode, join(at, 'body'), `${pascalCase(name)}Body`, types, extra);
  const responseNode = field('response');
  const response = responseNode === undefined ? undefined : readPayload(responseNode, join(at, 'response'), `${pascalCase(name)}Response`, types, extra);
  if (responseNode !== undefined && httpMethod === 'HEAD') sink.report('headResponse', responseNode.position, join(at, 'response'));
  const headersNode = field('headers');
  const headers = headersNode === undefined ? [] : readHeaders(headersNode, join(at, 'headers'), sink);
  const descriptionNode = field('description');
  const description = descriptionNode === undefined ? undefined : expectString(descriptionNode, join(at, 'description'), sink);
  const defaults = readCallDefaults(keys, at, sink);

  if (sink.count !== before || httpMethod === undefined || template === undefined || params === undefined || query === undefined) return undefined;
  const argsRequired = params.length > 0 || body !== undefined || query.some((key) => !key.optional);
  const hasOwnArgs = params.length > 0 || body !== undefined || query.length > 0;
  const method: MethodModel = {
    name,
    argsType: hasOwnArgs ? argsTypeName(name) : undefined,
    description,
    httpMethod,
    path: template.parts,
    params,
    query,
    body,
    headers,
    response,
    resultKind: resultKindOf(response),
    defaults,
    argsRequired,
  };
  return { method, types: extra };
}
