/**
 * `readOnly` and `writeOnly` as types: what a request sends and what a response holds, without
 * writing every type twice. Runs on the checked model, so both front ends get it (OpenAPI's
 * `readOnly`/`writeOnly`, the spec's `$read_only`/`$write_only`), and emit only prints the result.
 *
 * - In a request (a body, a parameter), a required read-only property is optional: the server
 *   assigns it, the client need not send it. (Optional rather than left out: some documents mark
 *   properties read-only that their servers do take, and a server ignores one it assigns itself.)
 * - In a response (a result, an error, a page's items), write-only properties are left out: the
 *   server never sends them back.
 * - A named type keeps its name for the response form. Where a request needs another form, the
 *   type used only in requests is written in that form under its own name; a type used in both
 *   gets a second declaration for requests, `<Name>Writable` (hey-api's name), only when its forms
 *   differ, directly or through the types it references.
 *
 * Running it again on its own output changes nothing, so a spec printed from the result by
 * `import` generates the same client.
 */
import type { FieldModel, MethodModel, NamedTypeModel, TypeRef } from './types.js';

/** The suffix of a type's request form. */
export const WRITABLE_SUFFIX = 'Writable';

type Direction = 'request' | 'response';

/** Named types referenced anywhere in `type`. */
function references(type: TypeRef, into: Set<string>): Set<string> {
  switch (type.kind) {
    case 'named':
      into.add(type.name);
      break;
    case 'array':
      references(type.element, into);
      break;
    case 'union':
    case 'intersection':
      for (const member of type.members) references(member, into);
      break;
    case 'object':
      for (const field of type.fields) references(field.type, into);
      if (type.extra !== undefined) references(type.extra, into);
      break;
    default:
      break;
  }
  return into;
}

/** Every type reachable from `roots` through `edges`. */
function closure(roots: Iterable<string>, edges: ReadonlyMap<string, ReadonlySet<string>>): Set<string> {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    for (const next of edges.get(name) ?? []) stack.push(next);
  }
  return seen;
}

/** What a method sends (its parameters and body) and what it reads (its result, errors and page items). */
function methodTypes(method: MethodModel, direction: Direction): TypeRef[] {
  if (direction === 'request') return [...method.params.map((param) => param.type), ...(method.body === undefined ? [] : [method.body.type])];
  return [
    ...(method.result.type === undefined ? [] : [method.result.type]),
    ...method.errors.map((error) => error.type),
    ...(method.pagination === undefined ? [] : [method.pagination.itemType]),
  ];
}

export interface DirectionPlan {
  /** The request form's name of each type used in both directions whose forms differ. */
  readonly writable: ReadonlyMap<string, string>;
  /** Types used in requests only: declared in the request form under their own name. */
  readonly requestOnly: ReadonlySet<string>;
  /** Types whose two forms differ; every other type is the same in both. */
  readonly differs: ReadonlySet<string>;
}

class Forms {
  readonly #docs: ReadonlyMap<string, NamedTypeModel['docs']>;
  readonly #writable: ReadonlyMap<string, string>;

  constructor(types: readonly NamedTypeModel[], writable: ReadonlyMap<string, string>) {
    this.#docs = new Map(types.map((named) => [named.name, named.docs]));
    this.#writable = writable;
  }

  /** A property is read-only (write-only) when it says so or the named type it is does. */
  flag(field: FieldModel, key: 'readOnly' | 'writeOnly'): boolean {
    return field.docs[key] === true || (field.type.kind === 'named' && this.#docs.get(field.type.name)?.[key] === true);
  }

  /**
   * The named types `type` references, into `refs`; returns whether the type itself (not through
   * references) has another form in either direction. One walk, since the model can be large.
   */
  scan(type: TypeRef, refs: Set<string>): boolean {
    switch (type.kind) {
      case 'named':
        refs.add(type.name);
        return false;
      case 'array':
        return this.scan(type.element, refs);
      case 'union':
      case 'intersection': {
        let changes = false;
        for (const member of type.members) changes = this.scan(member, refs) || changes;
        return changes;
      }
      case 'object': {
        let changes = type.extra !== undefined && this.scan(type.extra, refs);
        for (const field of type.fields) {
          changes = this.scan(field.type, refs) || changes;
          if (!changes) changes = this.flag(field, 'writeOnly') || (!field.optional && this.flag(field, 'readOnly'));
        }
        return changes;
      }
      default:
        return false;
    }
  }

  /** The type as `direction` has it; returns the same object when nothing changes. */
  form(type: TypeRef, direction: Direction): TypeRef {
    switch (type.kind) {
      case 'named': {
        const writable = direction === 'request' ? this.#writable.get(type.name) : undefined;
        return writable === undefined ? type : { kind: 'named', name: writable };
      }
      case 'array': {
        const element = this.form(type.element, direction);
        return element === type.element ? type : { kind: 'array', element };
      }
      case 'union':
      case 'intersection': {
        const members = type.members.map((member) => this.form(member, direction));
        return members.every((member, index) => member === type.members[index]) ? type : { kind: type.kind, members };
      }
      case 'object': {
        let changed = false;
        const fields: FieldModel[] = [];
        for (const field of type.fields) {
          if (direction === 'response' && this.flag(field, 'writeOnly')) {
            changed = true;
            continue;
          }
          const inner = this.form(field.type, direction);
          const optional = field.optional || (direction === 'request' && this.flag(field, 'readOnly'));
          if (inner === field.type && optional === field.optional) fields.push(field);
          else {
            changed = true;
            fields.push({ ...field, optional, type: inner });
          }
        }
        const extra = type.extra === undefined ? undefined : this.form(type.extra, direction);
        return changed || extra !== type.extra ? { kind: 'object', fields, extra } : type;
      }
      default:
        return type;
    }
  }
}

/**
 * Which types need what: `name(base)` gives the request form's name for a type used both ways
 * (the caller makes it unique). Types are looked at by their model names.
 */
export function planDirections(types: readonly NamedTypeModel[], methods: readonly MethodModel[], name: (base: NamedTypeModel) => string): DirectionPlan {
  const probe = new Forms(types, new Map());
  const edges = new Map<string, Set<string>>();
  // A type whose two forms differ: its own keys do, or a type it references is one of these.
  const differs = new Set<string>();
  for (const named of types) {
    const refs = new Set<string>();
    if (probe.scan(named.type, refs)) differs.add(named.name);
    edges.set(named.name, refs);
  }
  const roots = (direction: Direction): Set<string> => {
    const found = new Set<string>();
    for (const method of methods) for (const type of methodTypes(method, direction)) references(type, found);
    return found;
  };
  const request = closure(roots('request'), edges);
  // Types no request reaches are read as responses have them, and so is everything they reach.
  const response = closure([...roots('response'), ...types.map((named) => named.name).filter((named) => !request.has(named))], edges);
  const referrers = new Map<string, string[]>();
  for (const [from, targets] of edges) {
    for (const target of targets) {
      const list = referrers.get(target);
      if (list === undefined) referrers.set(target, [from]);
      else list.push(from);
    }
  }
  const stack = [...differs];
  while (stack.length > 0) {
    for (const from of referrers.get(stack.pop()!) ?? []) {
      if (differs.has(from)) continue;
      differs.add(from);
      stack.push(from);
    }
  }
  const writable = new Map<string, string>();
  for (const named of types) if (differs.has(named.name) && request.has(named.name) && response.has(named.name)) writable.set(named.name, name(named));
  return { writable, requestOnly: new Set([...request].filter((named) => !response.has(named))), differs };
}

/** The note a request form's JSDoc carries. */
function writableNote(base: NamedTypeModel): string {
  return `\`${base.name}\` as a request sends it: read-only properties optional, write-only ones present.`;
}

/**
 * The model's types and methods with each direction's form applied: named types in their
 * response form (or request form for those only requests use), each `…Writable` declared right
 * after its base, and every method's request side referring to the request forms.
 */
export function applyDirections(types: readonly NamedTypeModel[], methods: readonly MethodModel[], plan: DirectionPlan): { types: NamedTypeModel[]; methods: MethodModel[] } {
  const forms = new Forms(types, plan.writable);
  const reform = (type: TypeRef, direction: Direction): TypeRef => forms.form(type, direction);
  const outTypes: NamedTypeModel[] = [];
  for (const named of types) {
    if (!plan.differs.has(named.name)) {
      outTypes.push(named);
      continue;
    }
    const direction: Direction = plan.requestOnly.has(named.name) ? 'request' : 'response';
    const type = reform(named.type, direction);
    outTypes.push(type === named.type ? named : { ...named, type });
    const writable = plan.writable.get(named.name);
    if (writable === undefined) continue;
    const description = [named.docs.description, writableNote(named)].filter((text) => text !== undefined).join('\n\n');
    outTypes.push({ ...named, name: writable, wireName: writable, type: reform(named.type, 'request'), docs: { ...named.docs, description } });
  }
  const outMethods = methods.map((method): MethodModel => {
    const params = method.params.map((param) => {
      const type = reform(param.type, 'request');
      return type === param.type ? param : { ...param, type };
    });
    const bodyType = method.body === undefined ? undefined : reform(method.body.type, 'request');
    const resultType = method.result.type === undefined ? undefined : reform(method.result.type, 'response');
    const errors = method.errors.map((error) => {
      const type = reform(error.type, 'response');
      return type === error.type ? error : { ...error, type };
    });
    const itemType = method.pagination === undefined ? undefined : reform(method.pagination.itemType, 'response');
    const same = params.every((param, index) => param === method.params[index]) && bodyType === method.body?.type && resultType === method.result.type && errors.every((error, index) => error === method.errors[index]) && itemType === method.pagination?.itemType;
    if (same) return method;
    return {
      ...method,
      params,
      body: method.body === undefined || bodyType === undefined ? method.body : { ...method.body, type: bodyType },
      result: resultType === undefined ? method.result : { ...method.result, type: resultType },
      errors,
      pagination: method.pagination === undefined || itemType === undefined ? method.pagination : { ...method.pagination, itemType },
    };
  });
  return { types: outTypes, methods: outMethods };
}
