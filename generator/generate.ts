/**
 * The whole pipeline: read, validate and emit every spec first, and only when all of them are
 * valid write anything, so a failed run leaves every existing output as it was.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import { DiagnosticSink, type Diagnostic } from './diagnostics.js';
import { emitClient } from './emit/client.js';
import { isOpenApiDocument, readOpenApi } from './frontends/openapi/index.js';
import { readYamlSpec } from './frontends/yaml/index.js';
import { checkModel } from './model/checks.js';
import type { ClientModel } from './model/types.js';
import { collectGarbage, LARGE_INPUT } from './memory.js';
import { pagingSummary } from './paging-summary.js';
import { fileState, writeIfChanged, type FileState } from './write.js';

/** A file a document's `$ref` names, by its path relative to the document's folder; undefined when unreadable. */
function readBeside(file: string, path: string): string | undefined {
  try {
    return readFileSync(join(dirname(file), path), 'utf8');
  } catch {
    return undefined;
  }
}

export interface CompileResult {
  readonly model: ClientModel | undefined;
  readonly diagnostics: readonly Diagnostic[];
  /** What was found in an OpenAPI document rather than written out (the pagination detected), one line each. */
  readonly notes: readonly string[];
}

/**
 * Reads one spec's text into the checked model: the front end, then the model checks. `file`
 * names the spec in messages; `source` is how the emitted header names it (a path relative to
 * the output, so the output is the same on every machine).
 */
export function compileSpec(text: string, file: string, source: string = file): CompileResult {
  const sink = new DiagnosticSink(file);
  // An OpenAPI document is told from a sessiongen spec by its `openapi` (or `swagger`) key.
  const openApi = isOpenApiDocument(text);
  const draft = openApi ? readOpenApi(text, file, source, sink, (path) => readBeside(file, path)) : readYamlSpec(text, source, sink);
  const model = draft === undefined || sink.count !== 0 ? undefined : checkModel(draft, sink);
  const valid = sink.count === 0 ? model : undefined;
  const paging = openApi && valid !== undefined ? pagingSummary(valid.methods) : undefined;
  return { model: valid, diagnostics: sink.diagnostics, notes: paging === undefined ? [] : [paging] };
}

/** One spec's text to TypeScript, or the reasons it cannot be. */
export function generateSource(text: string, file: string, source: string = file): { code: string | undefined; diagnostics: readonly Diagnostic[]; notes: readonly string[] } {
  const { model, diagnostics, notes } = compileSpec(text, file, source);
  return { code: model === undefined ? undefined : emitClient(model), diagnostics, notes };
}

export interface GenerateOptions {
  /** Spec files, as the user named them (messages use these names). */
  readonly specs: readonly string[];
  /** Folder the `.ts` files go to. */
  readonly outDir: string;
  /** Write nothing; report files that are missing or differ from what would be generated. */
  readonly check?: boolean;
  /**
   * What earlier runs made of each spec's text, for runs that follow one another (`--watch`):
   * a spec whose text is unchanged is not compiled again. Every spec is still read, checked
   * for clashes and its output compared, so a run gives what a fresh one would.
   */
  readonly cache?: SpecCache;
}

interface Compiled {
  readonly text: string;
  readonly code: string | undefined;
  readonly diagnostics: readonly Diagnostic[];
  readonly notes: readonly string[];
}

/** Each spec's last text and what it generated; see GenerateOptions.cache. */
export class SpecCache {
  readonly #entries = new Map<string, Compiled>();

  /** What `text` generated last time for this spec and output, if that is the text it had. */
  get(key: string, text: string): Compiled | undefined {
    const entry = this.#entries.get(key);
    return entry?.text === text ? entry : undefined;
  }

  set(key: string, entry: Compiled): void {
    this.#entries.set(key, entry);
  }

  /** Forgets specs no longer matched. */
  keepOnly(keys: ReadonlySet<string>): void {
    for (const key of this.#entries.keys()) if (!keys.has(key)) this.#entries.delete(key);
  }
}

export type OutputStatus = 'written' | 'unchanged' | FileState;

export interface OutputFile {
  readonly spec: string;
  readonly output: string;
  readonly status: OutputStatus;
  /** CompileResult.notes: printed after the file's own line. */
  readonly notes?: readonly string[];
}

export interface GenerateResult {
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  readonly files: readonly OutputFile[];
}

/** `specs/petstore.yaml` gives `petstore.ts`. */
export function outputName(spec: string): string {
  const name = basename(spec);
  const extension = extname(name);
  return `${extension === '' ? name : name.slice(0, -extension.length)}.ts`;
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

interface Planned {
  readonly spec: string;
  readonly output: string;
  readonly code: string;
  readonly notes: readonly string[];
}

/** A spec's text, or undefined with a diagnostic saying why it cannot be read. */
export async function readSpecText(spec: string, diagnostics: Diagnostic[]): Promise<string | undefined> {
  try {
    return await readFile(spec, 'utf8');
  } catch (error) {
    const sink = new DiagnosticSink(spec);
    sink.report('fileUnreadable', { line: 1, col: 1 }, '', (error as Error).message);
    diagnostics.push(...sink.diagnostics);
    return undefined;
  }
}

/** `spec` as a path relative to the folder `dir`, with forward slashes, the same on every machine. */
export function relativeSource(dir: string, spec: string): string {
  return toPosix(relative(resolve(dir), resolve(spec)));
}

/**
 * Reads and compiles one spec. The text (26 MB for GitHub's document, which holds a few
 * characters past Latin-1) is a local here, so it can be collected before emit starts.
 */
async function readAndCompile(spec: string, source: string, diagnostics: Diagnostic[]): Promise<{ readonly model: ClientModel | undefined; readonly notes: readonly string[]; readonly large: boolean }> {
  const text = await readSpecText(spec, diagnostics);
  if (text === undefined) return { model: undefined, notes: [], large: false };
  const result = compileSpec(text, spec, source);
  diagnostics.push(...result.diagnostics);
  return { model: result.model, notes: result.notes, large: text.length >= LARGE_INPUT };
}

async function plan(spec: string, outDir: string, diagnostics: Diagnostic[]): Promise<Planned | undefined> {
  const output = join(outDir, outputName(spec));
  const { model, notes, large } = await readAndCompile(spec, relativeSource(outDir, spec), diagnostics);
  if (model === undefined) return undefined;
  // The text and the parsed document are garbage now: collected before emit, they do not add to the peak (memory.ts).
  if (large) collectGarbage();
  return { spec, output, code: emitClient(model), notes };
}

/** plan(), through the cache: a spec whose text is what it was last run is not compiled again. */
async function planCached(spec: string, outDir: string, diagnostics: Diagnostic[], cache: SpecCache, keys: Set<string>): Promise<Planned | undefined> {
  const output = join(outDir, outputName(spec));
  const source = relativeSource(outDir, spec);
  const key = `${resolve(spec)}\u0000${source}`;
  keys.add(key);
  const text = await readSpecText(spec, diagnostics);
  if (text === undefined) return undefined;
  let entry = cache.get(key, text);
  if (entry === undefined) {
    const result = generateSource(text, spec, source);
    entry = { text, code: result.code, diagnostics: result.diagnostics, notes: result.notes };
    cache.set(key, entry);
  }
  diagnostics.push(...entry.diagnostics);
  return entry.code === undefined ? undefined : { spec, output, code: entry.code, notes: entry.notes };
}

function findOutputClashes(planned: readonly Planned[], diagnostics: Diagnostic[]): void {
  const owners = new Map<string, string>();
  for (const item of planned) {
    const key = resolve(item.output);
    const other = owners.get(key);
    if (other === undefined) {
      owners.set(key, item.spec);
      continue;
    }
    const sink = new DiagnosticSink(item.spec);
    sink.report('outputClash', { line: 1, col: 1 }, '', item.output, other);
    diagnostics.push(...sink.diagnostics);
  }
}

export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const diagnostics: Diagnostic[] = [];
  const planned: Planned[] = [];
  const keys = new Set<string>();
  for (const spec of options.specs) {
    const item = options.cache === undefined ? await plan(spec, options.outDir, diagnostics) : await planCached(spec, options.outDir, diagnostics, options.cache, keys);
    if (item !== undefined) planned.push(item);
  }
  options.cache?.keepOnly(keys);
  findOutputClashes(planned, diagnostics);
  if (diagnostics.some((diagnostic) => diagnostic.severity === 'error')) return { ok: false, diagnostics, files: [] };

  const files: OutputFile[] = [];
  for (const item of planned) {
    const status: OutputStatus = options.check
      ? await fileState(item.output, item.code)
      : (await writeIfChanged(item.output, item.code)) ? 'written' : 'unchanged';
    files.push({ spec: item.spec, output: item.output, status, notes: item.notes });
  }
  const ok = files.every((file) => file.status !== 'missing' && file.status !== 'stale');
  return { ok, diagnostics, files };
}
