/**
 * A document read into the model, printed as a sessiongen spec (what `sessiongen import` writes),
 * and read back: the two models emit the same bytes, so a user can import once and own the YAML.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiagnosticSink, formatDiagnostic } from '../../generator/diagnostics.js';
import { emitClient } from '../../generator/emit/client.js';
import { readOpenApi } from '../../generator/frontends/openapi/index.js';
import { readYamlSpec } from '../../generator/frontends/yaml/index.js';
import { printSpec } from '../../generator/frontends/yaml/print.js';
import { checkModel } from '../../generator/model/checks.js';
import { ROOT } from '../generator/helpers.js';
import { REAL_DOCUMENTS } from './real-clients.js';

const EXAMPLES = join(ROOT, 'node_modules/@readme/oas-examples');

/**
 * Documents whose spec does not read back yet, each for a rule of the YAML spec language that the
 * OpenAPI front end does not share (left to the spec language's owner to decide).
 */
const KNOWN: Readonly<Record<string, string>> = {
};

function roundTrip(path: string): { document: string; spec: string; errors: string[] } {
  const sink = new DiagnosticSink(path);
  const draft = readOpenApi(readFileSync(path, 'utf8'), path, 'api.json', sink, () => undefined);
  const model = draft === undefined ? undefined : checkModel(draft, sink);
  if (model === undefined) return { document: '', spec: '', errors: sink.diagnostics.map(formatDiagnostic) };
  const yaml = printSpec(model, path, 'schema.json');
  const back = new DiagnosticSink('spec.yaml');
  const specDraft = readYamlSpec(yaml, 'api.json', back);
  const specModel = specDraft === undefined ? undefined : checkModel(specDraft, back);
  const errors = back.diagnostics.filter((item) => item.severity === 'error').map(formatDiagnostic);
  return { document: emitClient(model), spec: specModel === undefined ? '' : emitClient(specModel), errors };
}

describe('an imported spec generates the same bytes as its document', () => {
  const documents = [...Object.values(REAL_DOCUMENTS), ...['3.0', '3.1'].flatMap((version) => readdirSync(join(EXAMPLES, version, 'json')).filter((name) => name.endsWith('.json') && KNOWN[name] === undefined).map((name) => join(EXAMPLES, version, 'json', name)))];

  it.each(documents.map((path) => [basename(path), path]))('%s', (_, path) => {
    const { document, spec, errors } = roundTrip(path);
    expect(errors).toEqual([]);
    expect(spec === document).toBe(true);
    // GitHub's and Stripe's documents take seconds each way (minutes on a busy machine).
  }, 300_000);
});
