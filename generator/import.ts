/**
 * `sessiongen import <document> --out <spec>.yaml`: an OpenAPI document read into the model and
 * printed as the equivalent sessiongen spec (named types from `components.schemas`, one path
 * entry per operation, descriptions kept), so a user can trim it and own it from then on.
 * Generating from the printed spec gives the same client as generating from the document.
 */
import { dirname, join } from 'node:path';
import { DiagnosticSink, type Diagnostic } from './diagnostics.js';
import { isOpenApiDocument } from './frontends/openapi/index.js';
import { printSpec } from './frontends/yaml/print.js';
import { compileSpec, readSpecText, relativeSource, type GenerateResult } from './generate.js';
import { collectGarbage, LARGE_INPUT } from './memory.js';
import { packageRoot } from './package-root.js';
import { writeIfChanged } from './write.js';

export interface ImportOptions {
  /** The OpenAPI document, as the user named it. */
  readonly document: string;
  /** The spec file to write. */
  readonly output: string;
}

export async function importDocument(options: ImportOptions): Promise<GenerateResult> {
  const diagnostics: Diagnostic[] = [];
  let text = await readSpecText(options.document, diagnostics);
  if (text === undefined) return { ok: false, diagnostics, files: [] };
  if (!isOpenApiDocument(text)) {
    const sink = new DiagnosticSink(options.document);
    sink.report('notOpenApi', { line: 1, col: 1 }, '');
    return { ok: false, diagnostics: sink.diagnostics, files: [] };
  }
  const outDir = dirname(options.output);
  const compiled = compileSpec(text, options.document, relativeSource(outDir, options.document));
  diagnostics.push(...compiled.diagnostics);
  if (compiled.model === undefined) return { ok: false, diagnostics, files: [] };
  // The text and the parsed document are garbage now: collected before printing, they do not add to the peak (memory.ts).
  const large = text.length >= LARGE_INPUT;
  text = undefined;
  if (large) collectGarbage();
  const schema = relativeSource(outDir, join(packageRoot(), 'schema/sessiongen.schema.json'));
  const yaml = printSpec(compiled.model, relativeSource(outDir, options.document), schema);
  const status = (await writeIfChanged(options.output, yaml)) ? 'written' : 'unchanged';
  return { ok: true, diagnostics, files: [{ spec: options.document, output: options.output, status, notes: compiled.notes }] };
}
