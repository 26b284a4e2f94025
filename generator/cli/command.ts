/**
 * The `sessiongen` command line: `generate <spec or glob>... --out <dir> [--check] [--watch]`, and
 * `import <OpenAPI document> --out <spec>.yaml`.
 * Exit codes: 0 success; 1 a spec is invalid, or --check found a missing or stale file;
 * 2 the command line is wrong (unknown flag, no --out, a spec that does not exist).
 */
import { statSync } from 'node:fs';
import { expandGlob, isGlob } from './glob.js';
import { packageVersion } from '../package-root.js';
import { EXIT_OK, EXIT_USAGE, report, type Print } from './report.js';

const HELP = `Usage: sessiongen generate <spec or glob>... --out <dir> [--check] [--watch]
       sessiongen import <OpenAPI document> --out <spec>.yaml

generate turns YAML specs and OpenAPI 3.0/3.1 documents (JSON or YAML) into typed TypeScript
clients, one .ts file per spec in <dir>. import writes an OpenAPI document as the equivalent
sessiongen spec, to trim and own from then on.

Options:
  -o, --out <dir>  folder for the generated files (required)
      --check      write nothing; fail if a generated file is missing or out of date (for CI)
      --watch      generate, then again on every save of a spec; errors are printed, watching goes on
  -h, --help       show this help
  -v, --version    show the version

Exit codes: 0 done; 1 a spec is invalid or --check found a stale file; 2 a usage error.
Quote globs ('specs/*.yaml') to let sessiongen expand them itself.`;

/** A problem with the command line itself; printed with a pointer to --help. */
export class UsageError extends Error {}

interface Command {
  readonly name: 'generate' | 'import';
  readonly patterns: string[];
  readonly outDir: string;
  readonly check: boolean;
  readonly watch: boolean;
}

type Parsed = { readonly kind: 'help' } | { readonly kind: 'version' } | { readonly kind: 'generate'; readonly command: Command };

function parseArguments(argv: readonly string[]): Parsed {
  const patterns: string[] = [];
  let outDir: string | undefined;
  let check = false;
  let watch = false;
  let name: Command['name'] | undefined;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === '-h' || arg === '--help') return { kind: 'help' };
    if (arg === '-v' || arg === '--version') return { kind: 'version' };
    if (arg === '--check') check = true;
    else if (arg === '--watch') watch = true;
    else if (arg === '-o' || arg === '--out') {
      const value = argv[++index];
      if (value === undefined || value.startsWith('-')) throw new UsageError(`${arg} needs a folder`);
      outDir = value;
    } else if (arg.startsWith('--out=')) outDir = arg.slice('--out='.length);
    else if (arg === '--') patterns.push(...argv.slice(index + 1)), (index = argv.length);
    else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else if (name === undefined) {
      if (arg !== 'generate' && arg !== 'import') throw new UsageError(`unknown command ${JSON.stringify(arg)}; the commands are "generate" and "import"`);
      name = arg;
    } else patterns.push(arg);
  }
  if (name === undefined) throw new UsageError('missing the command "generate" (or "import")');
  if (patterns.length === 0) throw new UsageError(name === 'import' ? 'name the OpenAPI document to import' : 'name at least one spec file or glob');
  if (outDir === undefined || outDir === '') throw new UsageError(name === 'import' ? 'missing --out <spec>.yaml' : 'missing --out <dir>');
  if (check && watch) throw new UsageError('--check and --watch cannot be used together');
  if (name === 'import' && (patterns.length > 1 || isGlob(patterns[0]!) || check || watch)) throw new UsageError('import takes one document and --out, without --check or --watch');
  return { kind: 'generate', command: { name, patterns, outDir, check, watch } };
}

/** Files for the patterns: a glob must match something, a plain name must be a file. */
export function resolveSpecs(patterns: readonly string[]): string[] {
  const specs: string[] = [];
  for (const pattern of patterns) {
    if (isGlob(pattern)) {
      const matches = expandGlob(pattern);
      if (matches.length === 0) throw new UsageError(`no spec matches ${pattern}`);
      specs.push(...matches);
      continue;
    }
    let isFile = false;
    try {
      isFile = statSync(pattern).isFile();
    } catch {
      throw new UsageError(`spec not found: ${pattern}`);
    }
    if (!isFile) throw new UsageError(`${pattern} is not a file (to take every spec in a folder, pass a glob such as '${pattern}/*.yaml')`);
    specs.push(pattern);
  }
  return [...new Set(specs)];
}

/** Runs one command line; returns the exit code. */
export async function main(argv: readonly string[], out: Print, err: Print): Promise<number> {
  let parsed: Parsed;
  let specs: string[];
  try {
    parsed = parseArguments(argv);
    if (parsed.kind === 'help') {
      out(HELP);
      return EXIT_OK;
    }
    if (parsed.kind === 'version') {
      out(packageVersion());
      return EXIT_OK;
    }
    specs = resolveSpecs(parsed.command.patterns);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err(`sessiongen: ${error.message}`);
    err('Run sessiongen --help for usage.');
    return EXIT_USAGE;
  }
  const { command } = parsed;
  if (command.name === 'import') {
    const { importDocument } = await import('../import.js');
    return report(await importDocument({ document: specs[0]!, output: command.outDir }), false, out, err);
  }
  // The pipeline loads the front ends, yaml and the code writer: not for --help, --version
  // or a usage error.
  if (command.watch) {
    const { watchSpecs } = await import('./watch.js');
    await watchSpecs(command.patterns, command.outDir, { out, err, resolve: resolveSpecs });
    return EXIT_OK;
  }
  const { generate } = await import('../generate.js');
  const result = await generate({ specs, outDir: command.outDir, check: command.check });
  return report(result, command.check, out, err);
}

