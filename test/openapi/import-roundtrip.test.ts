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

function roundTrip(path: string, text = readFileSync(path, 'utf8')): { document: string; spec: string; errors: string[] } {
  const sink = new DiagnosticSink(path);
  const draft = readOpenApi(text, path, 'api.json', sink, () => undefined);
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

/** What the APIs.guru directory's documents hold that a spec once could not say, one operation or schema each. */
const CONSTRUCTS = {
  openapi: '3.0.3',
  info: { title: 'Constructs', version: '1' },
  paths: {
    '/files/{id}/a b"': { get: { operationId: 'spacedPath', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': { description: 'ok' } } } },
    '/responses?beta=true': { get: { operationId: 'fixedQuery', responses: { '200': { description: 'ok' } } } },
    '/customers': {
      get: {
        operationId: 'deepObjects',
        parameters: [
          { name: 'expand', in: 'query', style: 'deepObject', explode: true, schema: { type: 'array', items: { type: 'string' } } },
          { name: 'anchor', in: 'query', style: 'deepObject', explode: true, schema: { anyOf: [{ enum: ['now'], type: 'string' }, { type: 'integer' }] } },
          { name: '', in: 'query', schema: { type: 'string' } },
          { name: 'API Key', in: 'header', schema: { type: 'string' } },
        ],
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Entity' } } } } },
      },
      post: { operationId: 'anyBody', requestBody: { content: { '*/*': { schema: { $ref: '#/components/schemas/Entity' } } } }, responses: { '204': { description: 'none' } } },
      put: { operationId: 'formText', requestBody: { content: { 'application/x-www-form-urlencoded': { schema: { type: 'string' } } } }, responses: { '204': { description: 'none' } } },
      patch: { operationId: 'jsonBytes', requestBody: { content: { 'application/json': { schema: { type: 'string', format: 'binary' } } } }, responses: { '204': { description: 'none' } } },
      delete: { operationId: 'multipartBytes', requestBody: { content: { 'multipart/form-data': { schema: { type: 'string', format: 'binary' } } } }, responses: { '204': { description: 'none' } } },
    },
  },
  components: {
    securitySchemes: { spaced: { type: 'apiKey', in: 'header', name: 'Spaced API Key' } },
    schemas: {
      string: { type: 'string', description: 'A schema named like a builtin type.' },
      // A schema without a name of its own that refers to itself: named after its key, its pointer kept as the wire name.
      Tree: { type: 'object', properties: { root: { type: 'object', properties: { children: { type: 'array', items: { $ref: '#/components/schemas/Tree/properties/root' } } } } } },
      Entity: {
        type: 'object',
        required: ['$id'],
        properties: {
          $id: { type: 'string', description: 'Its id.' },
          $type: { type: 'string', description: 'A key the detailed form uses.' },
          'locked?': { type: 'boolean', description: 'A key that ends in a question mark.' },
          '': { type: 'string', title: 'Empty', description: 'A key with no name, and a title beside its description.' },
          name: { $ref: '#/components/schemas/string' },
        },
      },
    },
  },
};

describe("an imported spec says what the directory's documents hold", () => {
  it('builtin-named schemas, a schema named after its pointer, $, ? and empty keys with titles and docs, paths to encode, any query type as deepObject, wildcard, form and binary bodies, names no request can carry', () => {
    const { document, spec, errors } = roundTrip('constructs.json', JSON.stringify(CONSTRUCTS, null, 2));
    expect(errors).toEqual([]);
    expect(document).toContain('`/files/${encodePathParam(id)}/a%20b%22`');
    expect(document).toContain('  name?: String;');
    expect(document).toContain('  /** Its id. */\n  $id: string;');
    expect(document).not.toContain('API Key');
    expect(document).not.toContain('ApiKeyAuth');
    expect(document).toContain('export type Root = {\n  children?: Root[];');
    expect(spec).toContain("  ''?: string;");
    expect(spec).toBe(document);
    expect(spec === document).toBe(true);
  });
});
