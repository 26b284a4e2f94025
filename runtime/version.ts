import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * sessiongen's version, from its own package.json: the folder above both `runtime/` (run from
 * source in tests) and `dist/runtime/` (built). Read once, when the runtime loads, so no call pays.
 */
function ownVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (manifest.name === 'sessiongen' && typeof manifest.version === 'string') return manifest.version;
    } catch {
      // No package.json here (or not ours): look one folder up.
    }
    const parent = dirname(dir);
    // Bundled away from its package.json: still a truthful name, with an unknown version.
    if (parent === dir) return '0.0.0';
    dir = parent;
  }
}

export const VERSION: string = ownVersion();

/** Sent with every call unless a session or call header replaces it (a `null` drops it): some APIs (GitHub) refuse calls without one. */
export const DEFAULT_USER_AGENT = `sessiongen/${VERSION}`;
