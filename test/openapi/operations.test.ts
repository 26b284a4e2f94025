import { describe, expect, it } from 'vitest';
import { qualifiedName } from '../../generator/model/types.js';
import type { ClientModel, MethodModel, TypeRef } from '../../generator/model/types.js';
import { doc, jsonOp, model, namedType, read } from './helpers.js';

const S: TypeRef = { kind: 'builtin', name: 'string' };
const I: TypeRef = { kind: 'builtin', name: 'integer' };
const ok = { '200': { description: 'ok' } };

/** The method a user calls as `client.<route>` (`b.create`): where the placement rule put it, and its name there. */
function at(client: ClientModel, route: string): MethodModel {
  const found = client.methods.find((item) => qualifiedName(item) === route);
  if (found === undefined) throw new Error(`no method ${route}; have ${client.methods.map(qualifiedName).join(', ')}`);
  return found;
}

describe('names', () => {
  it('operationId gives the method name through methodName, and stays the wire name', () => {
    // A `/` in the operationId places the method (rule 4); a path with no resource segment leaves it on the class, named by its operationId (rule 7).
    const client = model(doc({ paths: { '/a': { get: { operationId: 'repos/get-content', responses: ok } }, '/': { post: { operationId: 'delete', responses: ok } } } }));
    expect(client.methods.map((item) => [item.resource, item.name, item.wireName, item.argsType, item.errorType])).toEqual([
      [['repos'], 'getContent', 'repos/get-content', 'ReposGetContentArgs', 'ReposGetContentError'],
      [[], 'delete_', 'delete', 'DeleteArgs', 'DeleteError'],
    ]);
  });

  it('a missing operationId is made from the method and path; the operationId keeps a clashing name, a counter only when the route name is taken too', () => {
    // On one resource (tag `pets`), the operation without an operationId takes the path rule's verb, `retrieve`, which an operationId names too.
    const tagged = (operationId?: string) => ({ get: { tags: ['pets'], ...(operationId === undefined ? {} : { operationId }), responses: ok } });
    const client = model(doc({ paths: { '/pets/{petId}': tagged(), '/x': tagged('pets.retrieve') } }));
    expect(client.methods.map((item) => [item.resource, item.name, item.wireName])).toEqual([
      [['pets'], 'getPetsPetId', 'get /pets/{petId}'],
      [['pets'], 'retrieve', 'pets.retrieve'],
    ]);
    expect(client.warnings.map((warning) => warning.code)).toContain('renamedDuplicate');
    const taken = model(doc({ paths: { '/pets/{petId}': tagged(), '/x': tagged('pets.retrieve'), '/y': tagged('pets.getPetsPetId') } }));
    expect(taken.methods.map((item) => [item.resource, item.name, item.wireName])).toEqual([
      [['pets'], 'getPetsPetId2', 'get /pets/{petId}'],
      [['pets'], 'retrieve', 'pets.retrieve'],
      [['pets'], 'getPetsPetId', 'pets.getPetsPetId'],
    ]);
    expect(taken.warnings.map((warning) => warning.code)).toContain('renamedDuplicate');
  });

  it('the class is named from info.title, or from the file name', () => {
    expect(model(doc({ info: { title: 'GitHub v3 REST API', version: '1' } })).name).toBe('GitHubV3RESTAPI');
    const untitled = model(doc({ info: { version: '1' } }), { file: 'specs/pet-store.json' });
    expect([untitled.name, untitled.optionsType]).toEqual(['PetStore', 'PetStoreOptions']);
  });
});

describe('parameters', () => {
  const document = doc({
    paths: {
      '/repos/{owner}/{repo}': {
        parameters: [
          { name: 'repo', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'per-page', in: 'query', schema: { type: 'integer', default: 30 }, description: 'Page size.' },
        ],
        get: {
          operationId: 'getRepo',
          parameters: [
            { $ref: '#/components/parameters/owner' },
            { name: 'per-page', in: 'query', required: true, schema: { type: 'integer' } },
            { name: 'labels', in: 'query', style: 'form', explode: false, schema: { type: 'array', items: { type: 'string' } } },
            { name: 'ids', in: 'query', style: 'pipeDelimited', schema: { type: 'array', items: { type: 'integer' } } },
            { name: 'filter', in: 'query', style: 'deepObject', schema: { type: 'object', additionalProperties: { type: 'string' } } },
            { name: 'X-GitHub-Api-Version', in: 'header', schema: { type: 'string', enum: ['2022-11-28'] } },
            { name: 'session', in: 'cookie', schema: { type: 'string' } },
            { name: 'Accept', in: 'header', schema: { type: 'string' } },
            { name: 'path', in: 'query', schema: { type: 'string' } },
          ],
          responses: ok,
        },
      },
    },
    components: { parameters: { owner: { name: 'owner', in: 'path', required: true, schema: { type: 'string', format: 'login' } } } },
  });

  it('merges path-level and operation parameters, follows $refs, path ones first in placeholder order', () => {
    const params = at(model(document), 'repos.retrieve').params;
    // The model checks put them in one order: path, header, cookie, query.
    expect(params.map((param) => [param.in, param.wireName, param.name, param.required, param.style])).toEqual([
      ['path', 'owner', 'owner', true, 'repeat'],
      ['path', 'repo', 'repo', true, 'repeat'],
      ['header', 'X-GitHub-Api-Version', 'xGitHubApiVersion', false, 'repeat'],
      ['cookie', 'session', 'session', false, 'repeat'],
      ['query', 'per-page', 'perPage', true, 'repeat'],
      ['query', 'labels', 'labels', false, 'comma'],
      ['query', 'ids', 'ids', false, 'pipe'],
      ['query', 'filter', 'filter', false, 'deepObject'],
      ['query', 'path', 'path', false, 'repeat'],
    ]);
    expect(params[0]!.docs).toEqual({ format: 'login' });
    expect(params[0]!.origin.at).toBe('#/paths/~1repos~1{owner}~1{repo}/get/parameters/0');
    expect(params[2]!.type).toEqual({ kind: 'literal', value: '2022-11-28' });
    expect(params[6]!.type).toEqual({ kind: 'array', element: I });
  });

  it('a placeholder without a parameter is a string, with a warning; a path parameter without a placeholder is left out', () => {
    const client = model(doc({ paths: { '/a/{id}': { get: { operationId: 'a', parameters: [{ name: 'other', in: 'path', required: true, schema: { type: 'string' } }], responses: ok } } } }));
    expect(at(client, 'a.retrieve').params.map((param) => [param.wireName, param.type])).toEqual([['id', S]]);
    expect(client.warnings.map((warning) => [warning.code, warning.at])).toEqual([
      ['placeholderWithoutParam', '#/paths/~1a~1{id}'],
      ['pathParamWithoutPlaceholder', '#/paths/~1a~1{id}/get/parameters/0'],
    ]);
  });

  it('a path parameter that is a list or object is typed string, with a warning', () => {
    const client = model(
      doc({
        paths: { '/a/{ids}/{tag}': { get: { operationId: 'a', parameters: [{ name: 'ids', in: 'path', required: true, style: 'simple', schema: { type: 'array', items: { type: 'integer' } } }, { name: 'tag', in: 'path', required: true, schema: { $ref: '#/components/schemas/Tag' } }], responses: ok } } },
        components: { schemas: { Tag: { type: 'string', enum: ['a', 'b'] } } },
      }),
    );
    expect(at(client, 'a.retrieve').params.map((param) => param.type)).toEqual([S, { kind: 'named', name: 'Tag' }]);
    expect(client.warnings.map((warning) => [warning.code, warning.at])).toEqual([['unsupportedConstruct', '#/paths/~1a~1{ids}~1{tag}/get/parameters/0']]);
  });

  it('a placeholder that stands twice has one parameter; a list header is typed string', () => {
    const parameters = [
      { name: 'id', in: 'path', required: true, schema: { type: 'integer' } },
      { name: 'X-Tags', in: 'header', schema: { type: 'array', items: { type: 'string' } } },
    ];
    const client = model(doc({ paths: { '/a/{id}/b/{id}': { get: { operationId: 'a', parameters, responses: ok } } } }));
    expect(at(client, 'a.b.retrieve').params.map((param) => [param.in, param.wireName, param.type])).toEqual([
      ['path', 'id', I],
      ['header', 'X-Tags', S],
    ]);
  });

  it('a parameter without a name is a located error', () => {
    const result = read(doc({ paths: { '/a': { get: { parameters: [{ in: 'query' }], responses: ok } } } }));
    expect(result.errors.map((error) => [error.code, error.at, error.position])).toEqual([['missingKey', '#/paths/~1a/get/parameters/0', { line: 11, col: 11 }]]);
  });
});

describe('request bodies', () => {
  const body = (content: Record<string, unknown>, required = true) =>
    at(model(doc({ paths: { '/b': { post: { operationId: 'send', requestBody: { required, description: 'The thing.', content }, responses: ok } } } })), 'b.create').body;

  it('JSON (also +json), form, multipart with binary parts, text and bytes', () => {
    expect(body({ 'application/json': { schema: { type: 'integer' } } })).toEqual({ encoding: 'json', mediaType: 'application/json', type: I, required: true, docs: { description: 'The thing.' }, fields: [] });
    expect(body({ 'application/merge-patch+json': { schema: { type: 'string' } } }, false)?.encoding).toBe('json');
    expect(body({ 'application/x-www-form-urlencoded': { schema: { type: 'object', properties: { amount: { type: 'integer' } } } } })?.encoding).toBe('form');
    const client = model(doc({ paths: { '/b': { post: { operationId: 'send', requestBody: { content: { 'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } } } }, responses: ok } } } }));
    const multipart = at(client, 'b.create').body;
    expect(multipart?.encoding).toBe('multipart');
    // The model checks name an inline object body after its method, resource and name (`b.create`).
    expect(multipart?.type).toEqual({ kind: 'named', name: 'BCreateBody' });
    expect(namedType(client, 'BCreateBody').type).toEqual({ kind: 'object', fields: [{ name: 'file', optional: true, type: { kind: 'builtin', name: 'binary' }, docs: { format: 'binary' } }], extra: undefined });
    expect(body({ 'text/plain; charset=utf-8': { schema: { type: 'string' } } })).toMatchObject({ encoding: 'text', mediaType: 'text/plain; charset=utf-8', type: S });
    expect(body({ 'application/octet-stream': {} })).toMatchObject({ encoding: 'binary', mediaType: 'application/octet-stream', type: { kind: 'builtin', name: 'binary' } });
    expect(body({ 'image/png': {} })).toMatchObject({ encoding: 'binary', mediaType: 'image/png' });
    expect(body({ '*/*': { schema: { type: 'object' } } })).toMatchObject({ encoding: 'json', mediaType: 'application/json' });
  });

  it('a binary schema is sent as bytes; a form or multipart body that is not an object as text or bytes, with a warning', () => {
    expect(body({ 'application/json': { schema: { type: 'string', format: 'binary' } } })).toMatchObject({ encoding: 'binary', mediaType: 'application/json' });
    expect(body({ 'application/x-www-form-urlencoded': { schema: { type: 'string' } } })).toMatchObject({ encoding: 'text', mediaType: 'application/x-www-form-urlencoded', type: S });
    expect(body({ 'multipart/form-data': { schema: { type: 'array' } } })).toMatchObject({ encoding: 'binary', mediaType: 'multipart/form-data' });
  });

  it('of several media types picks JSON first, then form, multipart, and says so', () => {
    const client = model(
      doc({
        paths: {
          '/b': {
            post: {
              operationId: 'send',
              requestBody: { content: { 'multipart/form-data': { schema: { type: 'object' } }, 'application/x-www-form-urlencoded': { schema: { type: 'object' } }, 'text/plain': {} } },
              responses: ok,
            },
          },
        },
      }),
    );
    expect(at(client, 'b.create').body?.encoding).toBe('form');
    expect(client.warnings.map((warning) => [warning.at, warning.message])).toEqual([
      [
        '#/paths/~1b/post/requestBody/content',
        'the request body offers "application/x-www-form-urlencoded", "multipart/form-data", "text/plain"; the client uses "application/x-www-form-urlencoded" (JSON first, then form, multipart, then the rest in document order)',
      ],
    ]);
  });

  it('a $ref to components.requestBodies', () => {
    const client = model(
      doc({
        paths: { '/b': { put: { operationId: 'put', requestBody: { $ref: '#/components/requestBodies/Pet' }, responses: ok } } },
        components: { requestBodies: { Pet: { content: { 'application/json': { schema: { type: 'string' } } } } } },
      }),
    );
    expect(at(client, 'b.update').body).toMatchObject({ encoding: 'json', type: S, required: false });
  });
});

describe('responses', () => {
  // `/r` is a singleton: GET is `r.retrieve`, HEAD `r.head`.
  const responses = (value: Record<string, unknown>, httpMethod: 'get' | 'head' = 'get') => at(model(doc({ paths: { '/r': { [httpMethod]: { operationId: 'r', responses: value } } } })), httpMethod === 'get' ? 'r.retrieve' : 'r.head');

  it('the lowest 2xx is the result, by content type', () => {
    const json = { 'application/json': { schema: { type: 'integer' } } };
    expect(responses({ '201': { description: 'made', content: json }, '200': { description: 'ok', content: { 'text/plain': {} } } }).result).toEqual({ reading: 'text', type: S, docs: { description: 'ok' } });
    expect(responses({ '200': { description: 'd', content: { 'application/vnd.github+json': { schema: { type: 'integer' } } } } }).result.type).toEqual(I);
    expect(responses({ '200': { description: 'd', content: { 'image/png': {} } } }).result).toMatchObject({ reading: 'bytes', type: { kind: 'builtin', name: 'binary' } });
    expect(responses({ '200': { description: 'd', content: { 'text/event-stream': {} } } }).result).toMatchObject({ reading: 'textEvents', type: S });
    expect(responses({ '200': { description: 'd', content: { 'text/event-stream': { schema: { type: 'object' } } } } }).result.reading).toBe('events');
    expect(responses({ '200': { description: 'd', content: { 'application/javascript': {} } } }).result).toMatchObject({ reading: 'text', type: S });
    expect(responses({ '200': { description: 'd', content: { 'application/x-ndjson': { schema: { type: 'integer' } } } } }).result).toMatchObject({ reading: 'jsonLines', type: I });
    expect(responses({ '204': { description: 'gone' } }).result).toEqual({ reading: 'none', type: undefined, docs: { description: 'gone' } });
    expect(responses({ '200': { description: 'd', content: json } }, 'head').result.reading).toBe('none');
    expect(responses({ '2XX': { description: 'd', content: json } }).result.type).toEqual(I);
    expect(responses({ '200': { description: 'd', content: { 'application/json': { schema: { type: 'string', format: 'binary' } } } } }).result.reading).toBe('bytes');
    expect(responses({ default: { description: 'd', content: json } }).result.type).toEqual(I);
  });

  it('4xx, 5xx, ranges and default with a body are typed errors', () => {
    const error = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Problem' } } } };
    const client = model(
      doc({
        paths: {
          '/r': {
            get: {
              operationId: 'r',
              responses: { '200': { description: 'ok' }, '404': { description: 'nf', ...error }, '4XX': { description: 'x', content: { 'text/plain': {} } }, '503': { description: 'no body' }, default: { $ref: '#/components/responses/Err' } },
            },
          },
        },
        components: { schemas: { Problem: { type: 'object' } }, responses: { Err: { description: 'e', ...error } } },
      }),
    );
    expect(at(client, 'r.retrieve').errors).toEqual([
      { status: 404, type: { kind: 'named', name: 'Problem' } },
      { status: '4XX', type: S },
      { status: 'default', type: { kind: 'named', name: 'Problem' } },
    ]);
  });
});

describe('paging', () => {
  it('a documented Link header makes a list result, or the one list field of an object, paged', () => {
    const link = { Link: { schema: { type: 'string' } } };
    const list = { type: 'array', items: { type: 'integer' } };
    const client = model(
      doc({
        paths: {
          '/a': { get: { operationId: 'list', responses: { '200': { description: 'ok', headers: link, content: { 'application/json': { schema: list } } } } } },
          '/b': { get: { operationId: 'runs', responses: { '200': { description: 'ok', headers: link, content: { 'application/json': { schema: { type: 'object', properties: { total: { type: 'integer' }, runs: list } } } } } } } },
          '/c': { get: { operationId: 'plain', responses: { '200': { description: 'ok', content: { 'application/json': { schema: list } } } } } },
        },
      }),
    );
    expect(client.methods.map((item) => item.pagination)).toEqual([{ style: 'link', items: [], itemType: I }, { style: 'link', items: ['runs'], itemType: I }, undefined]);
  });
});

describe('servers', () => {
  it('the first server with variable defaults is split into base location and endpoint', () => {
    const client = model(doc({ servers: [{ url: 'https://{region}.example.com/api/{version}/', variables: { region: { default: 'eu' }, version: { default: 'v2', enum: ['v1', 'v2'] } } }, { url: 'https://other.example' }] }));
    expect([client.baseLocation, client.endpoint]).toEqual(['https://eu.example.com', '/api/v2']);
    expect(model(doc({ servers: [{ url: 'https://api.github.com' }] })).endpoint).toBeUndefined();
  });

  it('a relative server is the endpoint only, with a warning', () => {
    const client = model(doc({ servers: [{ url: '/api/v3' }] }));
    expect([client.baseLocation, client.endpoint]).toEqual([undefined, '/api/v3']);
    expect(client.warnings.map((warning) => [warning.code, warning.at])).toContainEqual(['relativeServer', '#/servers/0/url']);
  });

  it('per-path and per-operation servers give the method its own base location', () => {
    const client = model(
      doc({
        servers: [{ url: 'https://api.example.com/v1' }],
        paths: {
          '/upload': { servers: [{ url: 'https://uploads.example.com' }], post: { operationId: 'upload', responses: ok }, get: { operationId: 'same', servers: [{ url: 'https://api.example.com/v1/' }], responses: ok } },
          '/files': { get: { operationId: 'files', servers: [{ url: 'files' }], responses: ok }, put: { operationId: 'root', servers: [{ url: '/files' }], responses: ok } },
          '/plain': { get: { operationId: 'plain', responses: ok } },
        },
      }),
    );
    expect(client.methods.map((item) => [qualifiedName(item), item.baseLocation])).toEqual([
      ['upload.update', 'https://uploads.example.com'],
      ['upload.retrieve', undefined],
      ['files.retrieve', 'https://api.example.com/v1/files'],
      ['files.update', 'https://api.example.com/files'],
      ['plain.retrieve', undefined],
    ]);
  });
});

describe('security', () => {
  const schemes = (securitySchemes: Record<string, unknown>) => model(doc({ components: { securitySchemes } })).securitySchemes.map((scheme) => [scheme.wireName, scheme.name, scheme.auth]);

  it('maps each scheme type to an optional constructor option named from the scheme', () => {
    expect(
      schemes({
        basicAuth: { type: 'http', scheme: 'Basic' },
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        d: { type: 'http', scheme: 'digest' },
        ApiKeyAuth: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        'session-cookie': { type: 'apiKey', in: 'cookie', name: 'sid' },
        o: { type: 'oauth2', flows: {} },
        timeout: { type: 'openIdConnect', openIdConnectUrl: 'https://x.example/.well-known' },
      }),
    ).toEqual([
      ['basicAuth', 'basicAuth', { scheme: 'basic' }],
      ['bearerAuth', 'bearerAuth', { scheme: 'bearer' }],
      ['d', 'd', { scheme: 'digest' }],
      ['ApiKeyAuth', 'apiKeyAuth', { scheme: 'apiKey', in: 'header', name: 'X-API-Key' }],
      ['session-cookie', 'sessionCookie', { scheme: 'apiKey', in: 'cookie', name: 'sid' }],
      ['o', 'o', { scheme: 'bearer' }],
      // A Session option's name is taken: `_` appended, as for parameters.
      ['timeout', 'timeout_', { scheme: 'bearer' }],
    ]);
  });

  it('keeps the root security, and an operation\'s own only where it differs (scopes dropped, [] and {} send none)', () => {
    const client = model(
      doc({
        security: [{ key: [] }, { basic: [] }],
        components: { securitySchemes: { basic: { type: 'http', scheme: 'basic' }, key: { type: 'apiKey', in: 'query', name: 'api_key' }, o: { type: 'oauth2', flows: {} } } },
        paths: {
          '/a': {
            get: { operationId: 'same', security: [{ key: [] }, { basic: [] }], responses: ok },
            put: { operationId: 'inherits', responses: ok },
            post: { operationId: 'none', security: [], responses: ok },
            patch: { operationId: 'optional', security: [{}, { o: ['read', 'write'] }], responses: ok },
            delete: { operationId: 'both', security: [{ key: [], o: ['admin'] }], responses: ok },
          },
        },
      }),
    );
    expect(client.security).toEqual([['key'], ['basic']]);
    expect(client.methods.map((item) => [qualifiedName(item), item.security])).toEqual([
      ['a.retrieve', undefined],
      ['a.replace', undefined],
      ['a.create', []],
      ['a.update', [[], ['o']]],
      ['a.del', [['key', 'o']]],
    ]);
    expect(client.warnings).toEqual([]);
  });

  it('without a root security, the one more than half the operations name is the client\'s, and one naming none says []', () => {
    const op = (operationId: string, security?: unknown) => ({ get: { operationId, ...(security === undefined ? {} : { security }), responses: ok } });
    const client = model(
      doc({
        components: { securitySchemes: { token: { type: 'oauth2', flows: {} }, basic: { type: 'http', scheme: 'basic' } } },
        paths: { '/a': op('a', [{ token: ['a:read'] }]), '/b': op('b', [{ token: ['b:write'] }]), '/c': op('c'), '/d': op('d', [{ basic: [] }]), '/e': op('e', [{ token: [] }]) },
      }),
    );
    expect(client.security).toEqual([['token']]);
    expect(client.methods.map((item) => [qualifiedName(item), item.security])).toEqual([['a.retrieve', undefined], ['b.retrieve', undefined], ['c.retrieve', []], ['d.retrieve', [['basic']]], ['e.retrieve', undefined]]);
    const even = model(doc({ components: { securitySchemes: { token: { type: 'oauth2', flows: {} } } }, paths: { '/a': op('a', [{ token: [] }]), '/c': op('c') } }));
    expect([even.security, even.methods.map((item) => item.security)]).toEqual([undefined, [[['token']], undefined]]);
  });
});

describe('$ref across files', () => {
  it('reads other files by relative path, with ~1 escapes, naming their schemas', () => {
    const client = model(
      doc({
        paths: {
          '/pets': { $ref: 'paths.yaml#/~1pets' },
        },
      }),
      {
        file: 'specs/api.json',
        files: {
          'paths.yaml': ['/pets:', '  get:', '    operationId: listPets', '    responses:', "      '200':", '        description: ok', '        content:', '          application/json:', '            schema:', "              $ref: 'schemas/pet.yaml#/components/schemas/Pet'", ''].join('\n'),
          'schemas/pet.yaml': ['components:', '  schemas:', '    Pet:', '      type: object', '      properties:', '        friend:', "          $ref: '#/components/schemas/Pet'", ''].join('\n'),
        },
      },
    );
    expect(at(client, 'pets.retrieve').result.type).toEqual({ kind: 'named', name: 'Pet' });
    expect(client.types.map((type) => [type.name, type.origin.file, type.origin.at])).toEqual([['Pet', 'specs/schemas/pet.yaml', '#/components/schemas/Pet']]);
    expect(client.types[0]!.origin.position).toEqual({ line: 4, col: 7 });
  });

  it("another file's top-level schema, or a whole file, is a named type too", () => {
    const client = model(
      doc({ paths: { '/a': { get: jsonOp('a', { type: 'array', items: { $ref: 'common.yaml#/Pet' } }) }, '/b': { get: jsonOp('b', { $ref: './schemas/owner.json' }) } } }),
      { files: { 'common.yaml': 'Pet:\n  type: string\n', 'schemas/owner.json': '{"type": "integer"}' } },
    );
    expect(client.types.map((type) => [type.name, type.origin.file])).toEqual([
      ['Pet', 'common.yaml'],
      ['Owner', 'schemas/owner.json'],
    ]);
  });

  it('an unreadable file or a missing pointer is a located error', () => {
    const missing = read(doc({ paths: { '/a': { $ref: 'nope.yaml#/x' } } }));
    expect(missing.errors.map((error) => [error.code, error.at, error.message])).toEqual([['refFileUnreadable', '#/paths/~1a/$ref', 'cannot read "nope.yaml", which this $ref names']]);
    const pointer = read(doc({ paths: { '/a': { $ref: 'other.yaml#/x~1y' } } }), { files: { 'other.yaml': 'x: 1\n' } });
    expect(pointer.errors.map((error) => error.message)).toEqual(['cannot resolve $ref "other.yaml#/x~1y": "other.yaml" has nothing at "x/y"']);
  });

  it('a $ref chain that loops is an error, not a hang', () => {
    const result = read(doc({ paths: { '/a': { get: { operationId: 'a', parameters: [{ $ref: '#/components/parameters/p' }], responses: ok } } }, components: { parameters: { p: { $ref: '#/components/parameters/q' }, q: { $ref: '#/components/parameters/p' } } } }));
    expect(result.errors.map((error) => error.code)).toEqual(['refCycle']);
  });
});

describe('documents', () => {
  it('Swagger 2.0 gets a clear located error', () => {
    const result = read('{\n  "swagger": "2.0",\n  "info": {"title": "x", "version": "1"},\n  "paths": {}\n}\n');
    expect(result.errors.map((error) => [error.code, error.at, error.position])).toEqual([['swaggerNotSupported', '#/swagger', { line: 2, col: 14 }]]);
    expect(result.errors[0]!.message).toContain('OpenAPI 3.0 and 3.1 only');
  });

  it('other versions, syntax errors and non-objects are located errors', () => {
    expect(read(doc({ openapi: '4.0.0' })).errors.map((error) => [error.code, error.at])).toEqual([['openapiVersion', '#/openapi']]);
    const json = read('{\n  "openapi": "3.0.0",\n  "info": {,}\n}');
    expect(json.errors.map((error) => [error.code, error.position.line])).toEqual([['jsonSyntax', 3]]);
    const yaml = read('openapi: 3.1.0\ninfo:\n  title: [unclosed\n', { file: 'api.yaml' });
    expect(yaml.errors.map((error) => error.code)).toEqual(['yamlSyntax']);
    expect(read('[1, 2]').errors.map((error) => error.code)).toEqual(['notOpenApi']);
  });

  it('YAML documents give line and column at the pointer', () => {
    const text = ['openapi: 3.1.0', 'info:', '  title: T', '  version: "1"', 'paths:', '  /a:', '    get:', '      parameters:', '        - name: q', '          in: body', '      responses: {}', ''].join('\n');
    const result = read(text, { file: 'api.yaml' });
    expect(result.errors.map((error) => [error.at, error.position, error.message])).toEqual([['#/paths/~1a/get/parameters/0/in', { line: 10, col: 15 }, 'expected one of path, query, header, cookie; got "body"']]);
  });

  it('a document without operations gives a client with a warning', () => {
    const client = model(doc({ openapi: '3.1.0', paths: undefined, webhooks: { x: {} } }));
    expect(client.methods).toEqual([]);
    expect(client.warnings.map((warning) => warning.code)).toEqual(['noOperations']);
  });

  it('a "#" in a path key and what follows are not sent, with a warning', () => {
    const client = model(doc({ paths: { '/cookies#exploded': { get: { operationId: 'c', responses: ok } } } }));
    expect(at(client, 'cookies_.retrieve').path).toEqual([{ kind: 'text', text: '/cookies' }]);
    expect(client.warnings.map((warning) => warning.message)).toContain('a "#" in the path "/cookies#exploded" is not supported; the path is sent as "/cookies"');
  });

  it('trace operations and odd paths are warnings, not errors', () => {
    const client = model(doc({ paths: { 'a/{b}': { trace: { responses: ok }, get: { operationId: 'g', responses: ok } } } }));
    expect(client.methods.map((item) => item.path)).toEqual([[{ kind: 'text', text: '/a/' }, { kind: 'param', wireName: 'b' }]]);
    expect(client.warnings.map((warning) => warning.code).sort()).toEqual(['placeholderWithoutParam', 'unsupportedConstruct', 'unsupportedConstruct']);
    expect(read(doc({ paths: { '/a/{b': { get: { responses: ok } } } })).errors.map((error) => error.message)).toEqual(['invalid path "/a/{b": the "{" at 4 is never closed']);
  });

  it('the client docs come from info', () => {
    const client = model(doc({ info: { title: 'Pet Store', version: '1', description: 'Pets.' }, servers: [{ url: 'https://pets.example' }], paths: { '/p': { get: jsonOp('p', { type: 'string' }) } } }));
    expect([client.name, client.docs, client.source, client.origin.at]).toEqual(['PetStore', { summary: 'Pet Store', description: 'Pets.' }, 'api.json', '#']);
  });
});

describe('body field encodings', () => {
  const send = (content: Record<string, unknown>) => model(doc({ paths: { '/b': { post: { operationId: 'send', requestBody: { content }, responses: ok } } } }));
  const tags = { type: 'array', items: { type: 'string' } };
  const meta = { type: 'object', additionalProperties: { type: 'string' } };

  it("a form's encoding is kept; arrays and objects it does not name get OpenAPI's default, form exploded", () => {
    const schema = { type: 'object', properties: { amount: { type: 'integer' }, tags, meta, note: { type: 'string' }, ids: tags } };
    const encoding = { meta: { style: 'deepObject', explode: true }, ids: { style: 'pipeDelimited' }, note: { contentType: 'text/plain' } };
    const client = send({ 'application/x-www-form-urlencoded': { schema, encoding } });
    expect(at(client, 'b.create').body?.fields).toEqual([
      { name: 'meta', style: 'deepObject', explode: true, contentType: undefined, headers: [] },
      { name: 'ids', style: 'pipeDelimited', explode: false, contentType: undefined, headers: [] },
      { name: 'tags', style: 'form', explode: true, contentType: undefined, headers: [] },
    ]);
    expect(client.warnings).toEqual([]);
  });

  it('multipart keeps styles, part content types and headers with a fixed value; a header without one, and an unknown name, are warned about', () => {
    const schema = { type: 'object', properties: { file: { type: 'string' }, tags, meta } };
    const encoding = {
      file: { contentType: 'image/png', headers: { 'X-Checksum': { schema: { type: 'string', enum: ['md5'] } }, 'X-Free': { schema: { type: 'string' } } } },
      meta: { style: 'deepObject' },
      tag: { style: 'form' },
    };
    const client = send({ 'multipart/form-data': { schema, encoding } });
    expect(at(client, 'b.create').body?.fields).toEqual([
      { name: 'file', style: undefined, explode: undefined, contentType: 'image/png', headers: [['X-Checksum', 'md5']] },
      { name: 'meta', style: 'deepObject', explode: true, contentType: undefined, headers: [] },
    ]);
    expect(client.warnings.map((warning) => [warning.at, warning.message])).toEqual([
      ['#/paths/~1b/post/requestBody/content/multipart~1form-data/encoding/file/headers/X-Free', 'a part header without a fixed value (a schema const, one enum value or a default) is not supported; it is not sent'],
      ['#/paths/~1b/post/requestBody/content/multipart~1form-data/encoding/tag', 'the encoding names "tag", which the body\'s schema does not have; it is ignored'],
    ]);
  });

  it('a style that is not one of the four is warned about at its pointer, and the default is used', () => {
    const client = read(JSON.stringify(doc({ paths: { '/b': { post: { requestBody: { content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', properties: { tags } }, encoding: { tags: { style: 'matrix' } } } } }, responses: ok } } } })));
    expect(client.diagnostics.map((item) => [item.at, item.message])).toContainEqual([
      '#/paths/~1b/post/requestBody/content/application~1x-www-form-urlencoded/encoding/tags/style',
      'the style "matrix" in a body\'s encoding is not supported; the field is written as if none were given (the styles are form, spaceDelimited, pipeDelimited, deepObject)',
    ]);
    expect(client.model?.methods[0]?.body?.fields).toEqual([{ name: 'tags', style: 'form', explode: true, contentType: undefined, headers: [] }]);
  });
});
