/** What the generator tests share: scratch folders, the built CLI, and tsc on emitted code. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = join(ROOT, 'dist/generator/cli.js');
export const TSC = join(ROOT, 'node_modules/.bin/tsc');
export const FIXTURES = join(ROOT, 'fixtures');

/**
 * A fresh folder inside the package (so `sessiongen/runtime` resolves to the package itself, as
 * it does for a user who installed it) under the git-ignored `.vitest-tmp/`.
 */
export function scratch(name: string): string {
  const base = join(ROOT, '.vitest-tmp');
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, `${name}-`));
}

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: readonly string[], cwd: string = ROOT): Run {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The strictest settings a user might compile generated code with. */
export const STRICT_OPTIONS = {
  strict: true,
  noEmit: true,
  target: 'ES2022',
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  lib: ['ES2023', 'ESNext.Disposable'],
  types: ['node'],
  skipLibCheck: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  noImplicitOverride: true,
  noImplicitReturns: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
};

/** Runs `tsc --noEmit` with the strict settings over `files`; returns its output and status. */
export function typeCheck(dir: string, files: readonly string[]): Run {
  const config = join(dir, 'tsconfig.json');
  writeFileSync(config, JSON.stringify({ compilerOptions: STRICT_OPTIONS, files: files.map((file) => relative(dir, file)) }, null, 2));
  const result = spawnSync(TSC, ['-p', config, '--pretty', 'false'], { cwd: dir, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
