/**
 * Expands spec globs (`specs/*.yaml`, `api/**\/*.yml`) for shells that do not, and for quoted
 * patterns. Node 20 has no fs.glob, and the generator takes no dependency for this.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const MAGIC = /[*?[{]/;

export function isGlob(pattern: string): boolean {
  return MAGIC.test(pattern);
}

function segmentRegExp(segment: string): RegExp {
  let source = '';
  for (let index = 0; index < segment.length; index++) {
    const char = segment[index]!;
    if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '[') {
      const close = segment.indexOf(']', index + 1);
      if (close === -1) source += '\\[';
      else {
        source += `[${segment.slice(index + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        index = close;
      }
    } else if (char === '{') {
      const close = segment.indexOf('}', index + 1);
      if (close === -1) source += '\\{';
      else {
        source += `(?:${segment.slice(index + 1, close).split(',').map((option) => option.replace(/[.+^$()|\\]/g, '\\$&').replace(/\*/g, '[^/]*')).join('|')})`;
        index = close;
      }
    } else source += char.replace(/[.+^$()|\\\]}]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

function entries(dir: string): { name: string; isDirectory: boolean }[] {
  try {
    return readdirSync(dir === '' ? '.' : dir, { withFileTypes: true }).map((entry) => ({ name: entry.name, isDirectory: entry.isDirectory() || (entry.isSymbolicLink() && isDirectory(join(dir, entry.name))) }));
  } catch {
    return [];
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function walk(dir: string, segments: readonly string[], found: Set<string>): void {
  const [segment, ...rest] = segments;
  if (segment === undefined) return;
  if (segment === '**') {
    walk(dir, rest, found);
    for (const entry of entries(dir)) {
      // `**` does not descend into hidden folders or node_modules: specs do not live there.
      if (entry.isDirectory && !entry.name.startsWith('.') && entry.name !== 'node_modules') walk(join(dir, entry.name), segments, found);
    }
    return;
  }
  if (!isGlob(segment)) {
    const path = dir === '' ? segment : join(dir, segment);
    if (rest.length === 0) {
      if (!isDirectory(path) && statOk(path)) found.add(path);
    } else walk(path, rest, found);
    return;
  }
  const pattern = segmentRegExp(segment);
  for (const entry of entries(dir)) {
    if (!pattern.test(entry.name) || (entry.name.startsWith('.') && !segment.startsWith('.'))) continue;
    const path = dir === '' ? entry.name : join(dir, entry.name);
    if (rest.length === 0) {
      if (!entry.isDirectory) found.add(path);
    } else if (entry.isDirectory) walk(path, rest, found);
  }
}

function statOk(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Files matching the pattern, sorted so generation order never depends on the file system. */
export function expandGlob(pattern: string): string[] {
  const normalized = pattern.replace(/\\/g, '/');
  const absolute = normalized.startsWith('/');
  const segments = normalized.split('/').filter((segment) => segment !== '');
  const found = new Set<string>();
  walk(absolute ? '/' : '', segments, found);
  return [...found].sort();
}

/** The folder a pattern's matches all sit under: its segments before the first wildcard. */
export function globBase(pattern: string): string {
  const segments = pattern.replace(/\\/g, '/').split('/');
  const literal: string[] = [];
  for (const segment of segments.slice(0, -1)) {
    if (isGlob(segment)) break;
    literal.push(segment);
  }
  const base = literal.join('/');
  return base === '' ? (pattern.startsWith('/') ? '/' : '.') : base;
}
