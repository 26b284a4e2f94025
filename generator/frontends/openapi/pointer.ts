/**
 * JSON pointers (RFC 6901) as OpenAPI uses them: in `$ref` fragments (URI-encoded, `~0`/`~1`
 * escapes) and in the `at` of every diagnostic (`#/paths/~1repos~1{owner}/get`).
 */

/** One key as a pointer segment: `~` and `/` escaped. */
export function escapeSegment(key: string): string {
  return key.includes('~') || key.includes('/') ? key.replaceAll('~', '~0').replaceAll('/', '~1') : key;
}

import { unescapeSegment } from '../../model/pointer-name.js';

export { pointerSegments, unescapeSegment } from '../../model/pointer-name.js';

/**
 * The segments of a `$ref` fragment (the part after `#`), which is URI-encoded first (`%7B` for
 * `{`), or undefined when it is not a pointer (an anchor name, or a malformed escape).
 */
export function fragmentSegments(fragment: string): string[] | undefined {
  if (fragment === '' || fragment === '/') return [];
  if (!fragment.startsWith('/')) return undefined;
  try {
    return fragment.slice(1).split('/').map((segment) => unescapeSegment(decodeURIComponent(segment)));
  } catch {
    return undefined;
  }
}

export function childPointer(pointer: string, key: string | number): string {
  return `${pointer}/${typeof key === 'number' ? key : escapeSegment(key)}`;
}
