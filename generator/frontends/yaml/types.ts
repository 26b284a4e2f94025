/** Reads types from a spec: text expressions, maps of keys, the detailed `$type` form, and `types`. */
import type { DiagnosticSink } from '../../diagnostics.js';
import { renameTypeRefs } from '../../model/checks.js';
import { closest, typeName, UniqueNames } from '../../model/names.js';
import { isPointer, pointerTypeName } from '../../model/pointer-name.js';
import { NO_DOCS, type Docs, type FieldModel, type TypeRef } from '../../model/types.js';
import type { MapEntry, MapNode, SpecNode } from './load.js';
import { checkKeys, describe, expectBoolean, expectString, join, offsetPosition } from './nodes.js';
import { BUILTIN_TYPES, DETAIL_KEYS, TYPE_FORM_KEYS, type DetailKey } from './spec-format.js';
import { parseTypeExpression } from './type-expr.js';

/** `[key: string]` as a map key: the type of every key not named. */
const INDEX_KEY = /^\[\s*[A-Za-z_$][A-Za-z0-9_$]*\s*:\s*string\s*\]$/;

/** A type with what its detailed form said about it. */
export interface DetailedType {
  readonly type: TypeRef;
  readonly docs: Docs;
  /** The detail keys given, for the caller to read the context-specific ones (`$style`, `$content_type`). */
  readonly details: ReadonlyMap<string, MapEntry>;
}

const NO_DETAILS: ReadonlyMap<string, MapEntry> = new Map();

/** The detail keys every type may carry; `$style` and `$content_type` only where the caller allows them. */
const COMMON_DETAILS: readonly DetailKey[] = [...TYPE_FORM_KEYS, '$summary', '$description', '$format', '$default', '$deprecated', '$read_only', '$write_only'];

function isDetailed(node: SpecNode): node is MapNode {
  return node.kind === 'map' && node.entries.some((entry) => (TYPE_FORM_KEYS as readonly string[]).includes(entry.key));
}

/** A YAML value as JSON text; a plain number keeps the text written (`1.10` stays `1.10`). */
function jsonText(node: SpecNode): string {
  return node.kind === 'scalar' && typeof node.value === 'number' && node.source !== undefined ? node.source : JSON.stringify(jsonValue(node));
}

function jsonValue(node: SpecNode): unknown {
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'list') return node.items.map(jsonValue);
  return Object.fromEntries(node.entries.map((entry) => [entry.key, jsonValue(entry.value)]));
}

export class TypeChecker {
  constructor(
    private readonly sink: DiagnosticSink,
    /** Every name declared under `types`, to its TypeScript name; known before any type is read so order does not matter. */
    private readonly declared: ReadonlyMap<string, string>,
  ) {}

  /** A type: text such as `Pet[] | null`, a map of keys (`name?` for optional) to types, or the detailed form. */
  read(node: SpecNode, at: string): TypeRef | undefined {
    return this.readDetailed(node, at)?.type;
  }

  /** A type and its docs; `extra` names the context-specific detail keys allowed here. */
  readDetailed(node: SpecNode, at: string, extra: readonly DetailKey[] = []): DetailedType | undefined {
    if (isDetailed(node)) return this.#details(node, at, extra);
    const type = this.#plain(node, at);
    return type === undefined ? undefined : { type, docs: NO_DOCS, details: NO_DETAILS };
  }

  #plain(node: SpecNode, at: string): TypeRef | undefined {
    if (node.kind === 'map') return this.readObject(node, at);
    if (node.kind !== 'scalar' || typeof node.value !== 'string') {
      this.sink.report('wrongType', node.position, at, 'a type name, a map of keys to types, or a map with $type', describe(node));
      return undefined;
    }
    const parsed = parseTypeExpression(node.value);
    if (!parsed.ok) {
      this.sink.report('badTypeSyntax', offsetPosition(node, parsed.offset), at, node.value, parsed.reason);
      return undefined;
    }
    let known = true;
    for (const use of parsed.names) {
      if (this.declared.has(use.name)) continue;
      known = false;
      const suggestion = closest(use.name, [...this.declared.keys(), ...Object.keys(BUILTIN_TYPES)]);
      this.sink.report('unknownType', offsetPosition(node, use.offset), at, use.name, suggestion);
    }
    if (!known) return undefined;
    return parsed.names.length === 0 ? parsed.type : renameTypeRefs(parsed.type, (name) => this.declared.get(name) ?? name);
  }

  #details(map: MapNode, at: string, extra: readonly DetailKey[]): DetailedType | undefined {
    const before = this.sink.count;
    const allowed: Partial<Record<DetailKey, (typeof DETAIL_KEYS)[DetailKey]>> = {};
    for (const key of [...COMMON_DETAILS, ...extra]) allowed[key] = DETAIL_KEYS[key];
    const keys = checkKeys(map, allowed, at, this.sink);
    const forms = TYPE_FORM_KEYS.filter((key) => keys.has(key));
    if (forms.length > 1) this.sink.report('typeFormTwice', keys.get(forms[1]!)!.keyPosition, join(at, forms[1]!), forms);
    const type = this.#form(forms[0]!, keys.get(forms[0]!)!.value, join(at, forms[0]!));
    const text = (key: DetailKey): string | undefined => {
      const entry = keys.get(key);
      return entry === undefined ? undefined : expectString(entry.value, join(at, key), this.sink);
    };
    const flag = (key: DetailKey): boolean | undefined => {
      const entry = keys.get(key);
      return entry === undefined ? undefined : expectBoolean(entry.value, join(at, key), this.sink);
    };
    const defaultEntry = keys.get('$default');
    const defaultValue = defaultEntry === undefined ? undefined : jsonText(defaultEntry.value);
    const docs: Docs = {
      ...optional('summary', text('$summary')),
      ...optional('description', text('$description')),
      ...optional('format', text('$format')),
      ...optional('defaultValue', defaultValue),
      ...optional('deprecated', flag('$deprecated')),
      ...optional('readOnly', flag('$read_only')),
      ...optional('writeOnly', flag('$write_only')),
    };
    if (type === undefined || this.sink.count !== before) return undefined;
    return { type, docs, details: keys };
  }

  /** What one of the type-form keys holds: a type, an array of one, or a union or intersection of a list of them. */
  #form(key: (typeof TYPE_FORM_KEYS)[number], node: SpecNode, at: string): TypeRef | undefined {
    if (key === '$type') return this.#plain(node, at);
    if (key === '$items') {
      const element = this.read(node, at);
      return element === undefined ? undefined : { kind: 'array', element };
    }
    if (node.kind !== 'list' || node.items.length === 0) {
      this.sink.report('wrongType', node.position, at, 'a list of types', describe(node));
      return undefined;
    }
    const members = node.items.map((item, index) => this.read(item, `${at}[${index}]`));
    if (!members.every((member): member is TypeRef => member !== undefined)) return undefined;
    return { kind: key === '$one_of' ? 'union' : 'intersection', members };
  }

  /** A map of keys to types; a key ending in `?` is optional (`"?"` the empty key), and `[key: string]` types every other key. */
  readObject(map: MapNode, at: string): TypeRef | undefined {
    const fields: FieldModel[] = [];
    const seen = new Map<string, MapEntry>();
    let extra: TypeRef | undefined;
    let ok = true;
    for (const entry of map.entries) {
      const fieldAt = join(at, entry.key);
      if (INDEX_KEY.test(entry.key)) {
        extra = this.read(entry.value, fieldAt);
        ok &&= extra !== undefined;
        continue;
      }
      // JSON allows an empty key: `""` is a required one, `"?"` an optional one.
      const optional = entry.key.endsWith('?');
      const name = optional ? entry.key.slice(0, -1) : entry.key;
      const first = seen.get(name);
      if (first !== undefined) {
        this.sink.report('duplicateKey', entry.keyPosition, fieldAt, name, first.keyPosition);
        ok = false;
        continue;
      }
      seen.set(name, entry);
      const detailed = this.readDetailed(entry.value, fieldAt);
      if (detailed === undefined) ok = false;
      else fields.push({ name, optional, type: detailed.type, docs: detailed.docs });
    }
    return ok ? { kind: 'object', fields, extra } : undefined;
  }
}

/** `{ key: value }` when the value is there, else nothing: for building objects without undefined keys. */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/**
 * The TypeScript name of each declared type, by the naming rule; of two that come out the same,
 * the later takes a suffix (with a warning), as the model checks do for every other name.
 */
export function declaredTypeNames(entries: readonly MapEntry[], sink: DiagnosticSink): Map<string, string> {
  const names = new Map<string, string>();
  const unique = new UniqueNames();
  const owners = new Map<string, string>();
  for (const entry of entries) {
    const wanted = isPointer(entry.key) ? pointerTypeName(entry.key) : typeName(entry.key);
    const name = unique.claim(wanted);
    const at = join('types', entry.key);
    if (name !== wanted) sink.report('renamedDuplicate', entry.keyPosition, at, 'type name', wanted, name, `the type ${JSON.stringify(owners.get(wanted))}`);
    owners.set(name, entry.key);
    names.set(entry.key, name);
  }
  return names;
}

/**
 * Whether a type is a plain value that can stand in a URL or header: a string, number or boolean,
 * a literal, or a union or alias of those; arrays of those too when `allowArray`.
 */
export function isScalarType(type: TypeRef, types: ReadonlyMap<string, TypeRef>, allowArray: boolean, seen = new Set<string>()): boolean {
  switch (type.kind) {
    case 'builtin':
      return type.name === 'string' || type.name === 'number' || type.name === 'integer' || type.name === 'boolean';
    case 'literal':
      return true;
    case 'named': {
      const target = types.get(type.name);
      if (target === undefined || seen.has(type.name)) return false;
      return isScalarType(target, types, allowArray, new Set([...seen, type.name]));
    }
    case 'array':
      return allowArray && isScalarType(type.element, types, false, seen);
    case 'union':
      return type.members.every((member) => isScalarType(member, types, allowArray, seen));
    case 'intersection':
    case 'object':
      return false;
  }
}
