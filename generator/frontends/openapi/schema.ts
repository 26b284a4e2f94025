/**
 * Schema objects to model types.
 *
 * - `components.schemas` entries (of the main document, and of any other file a `$ref` reaches,
 *   also `definitions` and `$defs`, and another file's top-level keys or the whole file, named
 *   after the key or the file) become named types (`typeName(key)`, made unique here so a
 *   reference can never point at the wrong one); a `$ref` to one is a `named` reference, so
 *   recursive types cost nothing and never recurse here.
 * - Any other `$ref` is read inline; one that leads back into itself is hoisted to a named type
 *   named after its last meaningful pointer segment. A YAML alias that contains itself, or
 *   nesting past `MAX_DEPTH`, is reported instead of overflowing the stack.
 * - `oneOf`/`anyOf` are unions, `allOf` an intersection, with the schema's own type as one more
 *   member; a member that only lists `required` keys is the parent's object with those required. A `discriminator` on a `oneOf`/`anyOf` of `$ref`s adds the discriminating property as
 *   a literal to each member (`Cat & { petType: 'cat' }`), from `mapping` or else the schema's
 *   name, so TypeScript narrows on it; on a base schema without `oneOf` (the allOf-inheritance
 *   style) it only documents, since making the base a union of its children would be a cycle.
 * - `nullable` (3.0) and `null` in a type list (3.1) add `null`; `enum` and `const` are literals.
 * - `format: binary` (and 3.1 `contentMediaType` without `contentEncoding`) is the builtin `binary`.
 */
import { typeName, UniqueNames } from '../../model/names.js';
import { pointerTypeName } from '../../model/pointer-name.js';
import type { FieldModel, NamedTypeModel, TypeRef } from '../../model/types.js';
import { child, Context, entries, isObject, kindOf } from './context.js';
import type { JsonObject, Node } from './context.js';
import { schemaDocs } from './docs.js';
import { pointerSegments } from './pointer.js';

const MAX_DEPTH = 200;
const UNKNOWN: TypeRef = { kind: 'builtin', name: 'unknown' };
const NULL: TypeRef = { kind: 'builtin', name: 'null' };

/** A ref target that is a reusable schema by its place: it gets a name, not an inline copy. */
const NAMED_PLACE = /^#\/(?:components\/schemas|definitions|\$defs)\/[^/]+$/;
/** Pointer segments that say where a schema sits rather than what it is; skipped when naming a hoisted one. */
function typeKey(type: TypeRef): string | undefined {
  if (type.kind === 'builtin' || type.kind === 'named') return `${type.kind}:${type.name}`;
  if (type.kind === 'literal') return `literal:${typeof type.value}:${String(type.value)}`;
  return undefined;
}

/** A union with nested unions flattened and simple duplicates dropped; one member stands alone. */
export function union(members: readonly TypeRef[]): TypeRef {
  if (members.length === 1) return members[0]!;
  const flat: TypeRef[] = [];
  const seen = new Set<string>();
  const add = (member: TypeRef): void => {
    const key = typeKey(member);
    if (key !== undefined) {
      if (seen.has(key)) return;
      seen.add(key);
    }
    flat.push(member);
  };
  for (const member of members) {
    if (member.kind === 'union') for (const inner of member.members) add(inner);
    else add(member);
  }
  if (flat.length === 0) return UNKNOWN;
  return flat.length === 1 ? flat[0]! : { kind: 'union', members: flat };
}

export function intersection(members: readonly TypeRef[]): TypeRef {
  if (members.length === 1) return members[0]!;
  if (members.length === 0) return UNKNOWN;
  const flat: TypeRef[] = [];
  for (const member of members) {
    if (member.kind === 'intersection') flat.push(...member.members);
    else flat.push(member);
  }
  return { kind: 'intersection', members: flat };
}

function literalOf(value: unknown): TypeRef | undefined {
  if (value === null) return NULL;
  if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return { kind: 'literal', value };
  return undefined;
}

/**
 * A oneOf/anyOf member with its own properties that requires keys only the parent declares
 * (`{properties: {status: {enum: [completed]}}, required: [conclusion]}`): the member with those
 * properties copied in, so the requirement is typed. Otherwise the member as it is.
 */
function withInherited(item: Node, parent: JsonObject): Node {
  const member = item.value;
  const own = isObject(member) ? member['properties'] : undefined;
  const inherited = parent['properties'];
  if (!isObject(member) || !isObject(own) || !isObject(inherited) || !Array.isArray(member['required'])) return item;
  const missing = member['required'].filter((key): key is string => typeof key === 'string' && !Object.hasOwn(own, key) && Object.hasOwn(inherited, key));
  if (missing.length === 0) return item;
  return { ...item, value: { ...member, properties: { ...own, ...Object.fromEntries(missing.map((key) => [key, inherited[key]])) } } };
}

export class Schemas {
  readonly #ctx: Context;
  /** Every named type, in the order they were finished. */
  readonly types: NamedTypeModel[] = [];
  readonly #names = new UniqueNames();
  /** Ref target key to its type name. */
  readonly #named = new Map<string, string>();
  /** Inline ref targets already read, and those being read now (with a name once one turned out to contain itself). */
  readonly #inline = new Map<string, TypeRef>();
  readonly #reading = new Map<string, { name: string | undefined }>();
  /**
   * Schema objects on the current path since the last `$ref` (a YAML alias can make a real cycle of
   * objects; a cycle through a `$ref` is the ref's to handle, by name or by hoisting).
   */
  #onPath = new Set<object>();
  #tooDeepReported = false;

  constructor(ctx: Context) {
    this.#ctx = ctx;
  }

  #typeMap: Map<string, TypeRef> | undefined;

  /** The named types so far by name, as the model's type walkers take them. */
  typeMap(): ReadonlyMap<string, TypeRef> {
    if (this.#typeMap === undefined || this.#typeMap.size !== this.types.length) this.#typeMap = new Map(this.types.map((named) => [named.name, named.type]));
    return this.#typeMap;
  }

  /** Whether every value of `type` is `leaf`-like: unions, intersections and named types looked through. */
  #every(type: TypeRef, leaf: (type: TypeRef) => boolean, depth = 0): boolean {
    if (depth > 32) return false;
    if (type.kind === 'union' || type.kind === 'intersection') return type.members.every((member) => this.#every(member, leaf, depth + 1));
    if (type.kind === 'named') {
      const named = this.typeMap().get(type.name);
      return named !== undefined && this.#every(named, leaf, depth + 1);
    }
    return leaf(type);
  }

  /** Strings, numbers or booleans, as a path segment needs. */
  isScalar(type: TypeRef): boolean {
    return this.#every(type, (leaf) => leaf.kind === 'literal' || (leaf.kind === 'builtin' && ['string', 'number', 'integer', 'boolean'].includes(leaf.name)));
  }

  /** Objects, as form and multipart bodies need. */
  isObject(type: TypeRef): boolean {
    return this.#every(type, (leaf) => leaf.kind === 'object');
  }

  /** Names every schema of the main document's `components.schemas` first, then reads them in order. */
  readComponents(schemas: Node): void {
    const list = entries(schemas);
    for (const [key, node] of list) this.#named.set(Context.key(node), this.#names.claim(typeName(key)));
    for (const [key, node] of list) this.#declare(key, node);
  }

  #declare(wireName: string, node: Node): string {
    const name = this.#named.get(Context.key(node))!;
    const type = this.#throughRef(node, 0);
    this.types.push({ name, wireName, type, docs: schemaDocs(node.value), origin: this.#ctx.origin(node) });
    return name;
  }

  /** A ref target's type: the objects on the path so far do not count, the ref itself guards against cycles. */
  #throughRef(node: Node, depth: number): TypeRef {
    const outerPath = this.#onPath;
    this.#onPath = new Set();
    try {
      return this.type(node, depth);
    } finally {
      this.#onPath = outerPath;
    }
  }

  /** The model type of the schema at `node`; `unknown` for a missing or broken one (reported). */
  type(node: Node, depth = 0): TypeRef {
    const value = node.value;
    if (value === undefined || typeof value === 'boolean') return UNKNOWN;
    if (!isObject(value)) {
      this.#ctx.report('wrongType', node, 'a schema object', kindOf(value));
      return UNKNOWN;
    }
    if (depth > MAX_DEPTH) {
      if (!this.#tooDeepReported) this.#ctx.report('schemaTooDeep', node, MAX_DEPTH);
      this.#tooDeepReported = true;
      return UNKNOWN;
    }
    if (this.#onPath.has(value)) {
      this.#ctx.report('unsupportedConstruct', node, 'a YAML alias that contains itself', 'it is typed unknown; use a $ref to a named schema for a recursive type');
      return UNKNOWN;
    }
    this.#onPath.add(value);
    try {
      const ref = value['$ref'];
      const type = typeof ref === 'string' ? this.#ref(node, ref, depth) : this.#schema(node, value, depth);
      return value['nullable'] === true ? union([type, NULL]) : type;
    } finally {
      this.#onPath.delete(value);
    }
  }

  #ref(node: Node, ref: string, depth: number): TypeRef {
    const target = this.#ctx.resolveRef(child(node, '$ref'), ref);
    if (target === undefined) return UNKNOWN;
    const key = Context.key(target);
    const named = this.#named.get(key);
    if (named !== undefined) return { kind: 'named', name: named };
    const otherFile = target.doc !== this.#ctx.main;
    if (NAMED_PLACE.test(target.at) || (otherFile && /^#(\/[^/]+)?$/.test(target.at))) {
      // A reusable schema of another file (a whole file, a top-level key, or components) or a
      // `definitions` entry: named on first use, after its key or the file's name.
      const wireName = pointerSegments(target.at).at(-1) ?? target.doc.relative.replace(/^.*\//, '').replace(/\.(json|ya?ml)$/i, '');
      this.#named.set(key, this.#names.claim(typeName(wireName)));
      return { kind: 'named', name: this.#declare(wireName, target) };
    }
    const cached = this.#inline.get(key);
    if (cached !== undefined) return cached;
    const reading = this.#reading.get(key);
    if (reading !== undefined) {
      reading.name ??= this.#names.claim(pointerTypeName(target.at));
      return { kind: 'named', name: reading.name };
    }
    const entry: { name: string | undefined } = { name: undefined };
    this.#reading.set(key, entry);
    const type = this.#throughRef(target, depth + 1);
    this.#reading.delete(key);
    let result = type;
    if (entry.name !== undefined) {
      this.types.push({ name: entry.name, wireName: target.at, type, docs: schemaDocs(target.value), origin: this.#ctx.origin(target) });
      result = { kind: 'named', name: entry.name };
    }
    this.#inline.set(key, result);
    return result;
  }

  #schema(node: Node, schema: JsonObject, depth: number): TypeRef {
    if (Object.hasOwn(schema, 'const')) {
      const literal = literalOf(schema['const']);
      if (literal !== undefined) return literal;
    }
    if (Array.isArray(schema['enum'])) {
      const literals = schema['enum'].map(literalOf);
      if (literals.every((literal) => literal !== undefined)) return union(literals as TypeRef[]);
      this.#ctx.report('unsupportedConstruct', child(node, 'enum'), 'an enum of objects or lists', 'the schema\'s type is used without its values');
    }
    const types = this.#types(node, schema);
    const own = types === undefined ? undefined : union(types.map((type) => this.#single(node, schema, type, depth)));
    const members: TypeRef[] = [];
    const composed = ['allOf', 'oneOf', 'anyOf'].some((key) => Array.isArray(schema[key]));
    // `type: object` beside allOf/oneOf says nothing the members do not; only real constraints count.
    if (own !== undefined && !(composed && own.kind === 'object' && own.fields.length === 0 && schema['additionalProperties'] === undefined)) members.push(own);
    for (const item of this.#ctx.list(child(node, 'allOf'))) members.push(this.type(item, depth + 1));
    for (const key of ['oneOf', 'anyOf'] as const) {
      const items = this.#ctx.list(child(node, key));
      if (items.length > 0) members.push(union(this.#discriminated(node, schema, items, depth)));
    }
    return intersection(members);
  }

  /** The schema's type names: `type` as written, or what its keys imply; undefined for any value. */
  #types(node: Node, schema: JsonObject): string[] | undefined {
    const type = schema['type'];
    if (typeof type === 'string') return [type];
    if (Array.isArray(type) && type.length > 0 && type.every((item) => typeof item === 'string')) return type as string[];
    if (type !== undefined) {
      // Invalid, but seen in real documents (a property named `type` one level too high): read the rest.
      this.#ctx.report('unsupportedConstruct', child(node, 'type'), `a schema type that is ${kindOf(type)}`, 'the schema is read from its other keys');
    }
    if (schema['properties'] !== undefined || schema['additionalProperties'] !== undefined || schema['patternProperties'] !== undefined) return ['object'];
    if (schema['items'] !== undefined || schema['prefixItems'] !== undefined) return ['array'];
    return undefined;
  }

  #single(node: Node, schema: JsonObject, type: string, depth: number): TypeRef {
    switch (type) {
      case 'string':
        return schema['format'] === 'binary' || (typeof schema['contentMediaType'] === 'string' && schema['contentEncoding'] === undefined && !schema['contentMediaType'].startsWith('text/'))
          ? { kind: 'builtin', name: 'binary' }
          : { kind: 'builtin', name: 'string' };
      case 'integer':
      case 'number':
      case 'boolean':
      case 'null':
        return { kind: 'builtin', name: type };
      case 'array':
        return { kind: 'array', element: this.#element(node, schema, depth) };
      case 'object':
        return this.#object(node, schema, depth);
      default:
        this.#ctx.report('badSchemaType', child(node, 'type'), type);
        return UNKNOWN;
    }
  }

  #element(node: Node, schema: JsonObject, depth: number): TypeRef {
    const items = child(node, 'items');
    if (isObject(items.value)) return this.type(items, depth + 1);
    // 3.1 tuples (`prefixItems`) become an array of any of their members.
    const prefix = this.#ctx.list(child(node, 'prefixItems'));
    if (prefix.length > 0) return union(prefix.map((item) => this.type(item, depth + 1)));
    if (Array.isArray(items.value)) return union(this.#ctx.list(items).map((item) => this.type(item, depth + 1)));
    if (schema['items'] !== undefined && typeof schema['items'] !== 'boolean') this.#ctx.report('wrongType', items, 'a schema object', kindOf(schema['items']));
    return UNKNOWN;
  }

  #object(node: Node, schema: JsonObject, depth: number): TypeRef {
    const required = new Set(Array.isArray(schema['required']) ? schema['required'].filter((key): key is string => typeof key === 'string') : []);
    const properties = child(node, 'properties');
    this.#ctx.object(properties);
    const fields = entries(properties).map(([name, property]): FieldModel => ({
      name,
      optional: !required.has(name),
      type: this.type(property, depth + 1),
      docs: schemaDocs(property.value),
    }));
    const additional = schema['additionalProperties'];
    let extra: TypeRef | undefined;
    if (additional === true || (isObject(additional) && Object.keys(additional).length === 0)) extra = UNKNOWN;
    else if (isObject(additional)) extra = this.type(child(node, 'additionalProperties'), depth + 1);
    else if (additional === undefined && isObject(schema['patternProperties'])) {
      extra = union(entries(child(node, 'patternProperties')).map(([, pattern]) => this.type(pattern, depth + 1)));
    } else if (additional === undefined && fields.length === 0) extra = UNKNOWN;
    return { kind: 'object', fields, extra };
  }

  /**
   * A member that only lists `required` keys of the parent's properties (`oneOf: [{required: [id]},
   * {required: [owner, repo]}]`, GitHub's way to say "one of these sets") is the parent's object
   * with those keys required, so the union says which keys go together.
   */
  #requiredOnly(node: Node, schema: JsonObject, item: Node, depth: number): TypeRef | undefined {
    const member = item.value;
    if (!isObject(member) || !Array.isArray(member['required']) || !isObject(schema['properties'])) return undefined;
    if (Object.keys(member).some((key) => key !== 'required' && key !== 'description' && key !== 'title')) return undefined;
    return this.#object(node, { properties: schema['properties'], required: member['required'], additionalProperties: false }, depth);
  }

  /** oneOf/anyOf members, each `$ref` member with its discriminator value added as a literal property. */
  #discriminated(node: Node, schema: JsonObject, items: readonly Node[], depth: number): TypeRef[] {
    const discriminator = schema['discriminator'];
    const property = isObject(discriminator) && typeof discriminator['propertyName'] === 'string' ? discriminator['propertyName'] : undefined;
    const mapping = isObject(discriminator) && isObject(discriminator['mapping']) ? discriminator['mapping'] : {};
    return items.map((item) => {
      const type = this.#requiredOnly(node, schema, item, depth) ?? this.type(withInherited(item, schema), depth + 1);
      const ref = isObject(item.value) ? item.value['$ref'] : undefined;
      if (property === undefined || typeof ref !== 'string' || type.kind !== 'named') return type;
      const schemaName = ref.slice(ref.lastIndexOf('/') + 1);
      // A mapping value is a full `$ref` or a bare schema name; without one the schema name is the value.
      const values = Object.keys(mapping).filter((value) => mapping[value] === ref || mapping[value] === schemaName);
      // With no mapping, a member that fixes the property itself (OpenAI's `role: { enum: [user] }`)
      // says its own value: the schema name added over it would make the member `never`.
      if (values.length === 0 && fixesProperty(this.#ctx.deref(item)?.value, property)) return type;
      const literals = (values.length > 0 ? values : [schemaName]).map((value): TypeRef => ({ kind: 'literal', value }));
      return intersection([type, { kind: 'object', fields: [{ name: property, optional: false, type: union(literals), docs: {} }], extra: undefined }]);
    });
  }
}

/** Whether a schema gives `property` fixed values of its own (`enum` or `const`). */
function fixesProperty(schema: unknown, property: string): boolean {
  const properties = isObject(schema) ? schema['properties'] : undefined;
  const own = isObject(properties) ? properties[property] : undefined;
  return isObject(own) && (Array.isArray(own['enum']) || own['const'] !== undefined);
}
