/**
 * Stage 2: checks a whole spec tree, reporting every problem it finds, and builds the model
 * only when there were none.
 */
import type { DiagnosticSink } from '../diagnostics.js';
import type { MapEntry, SpecNode } from '../load.js';
import { deepFreeze, optionsTypeName, type ClientModel, type MethodModel, type NamedTypeModel, type TypeRef } from '../model.js';
import { closest, IMPORTED_NAMES, isIdentifierName, RESERVED_WORDS } from '../model/names.js';
import { AUTH_SCHEMES, SPEC_KEYS, type AuthScheme } from '../spec-format.js';
import { readCallDefaults } from './call-defaults.js';
import { readHeaders } from './headers.js';
import { checkKeys, describe, expectBoolean, expectMap, expectString, expectWholeNumber, join } from './nodes.js';
import { readPath } from './paths.js';
import { checkTypeName, findTypeCycles, TypeChecker } from './types.js';

const ENDPOINT = /^(?:\/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*)?$/;

function readClientName(node: SpecNode, sink: DiagnosticSink): string | undefined {
  const name = expectString(node, 'client', sink);
  if (name === undefined) return undefined;
  if (!isIdentifierName(name)) sink.report('badIdentifier', node.position, 'client', 'client name', name);
  else if (RESERVED_WORDS.has(name)) sink.report('reservedWord', node.position, 'client', 'client name', name);
  else if (IMPORTED_NAMES.has(name)) sink.report('nameClash', node.position, 'client', name, 'the sessiongen runtime import');
  else return name;
  return undefined;
}

function readBaseLocation(node: SpecNode, sink: DiagnosticSink): string | undefined {
  const value = expectString(node, 'base_location', sink);
  if (value === undefined) return undefined;
  let reason: string | undefined;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') reason = 'the scheme must be http or https';
    else if (url.username !== '' || url.password !== '') reason = 'credentials in the URL are not allowed';
    else if (url.hash !== '') reason = 'a #fragment is never sent';
  } catch {
    reason = 'it does not parse as a URL';
  }
  if (reason === undefined) return value;
  sink.report('badBaseLocation', node.position, 'base_location', value, reason);
  return undefined;
}

function readEndpoint(node: SpecNode, sink: DiagnosticSink): string | undefined {
  const value = expectString(node, 'endpoint', sink);
  if (value !== undefined && !ENDPOINT.test(value)) sink.report('badEndpoint', node.position, 'endpoint', value);
  return value;
}

function readAuthScheme(node: SpecNode, sink: DiagnosticSink): AuthScheme | undefined {
  const value = expectString(node, 'auth', sink);
  if (value === undefined) return undefined;
  const scheme = AUTH_SCHEMES.find((candidate) => candidate === value);
  if (scheme === undefined) sink.report('badAuthScheme', node.position, 'auth', value, closest(value, AUTH_SCHEMES));
  return scheme;
}

function readTypes(node: SpecNode | undefined, sink: DiagnosticSink): { checker: TypeChecker; types: NamedTypeModel[]; entries: readonly MapEntry[] } {
  const map = node === undefined ? undefined : expectMap(node, 'types', sink);
  const entries = map?.entries ?? [];
  const usable = entries.filter((entry) => checkTypeName(entry.key, entry, join('types', entry.key), sink));
  const checker = new TypeChecker(sink, new Set(entries.map((entry) => entry.key)));
  const types: NamedTypeModel[] = [];
  for (const entry of usable) {
    const type = checker.read(entry.value, join('types', entry.key));
    if (type !== undefined) types.push({ name: entry.key, type });
  }
  for (const cycle of findTypeCycles(types)) {
    const first = entries.find((entry) => entry.key === cycle[0])!;
    sink.report('typeCycle', first.keyPosition, join('types', first.key), cycle);
  }
  return { checker, types, entries };
}

/** Two methods with the same HTTP method and path (whatever their placeholders are called). */
function routeKey(method: MethodModel): string {
  return method.httpMethod + ' ' + method.path.map((part) => (part.kind === 'text' ? part.text : '{}')).join('');
}

function routeText(method: MethodModel): string {
  return method.path.map((part) => (part.kind === 'text' ? part.text : `{${part.name}}`)).join('');
}

interface PathsResult {
  readonly methods: MethodModel[];
  /** Interfaces made from bodies and responses written as maps, with the path that made each. */
  readonly types: { readonly type: NamedTypeModel; readonly owner: MapEntry }[];
  readonly entries: readonly MapEntry[];
}

function readPaths(node: SpecNode | undefined, checker: TypeChecker, named: ReadonlyMap<string, TypeRef>, sink: DiagnosticSink): PathsResult {
  const map = node === undefined ? undefined : expectMap(node, 'paths', sink);
  const entries = map?.entries ?? [];
  const methods: MethodModel[] = [];
  const types: PathsResult['types'] = [];
  const routes = new Map<string, string>();
  for (const entry of entries) {
    const result = readPath(entry, { sink, types: checker, named });
    if (result === undefined) continue;
    const method = result.method;
    for (const type of result.types) types.push({ type, owner: entry });
    const key = routeKey(method);
    const other = routes.get(key);
    if (other !== undefined) sink.report('duplicateRoute', entry.keyPosition, join('paths', entry.key), method.httpMethod, routeText(method), join('paths', other));
    else routes.set(key, entry.key);
    methods.push(method);
  }
  return { methods, types, entries };
}

/** Generated names (client, its options, types, argument interfaces) must all differ. */
function checkNameClashes(client: string | undefined, optionsType: string | undefined, typeEntries: readonly MapEntry[], paths: PathsResult, sink: DiagnosticSink): void {
  const owners = new Map<string, string>();
  if (client !== undefined) owners.set(client, 'client');
  if (optionsType !== undefined) owners.set(optionsType, 'the constructor options of the client');
  for (const entry of typeEntries) {
    const owner = owners.get(entry.key);
    if (owner !== undefined) sink.report('nameClash', entry.keyPosition, join('types', entry.key), entry.key, owner);
    else owners.set(entry.key, join('types', entry.key));
  }
  const claim = (name: string, entry: MapEntry, what: string): void => {
    const owner = owners.get(name);
    if (owner !== undefined) sink.report('nameClash', entry.keyPosition, join('paths', entry.key), name, owner);
    else owners.set(name, `the ${what} of ${join('paths', entry.key)}`);
  };
  const entries = new Map(paths.entries.map((entry) => [entry.key, entry]));
  for (const method of paths.methods) {
    if (method.argsType !== undefined) claim(method.argsType, entries.get(method.name)!, 'argument type');
  }
  for (const { type, owner } of paths.types) claim(type.name, owner, 'generated type');
}

/** Checks the spec; returns the model when it is valid, else undefined (the sink has every reason). */
export function validateSpec(root: SpecNode, source: string, sink: DiagnosticSink): ClientModel | undefined {
  if (root.kind !== 'map') {
    sink.report('wrongType', root.position, '', 'a map of spec keys (client, paths, ...)', describe(root));
    return undefined;
  }
  const keys = checkKeys(root, SPEC_KEYS, '', sink);
  const value = (key: keyof typeof SPEC_KEYS): SpecNode | undefined => keys.get(key)?.value;
  const read = <T>(key: keyof typeof SPEC_KEYS, reader: (node: SpecNode) => T): T | undefined => {
    const node = value(key);
    return node === undefined ? undefined : reader(node);
  };

  const client = read('client', (node) => readClientName(node, sink));
  const description = read('description', (node) => expectString(node, 'description', sink));
  const baseLocation = read('base_location', (node) => readBaseLocation(node, sink));
  const endpoint = read('endpoint', (node) => readEndpoint(node, sink));
  const connections = read('connections', (node) => expectWholeNumber(node, 'connections', sink, 1));
  const persistCookies = read('persist_cookies', (node) => expectBoolean(node, 'persist_cookies', sink));
  const headers = read('headers', (node) => readHeaders(node, 'headers', sink)) ?? [];
  const auth = read('auth', (node) => readAuthScheme(node, sink));
  let optionsType = auth === undefined || client === undefined ? undefined : optionsTypeName(client);
  if (optionsType !== undefined && IMPORTED_NAMES.has(optionsType)) {
    sink.report('nameClash', value('client')!.position, 'client', optionsType, 'the sessiongen runtime import');
    optionsType = undefined;
  }
  const defaults = readCallDefaults(keys, '', sink);
  const types = readTypes(value('types'), sink);
  const named = new Map(types.types.map((type) => [type.name, type.type]));
  const paths = readPaths(value('paths'), types.checker, named, sink);
  checkNameClashes(client, optionsType, types.entries, paths, sink);

  if (sink.count > 0 || client === undefined) return undefined;
  return deepFreeze({
    source,
    client,
    description,
    baseLocation,
    endpoint,
    connections,
    persistCookies,
    headers,
    auth,
    optionsType,
    defaults,
    types: [...types.types, ...paths.types.map((item) => item.type)],
    methods: paths.methods,
  });
}
