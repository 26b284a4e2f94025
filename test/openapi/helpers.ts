/** Reading small OpenAPI documents in tests: the front end, then the model checks, as the pipeline runs them. */
import { stringify } from 'yaml';
import { DiagnosticSink, formatDiagnostic } from '../../generator/diagnostics.js';
import type { Diagnostic } from '../../generator/diagnostics.js';
import { readOpenApi } from '../../generator/frontends/openapi/index.js';
import { checkModel } from '../../generator/model/checks.js';
import type { ClientModel, MethodModel, NamedTypeModel } from '../../generator/model/types.js';

export interface Read {
  readonly model: ClientModel | undefined;
  readonly diagnostics: readonly Diagnostic[];
  readonly errors: readonly Diagnostic[];
  readonly warnings: readonly Diagnostic[];
  /** The diagnostics as the CLI prints them, for failure messages. */
  readonly printed: string;
}

/** A document with the required keys filled in around `rest`. */
export function doc(rest: Record<string, unknown>): Record<string, unknown> {
  return { openapi: '3.0.3', info: { title: 'Test API', version: '1' }, paths: {}, ...rest };
}

/** Reads `document` (an object is written as JSON, or YAML with `yaml: true`; a string as is); `files` are what `$ref`s can name. */
export function read(document: Record<string, unknown> | string, options: { file?: string; yaml?: boolean; files?: Record<string, string> } = {}): Read {
  const file = options.file ?? (options.yaml === true ? 'api.yaml' : 'api.json');
  const text = typeof document === 'string' ? document : options.yaml === true ? stringify(document) : JSON.stringify(document, null, 2);
  const sink = new DiagnosticSink(file);
  const draft = readOpenApi(text, file, file, sink, (path) => options.files?.[path]);
  const model = draft === undefined ? undefined : checkModel(draft, sink);
  const diagnostics = sink.diagnostics;
  return {
    model,
    diagnostics,
    errors: diagnostics.filter((item) => item.severity === 'error'),
    warnings: diagnostics.filter((item) => item.severity === 'warning'),
    printed: diagnostics.map(formatDiagnostic).join('\n'),
  };
}

/** Reads a document that must give a model with no errors. */
export function model(document: Record<string, unknown> | string, options: Parameters<typeof read>[1] = {}): ClientModel & { readonly warnings: readonly Diagnostic[] } {
  const result = read(document, options);
  if (result.model === undefined) throw new Error(`expected a model, got:\n${result.printed}`);
  return Object.assign(Object.create(null) as object, result.model, { warnings: result.warnings });
}

export function method(client: ClientModel, name: string): MethodModel {
  const found = client.methods.find((item) => item.name === name);
  if (found === undefined) throw new Error(`no method ${name}; have ${client.methods.map((item) => item.name).join(', ')}`);
  return found;
}

export function namedType(client: ClientModel, name: string): NamedTypeModel {
  const found = client.types.find((item) => item.name === name);
  if (found === undefined) throw new Error(`no type ${name}; have ${client.types.map((item) => item.name).join(', ')}`);
  return found;
}

/** One operation at `path`, answering 200 with JSON of `schema`. */
export function jsonOp(operationId: string, schema: unknown): Record<string, unknown> {
  return { operationId, responses: { '200': { description: 'ok', content: { 'application/json': { schema } } } } };
}
