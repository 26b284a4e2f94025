/**
 * The naming rule's part that keeps names from being confused: comparisons read as words, and
 * names that would clash or differ only by letter case told apart by what they send, never by a
 * counter; the same for a YAML spec and an OpenAPI document, since both go through the model checks.
 */
import type { TypeRef } from '../../generator/model/types.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../generator/diagnostics.js';
import { compileSpec } from '../../generator/generate.js';
import { methodName, paramName } from '../../generator/model/names.js';
import type { ApiCall } from '../../runtime/index.js';
import { documentClient, typeCheckUsage } from '../openapi/real-clients.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { scratch } from './helpers.js';

const STRING: TypeRef = { kind: 'builtin', name: 'string' };

function names(spec: string): { methods: string[][]; warnings: string[] } {
  const { model, diagnostics } = compileSpec(spec, 'spec.yaml');
  return {
    methods: model!.methods.map((method) => [method.name, ...method.params.map((param) => `${param.in} ${param.wireName} -> ${param.name}`)]),
    warnings: diagnostics.map(formatDiagnostic),
  };
}

describe('comparisons read as words', () => {
  it('gives each trailing comparison its word, and leaves bracketed operators to the camel-case rule', () => {
    expect(['StartTime<', 'StartTime>', 'StartTime<=', 'StartTime>=', 'Status!=', 'Status<>', 'created[lt]', 'created[gte]', 'StartTime'].map((name) => paramName(name, 'query', STRING))).toEqual([
      'startTimeBefore', 'startTimeAfter', 'startTimeAtOrBefore', 'startTimeAtOrAfter', 'statusNot', 'statusNot', 'createdLt', 'createdGte', 'StartTime',
    ]);
    expect(methodName('list<')).toBe('listBefore');
  });
});

describe('names that would be confused', () => {
  it('keeps a query key that would clash as its wire name, whichever comes first, with a located warning', () => {
    const spec = 'client: Api\npaths:\n  list:\n    path: /x\n    query:\n      start-time?: string\n      StartTime?: string\n      StartTime<?: string\n      perPage?: integer\n      per_page?: integer\n';
    expect(names(spec)).toEqual({
      methods: [['list', "query start-time -> start-time", 'query StartTime -> StartTime', 'query StartTime< -> startTimeBefore', 'query perPage -> perPage', 'query per_page -> per_page']],
      warnings: ['spec.yaml:6:7: warning: paths.list.query.start-time?: the query parameter name "startTime" is already taken by the query parameter "StartTime"; this one is named "start-time"'],
    });
  });

  it('lets the API\'s own names differ only by case (they are what is sent), but never made ones', () => {
    const spec = 'client: Api\npaths:\n  list:\n    path: /x\n    query:\n      Status?: string\n      status?: string\n      x-status?: string\n';
    const { methods, warnings } = names(spec);
    expect(methods).toEqual([['list', 'query Status -> Status', 'query status -> status', 'query x-status -> xStatus']]);
    expect(warnings).toEqual([]);
    const clash = names('client: Api\npaths:\n  list:\n    path: /x\n    query:\n      Page-Size?: string\n      page_size?: string\n      page.size?: string\n');
    expect(clash.methods).toEqual([['list', 'query Page-Size -> Page-Size', 'query page_size -> page_size', 'query page.size -> page.size']]);
  });

  it('names a path, header or cookie parameter that would clash after its place', () => {
    const spec = 'client: Api\npaths:\n  get:\n    path: /items/{id}\n    header_params:\n      Id: string\n    cookie_params:\n      id: string\n';
    const { methods, warnings } = names(spec);
    expect(methods).toEqual([['get_', 'path id -> id', 'header Id -> idHeader', 'cookie id -> idCookie']]);
    expect(warnings).toEqual([
      'spec.yaml:6:7: warning: paths.get.header_params.Id: the header parameter name "id" is already taken by the path parameter "id"; this one is named "idHeader"',
      'spec.yaml:8:7: warning: paths.get.cookie_params.id: the cookie parameter name "id" is already taken by the path parameter "id"; this one is named "idCookie"',
    ]);
  });

  it('names a method that would clash, or differ only by case, after its HTTP method and path; the API\'s own name keeps it', () => {
    const spec = 'client: Api\npaths:\n  get-pet:\n    path: /pets/{id}\n  getPet:\n    path: /pet/{id}\n  GetPet:\n    method: DELETE\n    path: /pets/{id}\n';
    const { model, diagnostics } = compileSpec(spec, 'spec.yaml');
    expect(model!.methods.map((method) => [method.wireName, method.name, method.argsType])).toEqual([
      ['get-pet', 'getPetsId', 'GetPetsIdArgs'],
      ['getPet', 'getPet', 'GetPetArgs'],
      ['GetPet', 'deletePetsId', 'DeletePetsIdArgs'],
    ]);
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      'spec.yaml:3:3: warning: paths.get-pet: the method name "getPet" is already taken by the operation "getPet"; this one is named "getPetsId"',
      'spec.yaml:7:3: warning: paths.GetPet: the method name "getPet" is already taken by the operation "getPet"; this one is named "deletePetsId"',
    ]);
  });
});

describe('a query key kept as its wire name, on the wire', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('is typed as a quoted key and sent under that name', async () => {
    const dir = scratch('names-distinct');
    const spec = join(dir, 'filters.yaml');
    writeFileSync(spec, 'client: Filters\npaths:\n  list:\n    path: /x\n    query:\n      StartTime?: string\n      start-time?: string\n      StartTime<?: string\n');
    const real = await documentClient(spec);
    server = await startServer();
    const Filters = real.module['Filters'] as new (options: Record<string, unknown>) => Record<string, (args: Record<string, unknown>) => ApiCall<unknown>>;
    await new Filters({ baseLocation: server.origin })['list']!({ query: { 'start-time': 'a', StartTime: 'b', startTimeBefore: 'c' } });
    expect(server.received.map((request) => `${request.method} ${request.url} [${request.raw.length} bytes]`)).toEqual(['GET /x?StartTime=b&start-time=a&StartTime%3C=c [0 bytes]']);
    const code = `import { Filters } from './client.js';
const api = new Filters();
await api.list({ query: { 'start-time': 'a', StartTime: 'b', startTimeBefore: 'c' } });
// @ts-expect-error: no made name that differs from another only by case or a counter
await api.list({ query: { startTime: 'a' } });
`;
    expect(typeCheckUsage(real, 'names-distinct-usage', code).stdout).toBe('');
  });
});
