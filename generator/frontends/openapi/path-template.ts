/**
 * A path key (`/repos/{owner}/{repo}`) split at its placeholders, any name allowed between the
 * braces; the text between them percent-encoded where a spec's path must be (model/path-text.ts).
 */
import { encodePathText } from '../../model/path-text.js';
import type { PathPart } from '../../model/types.js';

export type PathTemplate = { readonly parts: PathPart[]; readonly placeholders: string[] } | { readonly error: string };

export function parsePathTemplate(path: string): PathTemplate {
  const parts: PathPart[] = [];
  const placeholders: string[] = [];
  let index = 0;
  while (index < path.length) {
    const open = path.indexOf('{', index);
    const stray = path.indexOf('}', index);
    if (stray !== -1 && (open === -1 || stray < open)) return { error: `a "}" at ${stray + 1} closes no placeholder` };
    if (open === -1) {
      parts.push({ kind: 'text', text: encodePathText(path.slice(index)) });
      break;
    }
    if (open > index) parts.push({ kind: 'text', text: encodePathText(path.slice(index, open)) });
    const close = path.indexOf('}', open);
    if (close === -1) return { error: `the "{" at ${open + 1} is never closed` };
    const name = path.slice(open + 1, close);
    if (name === '') return { error: 'a {placeholder} has no name' };
    if (name.includes('{')) return { error: `placeholders cannot nest ("{${name}}")` };
    parts.push({ kind: 'param', wireName: name });
    placeholders.push(name);
    index = close + 1;
  }
  return { parts, placeholders };
}
