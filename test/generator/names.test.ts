import type { TypeRef } from '../../generator/model/types.js';
import { Project } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { ResourceBase, Session } from 'sessiongen/runtime';
import { compileSpec } from '../../generator/generate.js';
import { camelName, methodName, paramName, pascalName, RESERVED_PARAM_NAMES, RESOURCE_MEMBERS, schemeOptionName, SESSION_MEMBERS, SESSION_OPTION_NAMES, typeName } from '../../generator/model/names.js';

const STRING: TypeRef = { kind: 'builtin', name: 'string' };

function membersOf(session: object): string[] {
  const names = new Set<string>(Object.keys(session));
  for (let proto: object | null = Object.getPrototypeOf(session) as object; proto !== null && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    for (const name of Object.getOwnPropertyNames(proto)) names.add(name);
  }
  return [...names];
}

describe('the naming rule', () => {
  it('methods in camelCase and types in PascalCase, split at every character an identifier word cannot hold, `_` included', () => {
    expect(['listPets', 'per_page', 'asset-id', 'chat.postMessage', 'chat_postMessage', 'GetCustomersCustomer', 'URLs', 'XMLHttpRequest', '2fa', 'user name', '日本', '$ref'].map(methodName)).toEqual([
      'listPets', 'perPage', 'assetId', 'chatPostMessage', 'chatPostMessage', 'getCustomersCustomer', 'urls', 'xmlHttpRequest', '_2fa', 'userName', 'operation', 'ref',
    ]);
    expect(['StartTime<', 'StartTime>=', 'repos/get-content'].map((name) => camelName(name, 'x'))).toEqual(['startTimeBefore', 'startTimeAtOrAfter', 'reposGetContent']);
    // Parameters keep an identifier as written: it is also the key the API's reference shows (Octokit's `per_page`).
    expect(['per_page', 'asset-id', 'created[lt]'].map((name) => paramName(name, 'query', STRING))).toEqual(['per_page', 'assetId', 'createdLt']);
    expect(['X-GitHub-Api-Version', 'Idempotency-Key', 'accept'].map((name) => paramName(name, 'header', STRING))).toEqual(['xGitHubApiVersion', 'idempotencyKey', 'accept']);
    // Not a string, it cannot be the call option of that name, which takes one.
    expect(['Idempotency-Key', 'accept'].map((name) => paramName(name, 'header', { kind: 'builtin', name: 'integer' }))).toEqual(['idempotencyKey_', 'accept_']);
    expect(['repository-ruleset', 'pet', 'Deleted_external_account', 'account_link', 'Record', 'Session', 'string', '2fa'].map(typeName)).toEqual([
      'RepositoryRuleset', 'Pet', 'DeletedExternalAccount', 'AccountLink', 'Record_', 'Session_', 'String', '_2fa',
    ]);
    expect(pascalName('api_test', 'X')).toBe('ApiTest');
    // Accents come off; a letter with none to take off stays a break.
    expect([camelName('ünïcode', 'x'), pascalName('über straße', 'X')]).toEqual(['unicode', 'UberStraE']);
  });

  it('every member of the runtime Session gets `_` as a method name on the class, and every ResourceBase member on a resource', async () => {
    await using session = new Session('http://127.0.0.1:9');
    const missing = membersOf(session).filter((name) => !SESSION_MEMBERS.has(name));
    expect(missing, 'add these to SESSION_MEMBERS in generator/model/names.ts').toEqual([]);
    class Probe extends ResourceBase {}
    const missingOnResources = membersOf(new Probe(session)).filter((name) => !RESOURCE_MEMBERS.has(name));
    expect(missingOnResources, 'add these to RESOURCE_MEMBERS in generator/model/names.ts').toEqual([]);
    for (const name of SESSION_MEMBERS) {
      // A name the rule changes (`__proto__` gives `proto`) no longer names the member.
      if (camelName(name, 'x') !== name) continue;
      const { diagnostics, model } = compileSpec(`client: Api\npaths:\n  ${name}:\n    path: /x\n`, 'spec.yaml');
      expect(diagnostics, name).toEqual([]);
      expect(model?.methods.map((method) => [method.name, method.wireName])).toEqual([[`${name}_`, name]]);
    }
    for (const name of RESOURCE_MEMBERS) {
      if (camelName(name, 'x') !== name) continue;
      const { diagnostics, model } = compileSpec(`client: Api\npaths:\n  things.${name}:\n    path: /x\n`, 'spec.yaml');
      expect(diagnostics, name).toEqual([]);
      expect(model?.methods.map((method) => [method.resource, method.name])).toEqual([[['things'], `${name}_`]]);
    }
    // Where nothing is replaced the name stays: `get` on a resource is no Session member.
    const { model } = compileSpec('client: Api\npaths:\n  things.get:\n    path: /x\n  headers.list:\n    path: /y\n', 'spec.yaml');
    expect(model?.methods.map((method) => [method.resource, method.name])).toEqual([[['things'], 'get'], [['headers_'], 'list']]);
  });

  it('keywords are fine as method names (they are property names)', () => {
    const { diagnostics, model } = compileSpec('client: Api\npaths:\n  default:\n    path: /x\n  new:\n    path: /y\n', 'spec.yaml');
    expect(diagnostics).toEqual([]);
    expect(model?.methods.map((method) => method.name)).toEqual(['default', 'new']);
  });

  it('every call option of the runtime is a reserved parameter name, so a placeholder cannot shadow one', () => {
    const project = new Project({ skipAddingFilesFromTsConfig: true });
    const options = project.addSourceFileAtPath(new URL('../../runtime/options.ts', import.meta.url).pathname).getInterfaceOrThrow('CallOptions');
    const names = options.getProperties().map((property) => property.getName());
    expect(names.length).toBeGreaterThan(5);
    expect(names.filter((name) => !RESERVED_PARAM_NAMES.has(name))).toEqual([]);
    expect(['headers', 'query', 'body', 'default', 'path', 'asset-id'].map((name) => paramName(name, 'path', STRING))).toEqual(['headers_', 'query_', 'body_', 'default_', 'path', 'assetId']);
    // In `query`, only the generated code's own variables could clash.
    expect(['headers', 'default', 'per-page'].map((name) => paramName(name, 'query', STRING))).toEqual(['headers', 'default_', 'perPage']);
  });

  it('every Session option is taken, so a security scheme\'s constructor option cannot replace one', () => {
    const project = new Project({ skipAddingFilesFromTsConfig: true });
    const options = project.addSourceFileAtPath(new URL('../../runtime/options.ts', import.meta.url).pathname).getInterfaceOrThrow('SessionOptions');
    const names = options.getProperties().map((property) => property.getName());
    expect(names.length).toBeGreaterThan(10);
    expect(names.filter((name) => !SESSION_OPTION_NAMES.has(name))).toEqual([]);
    expect(['basicAuth', 'ApiKeyAuth', 'accountSid_authToken', 'api-key', 'proxy', 'default', 'undefined'].map(schemeOptionName)).toEqual(['basicAuth', 'apiKeyAuth', 'accountSid_authToken', 'apiKey', 'proxy_', 'default_', 'undefined_']);
  });

  it('placeholders from real APIs generate: {path}, {asset-id}, {default}, {headers}', () => {
    const spec = 'client: Api\npaths:\n  get:\n    path: /repos/{path}/assets/{asset-id}/{default}/{headers}\n';
    const { diagnostics, model } = compileSpec(spec, 'spec.yaml');
    expect(diagnostics).toEqual([]);
    expect(model?.methods[0]?.params.map((param) => [param.wireName, param.name])).toEqual([
      ['path', 'path'], ['asset-id', 'assetId'], ['default', 'default_'], ['headers', 'headers_'],
    ]);
  });
});
