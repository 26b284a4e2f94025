/**
 * The YAML front end's last stage: checks a whole spec tree, reporting every problem it finds,
 * and builds the draft model only when there were none. The model checks run after it.
 */
import { readResourceDocs } from './resources.js';
import type { DiagnosticSink } from '../../diagnostics.js';
import { optionsTypeName, typeName } from '../../model/names.js';
import type { ClientModel, ErrorModel, MethodModel, NamedTypeModel, TypeRef } from '../../model/types.js';
import { readCallDefaults } from './call-defaults.js';
import { headerValue, readHeaders, readParams } from './headers.js';
import type { MapEntry, SpecNode } from './load.js';
import { checkKeys, describe, expectBoolean, expectMap, expectString, expectWholeNumber, join, readBaseLocation } from './nodes.js';
import { readPageRule, type PageRule } from './paginate.js';
import { readErrors, readPath } from './paths.js';
import { readAuth, readSecurity, readSecuritySchemes } from './security.js';
import { SPEC_KEYS } from './spec-format.js';
import { declaredTypeNames, TypeChecker } from './types.js';

const ENDPOINT = /^(?:\/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*)?$/;

function readEndpoint(node: SpecNode, sink: DiagnosticSink): string | undefined {
  const value = expectString(node, 'endpoint', sink);
  if (value !== undefined && !ENDPOINT.test(value)) sink.report('badEndpoint', node.position, 'endpoint', value);
  return value;
}

function readTypes(node: SpecNode | undefined, sink: DiagnosticSink): { checker: TypeChecker; types: NamedTypeModel[] } {
  const map = node === undefined ? undefined : expectMap(node, 'types', sink);
  const entries = map?.entries ?? [];
  const names = declaredTypeNames(entries, sink);
  const checker = new TypeChecker(sink, names);
  const types: NamedTypeModel[] = [];
  for (const entry of entries) {
    const at = join('types', entry.key);
    const detailed = checker.readDetailed(entry.value, at);
    if (detailed !== undefined) {
      types.push({ name: names.get(entry.key)!, wireName: entry.key, type: detailed.type, docs: detailed.docs, origin: { file: sink.file, position: entry.keyPosition, at } });
    }
  }
  return { checker, types };
}

/** Two methods with the same HTTP method, path (whatever the placeholders are called) and Accept. */
function routeKey(method: MethodModel): string {
  const accept = headerValue(method.headers, 'accept') ?? '';
  return `${method.httpMethod} ${method.path.map((part) => (part.kind === 'text' ? part.text : '{}')).join('')} ${accept}`;
}

function routeText(method: MethodModel): string {
  return method.path.map((part) => (part.kind === 'text' ? part.text : `{${part.wireName}}`)).join('');
}

function readPaths(node: SpecNode | undefined, checker: TypeChecker, named: ReadonlyMap<string, TypeRef>, shared: { errors: readonly ErrorModel[]; paginate: PageRule | undefined; schemes: readonly string[] }, sink: DiagnosticSink): MethodModel[] {
  const map = node === undefined ? undefined : expectMap(node, 'paths', sink);
  const methods: MethodModel[] = [];
  const routes = new Map<string, MapEntry>();
  for (const entry of map?.entries ?? []) {
    const method = readPath(entry, { sink, types: checker, named, ...shared });
    if (method === undefined) continue;
    const key = routeKey(method);
    const other = routes.get(key);
    // The same route may stand twice when the two ask for different representations (Accept).
    if (other !== undefined) sink.report('duplicateRoute', entry.keyPosition, join('paths', entry.key), method.httpMethod, routeText(method), join('paths', other.key));
    else routes.set(key, entry);
    methods.push(method);
  }
  return methods;
}

/** Reads a spec tree into a draft model; undefined when it has errors (the sink has every reason). */
export function readSpecTree(root: SpecNode, source: string, sink: DiagnosticSink): ClientModel | undefined {
  if (root.kind !== 'map') {
    sink.report('wrongType', root.position, '', 'a map of spec keys (client, paths, ...)', describe(root));
    return undefined;
  }
  const keys = checkKeys(root, SPEC_KEYS, '', sink);
  const read = <T>(key: keyof typeof SPEC_KEYS, reader: (node: SpecNode) => T): T | undefined => {
    const node = keys.get(key)?.value;
    return node === undefined ? undefined : reader(node);
  };

  const clientName = read('client', (node) => expectString(node, 'client', sink));
  const description = read('description', (node) => expectString(node, 'description', sink));
  const baseLocation = read('base_location', (node) => readBaseLocation(node, 'base_location', sink));
  const endpoint = read('endpoint', (node) => readEndpoint(node, sink));
  const connections = read('connections', (node) => expectWholeNumber(node, 'connections', sink, 1));
  const persistCookies = read('persist_cookies', (node) => expectBoolean(node, 'persist_cookies', sink));
  const idempotencyKey = read('idempotency_key', (node) => expectBoolean(node, 'idempotency_key', sink));
  const headers = read('headers', (node) => readHeaders(node, 'headers', sink)) ?? [];
  const params = read('params', (node) => readParams(node, 'params', sink)) ?? [];
  const auth = read('auth', (node) => readAuth(node, 'auth', sink)?.auth);
  const securitySchemes = read('security_schemes', (node) => readSecuritySchemes(node, sink)) ?? [];
  if (keys.has('auth') && keys.has('security_schemes')) sink.report('typeFormTwice', keys.get('security_schemes')!.keyPosition, 'security_schemes', ['auth', 'security_schemes']);
  const schemeNames = securitySchemes.map((scheme) => scheme.wireName);
  const security = read('security', (node) => readSecurity(node, 'security', schemeNames, sink));
  const defaults = readCallDefaults(keys, '', sink);
  const types = readTypes(keys.get('types')?.value, sink);
  const errors = read('errors', (node) => readErrors(node, 'errors', types.checker, sink)) ?? [];
  const paginate = read('paginate', (node) => readPageRule(node, 'paginate', sink));
  const named = new Map(types.types.map((type) => [type.name, type.type]));
  const paths = readPaths(keys.get('paths')?.value, types.checker, named, { errors, paginate, schemes: schemeNames }, sink);
  const resources = read('resources', (node) => readResourceDocs(node, paths, sink)) ?? [];

  if (sink.count > 0 || clientName === undefined) return undefined;
  const name = typeName(clientName);
  const clientEntry = keys.get('client')!;
  return {
    source,
    name,
    optionsType: optionsTypeName(name),
    docs: description === undefined ? {} : { description },
    baseLocation,
    endpoint,
    connections,
    persistCookies,
    idempotencyKey,
    headers,
    params,
    auth,
    securitySchemes,
    security,
    defaults,
    types: types.types,
    methods: paths,
    resources,
    origin: { file: sink.file, position: clientEntry.value.position, at: 'client' },
  };
}
