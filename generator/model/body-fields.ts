/**
 * The fields a form or multipart body may hold, for the front ends that read how each is written
 * (OpenAPI's `encoding`, the spec's `$encoding`): which names exist, and which hold only scalars.
 */
import type { FieldModel, TypeRef } from './types.js';

/** The fields `type` may hold, through named types, unions and intersections; `open` when it takes keys it does not name. */
function collect(type: TypeRef, types: ReadonlyMap<string, TypeRef>, found: { fields: FieldModel[]; open: boolean }, seen: Set<string>): void {
  if (type.kind === 'named') {
    const target = types.get(type.name);
    if (target === undefined || seen.has(type.name)) return;
    seen.add(type.name);
    collect(target, types, found, seen);
  } else if (type.kind === 'object') {
    found.fields.push(...type.fields);
    if (type.extra !== undefined) found.open = true;
  } else if (type.kind === 'union' || type.kind === 'intersection') {
    for (const member of type.members) collect(member, types, found, seen);
  } else if (type.kind === 'builtin' && type.name === 'unknown') {
    found.open = true;
  }
}

/** Text, numbers, booleans and null, which every style writes alike as `name=value`. */
export function isFormScalar(type: TypeRef, types: ReadonlyMap<string, TypeRef>, seen: ReadonlySet<string> = new Set()): boolean {
  switch (type.kind) {
    case 'literal':
      return true;
    case 'builtin':
      return type.name !== 'unknown' && type.name !== 'stream';
    case 'union':
    case 'intersection':
      return type.members.every((member) => isFormScalar(member, types, seen));
    case 'named': {
      const target = types.get(type.name);
      return target !== undefined && !seen.has(type.name) && isFormScalar(target, types, new Set([...seen, type.name]));
    }
    default:
      return false;
  }
}

/** The fields `type` may hold, first of each name kept; `open` when it also takes keys it does not name. */
export function bodyFields(type: TypeRef, types: ReadonlyMap<string, TypeRef>): { readonly fields: readonly FieldModel[]; readonly open: boolean } {
  const found = { fields: [] as FieldModel[], open: false };
  collect(type, types, found, new Set());
  const byName = new Map<string, FieldModel>();
  for (const field of found.fields) if (!byName.has(field.name)) byName.set(field.name, field);
  return { fields: [...byName.values()], open: found.open };
}
