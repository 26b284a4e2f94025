/**
 * The checks every model goes through, whatever front end made it: names made unique in each
 * namespace (with a warning naming both), request and response forms of types split where
 * `readOnly`/`writeOnly` make them differ (directions.ts), and type aliases that expand into
 * themselves refused.
 * Positions come from each item's origin, so the messages point into the spec or document.
 */
import type { DiagnosticSink } from '../diagnostics.js';
import { applyDirections, planDirections, WRITABLE_SUFFIX } from './directions.js';
import { argsTypeName, errorTypeName, IMPORTED_NAMES, memberName, methodName, qualifiedTypeStem, resourceClassName, UniqueNames } from './names.js';
import type { ClientModel, Docs, FieldModel, MethodModel, NamedTypeModel, Origin, ParamModel, ResourceModel, SecurityModel, TypeRef } from './types.js';
import { deepFreeze, hasArgs, qualifiedName } from './types.js';

/** The same type with every named reference passed through `rename`. */
export function renameTypeRefs(type: TypeRef, rename: (name: string) => string): TypeRef {
  switch (type.kind) {
    case 'named':
      return { kind: 'named', name: rename(type.name) };
    case 'array':
      return { kind: 'array', element: renameTypeRefs(type.element, rename) };
    case 'union':
    case 'intersection':
      return { kind: type.kind, members: type.members.map((member) => renameTypeRefs(member, rename)) };
    case 'object':
      return {
        kind: 'object',
        fields: type.fields.map((field): FieldModel => ({ ...field, type: renameTypeRefs(field.type, rename) })),
        extra: type.extra === undefined ? undefined : renameTypeRefs(type.extra, rename),
      };
    default:
      return type;
  }
}

function claim(names: UniqueNames, wanted: string, what: string, origin: Origin, owners: Map<string, string>, owner: string, sink: DiagnosticSink): string {
  const given = names.claim(wanted);
  if (given !== wanted) sink.reportAt('renamedDuplicate', origin, what, wanted, given, owners.get(wanted) ?? 'the sessiongen runtime');
  owners.set(given, owner);
  return given;
}

/** What a parameter's place adds to its name when another of the argument's keys has it: `idHeader`. */
const PLACE_WORDS: Readonly<Record<ParamModel['in'], string>> = { path: 'Path', header: 'Header', cookie: 'Cookie', query: 'Query' };

/** Keys are compared without letter case: `startTime` beside `StartTime` is as easy to confuse as a duplicate. */
function folded(name: string): string {
  return name.toLowerCase();
}

/**
 * Hands out names that differ from each other by more than letter case, each trying its
 * candidates in order; the API's own names may differ only by case (they are what is sent).
 * The last resort, a counter, is only reached when every candidate that says what it is is taken.
 */
class DistinctNames {
  readonly #folded = new Map<string, string>();
  readonly #exact = new Set<string>();

  /** Takes a name no candidate may have, for `owner`. */
  reserve(name: string, owner: string): void {
    this.#folded.set(folded(name), owner);
    this.#exact.add(name);
  }

  /** The first free candidate (made only when the ones before are taken) and the owner of the first when it was not free. */
  claim(first: string, fallback: () => string, wireName: string, owner: string): { name: string; other: string | undefined } {
    const free = (name: string): boolean => !this.#folded.has(folded(name)) || (name === wireName && !this.#exact.has(name));
    let name = free(first) ? first : undefined;
    if (name === undefined) {
      const next = fallback();
      if (free(next)) name = next;
    }
    // The counter goes before a `_` that keeps a name off a member (`get2_`), so `_` stays last.
    const counted = (suffix: number): string => first.replace(/(_?)$/, `${suffix}$1`);
    for (let suffix = 2; name === undefined; suffix++) if (!this.#folded.has(folded(counted(suffix)))) name = counted(suffix);
    if (!this.#folded.has(folded(name))) this.#folded.set(folded(name), owner);
    this.#exact.add(name);
    return { name, other: name === first ? undefined : this.#folded.get(folded(first)) };
  }
}

/** How many of `items` come out as each name, without letter case. */
function nameCounts<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

/**
 * Parameters of one method: the argument's own keys in one namespace, `query`'s keys in another.
 * Where two keys would come out the same (or differ only by case), a name the rule made gives way
 * first: a query parameter to its wire name (a quoted key: what it sends), any other to its name
 * with its place (`idHeader`).
 */
function uniqueParams(method: MethodModel, sink: DiagnosticSink): ParamModel[] {
  const spaceKey = (param: ParamModel, name: string): string => `${param.in === 'query' ? 'query' : 'top'}:${folded(name)}`;
  const counts = nameCounts(method.params, (param) => spaceKey(param, param.name));
  const spaces = { query: new DistinctNames(), top: new DistinctNames() };
  return method.params.map((param) => {
    const made = param.name !== param.wireName;
    const distinct = param.in === 'query' ? param.wireName : `${param.name}${PLACE_WORDS[param.in]}`;
    const [first, second] = made && counts.get(spaceKey(param, param.name))! > 1 ? [distinct, param.name] : [param.name, distinct];
    const owner = `the ${param.in} parameter ${JSON.stringify(param.wireName)}`;
    const { name, other } = spaces[param.in === 'query' ? 'query' : 'top'].claim(first, () => second, param.wireName, owner);
    if (name === param.name) return param;
    const clash = other ?? method.params.filter((item) => item !== param && spaceKey(item, item.name) === spaceKey(param, param.name)).map((item) => `the ${item.in} parameter ${JSON.stringify(item.wireName)}`)[0] ?? 'another parameter';
    sink.reportAt('renamedDuplicate', param.origin, `${param.in} parameter name`, param.name, name, clash);
    return { ...param, name };
  });
}

/** A method's name from its HTTP method and path (`get /pets/{petId}` gives `getPetsPetId`), as an operation without an operationId gets. */
function routeName(method: MethodModel): string {
  const path = method.path.map((part) => (part.kind === 'text' ? part.text : `{${part.wireName}}`)).join('');
  // `/` alone says nothing: `getRoot`, not a `get` that would look like the Session's.
  return methodName(`${method.httpMethod.toLowerCase()} ${/[A-Za-z0-9]/.test(path) ? path : 'root'}`);
}

/**
 * Method names of one resource, distinct without letter case and from the resources under it:
 * where two come out the same, the API's own name (a source name that is the method's full name)
 * keeps it and the others take their route's name; only when that is taken too (an operationId
 * that is another operation's route name) is a counter left.
 */
function uniqueMethodNames(methods: readonly MethodModel[], children: ReadonlySet<string>, sink: DiagnosticSink): string[] {
  const own = (method: MethodModel): boolean => qualifiedName(method) === method.wireName;
  const counts = nameCounts(methods, (method) => folded(method.name));
  for (const child of children) if (counts.has(folded(child))) counts.set(folded(child), counts.get(folded(child))! + 1);
  const owned = new Set(methods.filter((method) => own(method) && counts.get(folded(method.name))! > 1).map((method) => folded(method.name)));
  const keepers = new Set<string>([...children].map(folded));
  // In a clash, the first of the API's own names keeps it; with none, the first made one does.
  const keeps = methods.map((method) => {
    const key = folded(method.name);
    const keep = counts.get(key)! === 1 || (!keepers.has(key) && (own(method) || !owned.has(key)));
    if (keep) keepers.add(key);
    return keep;
  });
  const names = new DistinctNames();
  for (const child of children) names.reserve(child, `the resource ${JSON.stringify(child)}`);
  const given: string[] = [];
  const onClient = methods[0]?.resource.length === 0;
  const route = (method: MethodModel): string => memberName(routeName(method), onClient);
  // Those that keep their names claim them first, so a route name never takes one.
  for (const pass of [true, false]) {
    methods.forEach((method, index) => {
      if (keeps[index] !== pass) return;
      const owner = `the operation ${JSON.stringify(method.wireName)}`;
      given[index] = (pass ? names.claim(method.name, () => route(method), method.wireName, owner) : names.claim(route(method), () => method.name, method.wireName, owner)).name;
    });
  }
  methods.forEach((method, index) => {
    if (given[index] === method.name) return;
    const other = methods.find((item, at) => at !== index && keeps[at] && folded(item.name) === folded(method.name));
    const clash = other !== undefined ? `the operation ${JSON.stringify(other.wireName)}` : children.has(method.name) ? `the resource ${JSON.stringify(qualifiedName({ resource: method.resource, name: method.name }))}` : 'another operation';
    sink.reportAt('renamedDuplicate', method.origin, 'method name', qualifiedName(method), qualifiedName({ resource: method.resource, name: given[index]! }), clash);
  });
  return given;
}

/**
 * Each method's resource path with `_` where a name would replace a member, and resources that
 * differ only by letter case (tags `Pets` and `pets` give one, but `fooBar` and `foobar` do not)
 * made one, in the spelling met first, with a warning: two objects a letter apart are a trap.
 */
function sameCaseResources(methods: readonly MethodModel[], sink: DiagnosticSink): string[][] {
  const spellings = new Map<string, string>();
  const warned = new Set<string>();
  return methods.map((method) => {
    const path: string[] = [];
    method.resource.forEach((segment, depth) => {
      const name = memberName(segment, depth === 0);
      const key = `${path.map(folded).join('.')}.${folded(name)}`;
      const spelling = spellings.get(key) ?? name;
      spellings.set(key, spelling);
      const wanted = [...path, name].join('.');
      path.push(spelling);
      if (spelling !== name && !warned.has(wanted)) {
        warned.add(wanted);
        sink.reportAt('resourceCase', method.origin, wanted, path.join('.'));
      }
    });
    return path;
  });
}

/**
 * Where each method sits and what it is called there: resource names and method names take `_`
 * where they would replace a member of what holds them, then each resource's method names are
 * made distinct. Returns the final resource path and name of each method.
 */
function placeMethods(methods: readonly MethodModel[], sink: DiagnosticSink): { resource: string[]; name: string }[] {
  const resources = sameCaseResources(methods, sink);
  const key = (path: readonly string[]): string => path.join('.');
  const groups = new Map<string, number[]>();
  const children = new Map<string, Set<string>>();
  resources.forEach((path, index) => {
    const group = groups.get(key(path)) ?? [];
    group.push(index);
    groups.set(key(path), group);
    for (let depth = 0; depth < path.length; depth++) {
      const parent = key(path.slice(0, depth));
      const set = children.get(parent) ?? new Set<string>();
      set.add(path[depth]!);
      children.set(parent, set);
    }
  });
  const placed = resources.map((resource, index) => ({ resource, name: memberName(methods[index]!.name, resource.length === 0) }));
  for (const [group, indexes] of groups) {
    const members = indexes.map((index) => ({ ...methods[index]!, resource: placed[index]!.resource, name: placed[index]!.name }));
    const names = uniqueMethodNames(members, children.get(group) ?? new Set(), sink);
    indexes.forEach((index, at) => {
      placed[index] = { resource: placed[index]!.resource, name: names[at]! };
    });
  }
  return placed;
}

/** One ResourceModel per resource methods sit on (and each resource above one), parents first, with the docs the front end gave. */
function resourceModels(methods: readonly MethodModel[], given: readonly ResourceModel[], claimClass: (path: readonly string[]) => string): ResourceModel[] {
  const docs = new Map<string, Docs>(given.map((resource) => [resource.path.map((segment, depth) => memberName(segment, depth === 0)).join('.'), resource.docs]));
  const seen = new Set<string>();
  const paths: string[][] = [];
  for (const method of methods) {
    for (let depth = 1; depth <= method.resource.length; depth++) {
      const path = method.resource.slice(0, depth);
      if (seen.has(path.join('.'))) continue;
      seen.add(path.join('.'));
      paths.push(path);
    }
  }
  // Parents before children; siblings in the order methods first use them.
  const order = new Map(paths.map((path, index) => [path.join('.'), index]));
  const rank = (path: readonly string[]): number[] => path.map((_, depth) => order.get(path.slice(0, depth + 1).join('.'))!);
  paths.sort((a, b) => {
    const [x, y] = [rank(a), rank(b)];
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
    return x.length - y.length;
  });
  return paths.map((path) => ({ path, className: claimClass(path), docs: docs.get(path.join('.')) ?? {} }));
}

/** Named types reached from `type` without passing through an object or array (where self-reference is fine). */
function directReferences(type: TypeRef, into: string[]): string[] {
  if (type.kind === 'named') into.push(type.name);
  else if (type.kind === 'union' || type.kind === 'intersection') for (const member of type.members) directReferences(member, into);
  return into;
}

/** Aliases that expand into themselves (`A = B`, `B = A | null`): TypeScript rejects them. Each cycle once. */
export function findTypeCycles(types: readonly NamedTypeModel[]): string[][] {
  const byName = new Map(types.map((named) => [named.name, named.type]));
  const done = new Set<string>();
  const cycles: string[][] = [];
  const visit = (name: string, trail: string[]): void => {
    const start = trail.indexOf(name);
    if (start !== -1) {
      cycles.push([...trail.slice(start), name]);
      return;
    }
    if (done.has(name)) return;
    const type = byName.get(name);
    if (type === undefined) return;
    trail.push(name);
    for (const next of directReferences(type, [])) visit(next, trail);
    trail.pop();
    done.add(name);
  };
  for (const named of types) visit(named.name, []);
  return cycles;
}

/** Path parameters first (in placeholder order), then headers, cookies and the query: one order, whatever the source's. */
const PARAM_ORDER: Readonly<Record<ParamModel['in'], number>> = { path: 0, header: 1, cookie: 2, query: 3 };

function isObjectWithFields(type: TypeRef | undefined): type is Extract<TypeRef, { kind: 'object' }> {
  return type?.kind === 'object' && type.fields.length > 0;
}

/**
 * A body or result written inline as an object becomes a named type after its method
 * (`createPet` gives `CreatePetBody`, `getPet` `GetPetResponse`), so signatures stay one line;
 * done here, once, so every front end's output looks the same.
 */
function hoistPayloads(draft: ClientModel): ClientModel {
  const hoisted: NamedTypeModel[] = [];
  // A made name takes a free one now: two types of one name could not be told apart when renamed later.
  const names = new UniqueNames([...IMPORTED_NAMES, draft.name, ...draft.types.map((named) => named.name)]);
  const hoist = (type: TypeRef, method: MethodModel, suffix: 'Body' | 'Response', docs: NamedTypeModel['docs']): TypeRef => {
    const name = names.claim(`${qualifiedTypeStem(method.resource, method.name)}${suffix}`);
    hoisted.push({ name, wireName: name, type, docs, origin: method.origin });
    return { kind: 'named', name };
  };
  const methods = draft.methods.map((method): MethodModel => {
    const params = [...method.params].sort((a, b) => PARAM_ORDER[a.in] - PARAM_ORDER[b.in]);
    const body = method.body !== undefined && isObjectWithFields(method.body.type) ? { ...method.body, type: hoist(method.body.type, method, 'Body', method.body.docs) } : method.body;
    const result = isObjectWithFields(method.result.type) ? { ...method.result, type: hoist(method.result.type, method, 'Response', method.result.docs) } : method.result;
    return { ...method, params, body, result };
  });
  return hoisted.length === 0 ? { ...draft, methods } : { ...draft, types: [...draft.types, ...hoisted], methods };
}

/**
 * Runs the model checks on a front end's model. Returns the model with unique names, frozen, or
 * undefined when a check found an error (the sink has it).
 */
export function checkModel(front: ClientModel, sink: DiagnosticSink): ClientModel | undefined {
  const before = sink.count;
  const draft = hoistPayloads(front);
  // One namespace for everything the file declares at the top: the runtime's imports, the class,
  // its options, the named types, then each method's argument and error types.
  const typeNames = new UniqueNames(IMPORTED_NAMES);
  const owners = new Map<string, string>();
  const client = claim(typeNames, draft.name, 'client name', draft.origin, owners, 'the client class', sink);
  const optionsType = claim(typeNames, draft.optionsType, 'options type name', draft.origin, owners, 'the client options', sink);
  const renamed = new Map<string, string>();
  const types = draft.types.map((named) => {
    const name = claim(typeNames, named.name, 'type name', named.origin, owners, `the type ${JSON.stringify(named.wireName)}`, sink);
    if (name !== named.name) renamed.set(named.name, name);
    return name === named.name ? named : { ...named, name };
  });
  const rename = (name: string): string => renamed.get(name) ?? name;
  const places = placeMethods(draft.methods, sink);
  const methods = draft.methods.map((method, index): MethodModel => {
    const { resource, name } = places[index]!;
    const full = qualifiedName({ resource, name });
    // Only the types the file will declare take a name.
    const argsType = hasArgs(method) ? claim(typeNames, argsTypeName(resource, name), 'argument type name', method.origin, owners, `the argument of ${full}`, sink) : argsTypeName(resource, name);
    const errorType = method.errors.length > 0 ? claim(typeNames, errorTypeName(resource, name), 'error type name', method.origin, owners, `the errors of ${full}`, sink) : errorTypeName(resource, name);
    const retype = renamed.size === 0 ? (type: TypeRef) => type : (type: TypeRef) => renameTypeRefs(type, rename);
    return {
      ...method,
      resource,
      name,
      argsType,
      errorType,
      params: uniqueParams(method, sink).map((param) => ({ ...param, type: retype(param.type) })),
      body: method.body === undefined ? undefined : { ...method.body, type: retype(method.body.type) },
      result: method.result.type === undefined ? method.result : { ...method.result, type: retype(method.result.type) },
      errors: method.errors.map((error) => ({ ...error, type: retype(error.type) })),
    };
  });
  const renamedTypes = renamed.size === 0 ? types : types.map((named) => ({ ...named, type: renameTypeRefs(named.type, rename) }));
  // Request forms take their names last, so a type the source declares always keeps its own.
  const plan = planDirections(renamedTypes, methods, (base) => claim(typeNames, `${base.name}${WRITABLE_SUFFIX}`, 'type name', base.origin, owners, `the request form of ${JSON.stringify(base.wireName)}`, sink));
  const directed = applyDirections(renamedTypes, methods, plan);
  const finalTypes = directed.types;
  for (const cycle of findTypeCycles(finalTypes)) {
    const first = finalTypes.find((named) => named.name === cycle[0])!;
    sink.reportAt('typeCycle', first.origin, cycle);
  }
  // A clash is reported where the resource's first method is, which is what made it.
  const firstOrigins = new Map<string, Origin>();
  for (const method of methods) {
    for (let depth = 1; depth <= method.resource.length; depth++) {
      const key = method.resource.slice(0, depth).join('.');
      if (!firstOrigins.has(key)) firstOrigins.set(key, method.origin);
    }
  }
  const firstOn = (path: readonly string[]): Origin => firstOrigins.get(path.join('.')) ?? draft.origin;
  const resources = resourceModels(methods, draft.resources, (path) => claim(typeNames, resourceClassName(path), `resource ${JSON.stringify(path.join('.'))}'s class name`, firstOn(path), owners, `the resource ${JSON.stringify(path.join('.'))}`, sink));
  const security = defaultSecurity(draft, sink);
  if (sink.count !== before) return undefined;
  return deepFreeze({ ...draft, name: client, optionsType, types: finalTypes, methods: directed.methods, resources, security });
}

/**
 * The client's security where the source defines schemes but nothing names one (no root
 * `security`, no operation's): each scheme as an alternative of its own, so a call sends the
 * first the user gave credentials for, with a warning, rather than none at all.
 */
function defaultSecurity(draft: ClientModel, sink: DiagnosticSink): SecurityModel | undefined {
  if (draft.security !== undefined || draft.securitySchemes.length === 0 || draft.methods.some((method) => method.security !== undefined)) return draft.security;
  const names = draft.securitySchemes.map((scheme) => scheme.wireName);
  sink.reportAt('securityNotNamed', draft.origin, names);
  return names.map((name) => [name]);
}
