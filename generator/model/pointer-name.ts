/**
 * The type name of a schema that has no name of its own, from where it stands in its document:
 * `#/components/schemas/PushOption/definitions/pushOptionProperty` gives `PushOptionProperty`,
 * the last key that is not OpenAPI's own structure. The OpenAPI front end names a schema so when
 * it refers to itself, and keeps the pointer as its wire name; a spec's `types` key written as
 * such a pointer (as `sessiongen import` writes it) is named the same way.
 */
import { typeName } from './names.js';

const STRUCTURAL = new Set(['schema', 'schemas', 'items', 'properties', 'additionalProperties', 'allOf', 'oneOf', 'anyOf', 'content', 'components', 'prefixItems', 'not']);

export function unescapeSegment(segment: string): string {
  return segment.includes('~') ? segment.replaceAll('~1', '/').replaceAll('~0', '~') : segment;
}

/** `#/a/b` gives `['a', 'b']`; `#` and `#/` give the root. */
export function pointerSegments(pointer: string): string[] {
  const body = pointer.startsWith('#') ? pointer.slice(1) : pointer;
  if (body === '' || body === '/') return [];
  return body.slice(1).split('/').map(unescapeSegment);
}

/** True for a JSON pointer into a document (`#/...`), which no other name looks like. */
export function isPointer(name: string): boolean {
  return name.startsWith('#/');
}

export function pointerTypeName(pointer: string): string {
  const segments = pointerSegments(pointer).filter((segment) => !STRUCTURAL.has(segment) && !/^[0-9]+$/.test(segment));
  return typeName(segments.at(-1) ?? 'Schema');
}
