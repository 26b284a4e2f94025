/**
 * Where the placement rule meets the rest of the pipeline: lists behind named aliases, dotted
 * operationIds, clashes that need a counter, hostile names in JSDoc, and what a tag may say.
 */
import { describe, expect, it } from 'vitest';
import { emitClient } from '../../generator/emit/client.js';
import { printSpec } from '../../generator/frontends/yaml/print.js';
import { compileSpec } from '../../generator/generate.js';
import { qualifiedName } from '../../generator/model/types.js';
import { doc, jsonOp, model, read } from './helpers.js';

const OK = { responses: { '200': { description: 'ok' } } };

describe('a GET that reads a list makes a collection', () => {
  it('through a named array schema as through an inline array (the classic petstore\'s Pets)', () => {
    const client = model(doc({
      paths: {
        '/pets': { get: jsonOp('listPets', { $ref: '#/components/schemas/Pets' }), post: { ...OK, operationId: 'addPet' } },
        '/dogs': { get: jsonOp('listDogs', { type: 'array', items: { type: 'string' } }), post: { ...OK, operationId: 'addDog' } },
        '/settings': { get: jsonOp('getSettings', { $ref: '#/components/schemas/Settings' }), post: { ...OK, operationId: 'setSettings' } },
      },
      components: { schemas: { Pets: { type: 'array', items: { type: 'string' } }, Settings: { type: 'object', properties: { a: { type: 'string' } } } } },
    }));
    expect(client.methods.map(qualifiedName)).toEqual(['pets.list', 'pets.create', 'dogs.list', 'dogs.create', 'settings.retrieve', 'settings.update']);
  });
});

describe('dotted operationIds are namespaces', () => {
  it('the API\'s own name in front of every one is dropped (Google\'s); otherwise each part is a resource (Twitter\'s)', () => {
    const google = model(doc({ paths: { '/captions': { get: { ...OK, operationId: 'youtube.captions.list' } }, '/videos/rate': { post: { ...OK, operationId: 'youtube.videos.rate' } } } }));
    expect(google.methods.map(qualifiedName)).toEqual(['captions.list', 'videos.rate']);
    const twitter = model(doc({ paths: { '/blocks/destroy.json': { post: { ...OK, operationId: 'blocks.destroy' } }, '/blocks/list.json': { get: { ...OK, operationId: 'blocks.list' } } } }));
    expect(twitter.methods.map(qualifiedName)).toEqual(['blocks.destroy', 'blocks.list']);
  });
});

describe('names the checks make', () => {
  it('`/` is the root in a route name, so none looks like a Session member; a counter is the last resort', () => {
    const { model: client, warnings } = read(doc({ paths: { '/#a': { get: { ...OK, operationId: 'close' } }, '/#b': { get: { ...OK, operationId: 'close' } }, '/#c': { post: { ...OK, operationId: 'close' } } } }));
    expect(client!.methods.map(qualifiedName)).toEqual(['close_', 'getRoot', 'postRoot']);
    expect(warnings.filter((warning) => warning.code === 'renamedDuplicate').map((warning) => warning.message)).toEqual([
      'the method name "close_" is already taken by the operation "close"; this one is named "getRoot"',
      'the method name "close_" is already taken by the operation "close"; this one is named "postRoot"',
    ]);
  });
});

describe('resources a letter apart', () => {
  it('are one resource, in the spelling met first, with a warning', () => {
    const { model: client, warnings } = read(doc({ paths: { '/a': { get: { ...OK, operationId: 'a', tags: ['fooBar'] } }, '/b': { get: { ...OK, operationId: 'b', tags: ['foobar'] } } } }));
    expect(client!.methods.map(qualifiedName)).toEqual(['fooBar.a', 'fooBar.b']);
    expect(client!.resources.map((resource) => resource.className)).toEqual(['FooBarResource']);
    expect(warnings.map((warning) => [warning.code, warning.at])).toEqual([['resourceCase', '#/paths/~1b/get']]);
  });
});

describe('what reaches JSDoc', () => {
  it('an operationId with a line break cannot start a JSDoc line of its own', () => {
    const client = model(doc({ paths: { '/a': { get: { ...OK, operationId: 'x*/y\n@deprecated', tags: ['things'] } } } }));
    const code = emitClient(client);
    expect(code).toContain('`x*\\/y\\n@deprecated` in the API.');
    expect(code.split('\n').filter((line) => /^\s*\*\s*@deprecated/.test(line))).toEqual([]);
  });

  it('a tag gives its resource only what a spec\'s `resources` says back, so import keeps the same client', () => {
    const document = doc({ tags: [{ name: 'things', description: 'All the things.', deprecated: true }], paths: { '/things/{id}': { get: { ...OK, operationId: 'getThing', tags: ['things'], parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }] } } } });
    const client = model(document);
    expect(client.resources).toEqual([{ path: ['things'], className: 'ThingsResource', docs: { description: 'All the things.' } }]);
    const spec = compileSpec(printSpec(client, 'api.json', 'schema.json'), 'spec.yaml');
    expect(spec.diagnostics).toEqual([]);
    // The same client but for the header line, which names its source.
    const body = (code: string): string => code.slice(code.indexOf('\n'));
    expect(body(emitClient(spec.model!))).toBe(body(emitClient(client)));
  });

  it('a tag whose name has empty dotted parts still describes the resource its methods are on', () => {
    const client = model(doc({ tags: [{ name: 'a..b', description: 'Bees.' }], paths: { '/x': { get: { ...OK, operationId: 'x', tags: ['a..b'] } } } }));
    expect(client.methods.map(qualifiedName)).toEqual(['a.b.x']);
    expect(client.resources.map((resource) => [resource.path.join('.'), resource.docs])).toEqual([['a', {}], ['a.b', { description: 'Bees.' }]]);
  });
});
