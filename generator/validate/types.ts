/** Checks type expressions and the `types` section: names, references, and cycles. */
import type { DiagnosticSink } from '../diagnostics.js';
import type { MapNode, SpecNode } from '../load.js';
import type { FieldModel, NamedTypeModel, TypeRef } from '../model.js';
import { closest, IMPORTED_NAMES, isIdentifierName, RESERVED_TYPE_NAMES, RESERVED_WORDS } from '../model/names.js';
import { BUILTIN_TYPES } from '../spec-format.js';
import { parseTypeExpression } from '../type-expr.js';
import { describe, join, offsetPosition } from './nodes.js';

export class TypeChecker {
  constructor(
    private readonly sink: DiagnosticSink,
    /** Every name declared under `types`, known before any type is read so order does not matter. */
    private readonly declared: ReadonlySet<string>,
  ) {}

  /** A type: text such as `Pet[] | null`, or a map of keys (`name?` for optional) to types. */
  read(node: SpecNode, at: string): TypeRef | undefined {
    if (node.kind === 'map') return this.readObject(node, at);
    if (node.kind !== 'scalar' || typeof node.value !== 'string') {
      this.sink.report('wrongType', node.position, at, 'a type name or a map of keys to types', describe(node));
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
      const suggestion = closest(use.name, [...this.declared, ...Object.keys(BUILTIN_TYPES)]);
      this.sink.report('unknownType', offsetPosition(node, use.offset), at, use.name, suggestion);
    }
    return known ? parsed.type : undefined;
  }

  /** A map of keys to types; a key ending in `?` is optional. */
  readFields(map: MapNode, at: string): FieldModel[] | undefined {
    const fields: FieldModel[] = [];
    const seen = new Map<string, MapNode['entries'][number]>();
    let ok = true;
    for (const entry of map.entries) {
      const optional = entry.key.endsWith('?');
      const name = optional ? entry.key.slice(0, -1) : entry.key;
      const fieldAt = join(at, entry.key);
      if (name === '') {
        this.sink.report('badFieldName', entry.keyPosition, fieldAt);
        ok = false;
        continue;
      }
      const first = seen.get(name);
      if (first !== undefined) {
        this.sink.report('duplicateKey', entry.keyPosition, fieldAt, name, first.keyPosition);
        ok = false;
        continue;
      }
      seen.set(name, entry);
      const type = this.read(entry.value, fieldAt);
      if (type === undefined) ok = false;
      else fields.push({ name, optional, type });
    }
    return ok ? fields : undefined;
  }

  readObject(map: MapNode, at: string): TypeRef | undefined {
    const fields = this.readFields(map, at);
    return fields === undefined ? undefined : { kind: 'object', fields };
  }
}

/** Reports a declared type name that TypeScript or the emitted file cannot use. */
export function checkTypeName(name: string, node: { keyPosition: { line: number; col: number } }, at: string, sink: DiagnosticSink): boolean {
  if (!isIdentifierName(name)) sink.report('badIdentifier', node.keyPosition, at, 'type name', name);
  else if (RESERVED_WORDS.has(name)) sink.report('reservedWord', node.keyPosition, at, 'type name', name);
  else if (RESERVED_TYPE_NAMES.has(name)) sink.report('badTypeName', node.keyPosition, at, name);
  else if (IMPORTED_NAMES.has(name)) sink.report('nameClash', node.keyPosition, at, name, 'the sessiongen runtime import');
  else return true;
  return false;
}

/** Named types reached from `type` without passing through an object (where self-reference is fine). */
function directReferences(type: TypeRef, into: string[]): string[] {
  if (type.kind === 'named') into.push(type.name);
  else if (type.kind === 'array') directReferences(type.element, into);
  else if (type.kind === 'record') directReferences(type.value, into);
  else if (type.kind === 'union') for (const member of type.members) directReferences(member, into);
  return into;
}

/**
 * Finds aliases that expand into themselves (`A: B`, `B: A[]`): TypeScript rejects most and the
 * rest describe no value a server could send. Each cycle is reported once, at its first type.
 */
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

/**
 * Whether a type is a plain value that can stand in a URL: a string, number or boolean, or a
 * union or alias of those; arrays of those too when `allowArray` (query keys repeat).
 */
export function isScalarType(type: TypeRef, types: ReadonlyMap<string, TypeRef>, allowArray: boolean, seen = new Set<string>()): boolean {
  switch (type.kind) {
    case 'builtin':
      return type.name !== 'null' && type.name !== 'unknown';
    case 'named': {
      const target = types.get(type.name);
      if (target === undefined || seen.has(type.name)) return false;
      return isScalarType(target, types, allowArray, new Set([...seen, type.name]));
    }
    case 'array':
      return allowArray && isScalarType(type.element, types, false, seen);
    case 'union':
      return type.members.every((member) => isScalarType(member, types, allowArray, seen));
    case 'object':
    case 'record':
      return false;
  }
}
