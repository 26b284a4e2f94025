import { describe, expect, it } from 'vitest';
import type { TypeRef } from '../../generator/model/types.js';
import { doc, jsonOp, method, model, namedType, read } from './helpers.js';

const S: TypeRef = { kind: 'builtin', name: 'string' };
const I: TypeRef = { kind: 'builtin', name: 'integer' };
const NULL: TypeRef = { kind: 'builtin', name: 'null' };
const named = (name: string): TypeRef => ({ kind: 'named', name });
const lit = (value: string | number | boolean): TypeRef => ({ kind: 'literal', value });

/** The type of `schemas[name]` in a document with those components. */
function typeOf(schemas: Record<string, unknown>, name: string, openapi = '3.0.3'): TypeRef {
  return namedType(model(doc({ openapi, components: { schemas } })), name).type;
}

describe('components.schemas', () => {
  it('become named types, by typeName, with the key as the wire name', () => {
    const client = model(doc({ components: { schemas: { 'repository-ruleset': { type: 'string' }, pet: { type: 'integer' } } } }));
    expect(client.types.map((type) => [type.name, type.wireName])).toEqual([
      ['RepositoryRuleset', 'repository-ruleset'],
      ['Pet', 'pet'],
    ]);
    expect(namedType(client, 'Pet').origin.at).toBe('#/components/schemas/pet');
  });

  it('keeps two keys that make the same name apart, and refs keep pointing at the right one', () => {
    const client = model(
      doc({
        components: { schemas: { 'a-b': { type: 'string' }, a_b: { type: 'integer' }, AB: { type: 'boolean' }, Use: { type: 'object', properties: { x: { $ref: '#/components/schemas/AB' } } } } },
      }),
    );
    // All three keys make `AB` (types split at `_` too); the first key claims it, the others take counters.
    expect(client.types.map((type) => [type.name, type.wireName])).toEqual([
      ['AB', 'a-b'],
      ['AB2', 'a_b'],
      ['AB3', 'AB'],
      ['Use', 'Use'],
    ]);
    const use = namedType(client, 'Use').type;
    expect(use.kind === 'object' && use.fields[0]!.type).toEqual(named('AB3'));
  });

  it('maps recursive types through named refs, with no stack overflow', () => {
    const type = typeOf(
      { Node: { type: 'object', required: ['children'], properties: { children: { type: 'array', items: { $ref: '#/components/schemas/Node' } }, parent: { $ref: '#/components/schemas/Node' } } } },
      'Node',
    );
    expect(type).toEqual({
      kind: 'object',
      fields: [
        { name: 'children', optional: false, type: { kind: 'array', element: named('Node') }, docs: {} },
        { name: 'parent', optional: true, type: named('Node'), docs: {} },
      ],
      extra: undefined,
    });
  });

  it('hoists an inline schema that refers to itself into a named type', () => {
    const client = model(
      doc({
        paths: {
          '/tree': {
            get: jsonOp('getTree', { type: 'object', properties: { kids: { type: 'array', items: { $ref: '#/paths/~1tree/get/responses/200/content/application~1json/schema' } } } }),
          },
        },
      }),
    );
    // Named after the last pointer segment that is not structure: the media type.
    const hoisted = client.types[0]!;
    expect(hoisted.name).toBe('ApplicationJson');
    expect(hoisted.type.kind === 'object' && hoisted.type.fields[0]!.type).toEqual({ kind: 'array', element: named('ApplicationJson') });
  });

  it('oneOf and anyOf are unions, allOf an intersection, with the own type as a member', () => {
    const schemas = { A: { type: 'string' }, B: { type: 'integer' } };
    expect(typeOf({ ...schemas, U: { oneOf: [{ $ref: '#/components/schemas/A' }, { $ref: '#/components/schemas/B' }] } }, 'U')).toEqual({ kind: 'union', members: [named('A'), named('B')] });
    expect(typeOf({ ...schemas, U: { anyOf: [{ type: 'string' }, { type: 'string' }, { type: 'boolean' }] } }, 'U')).toEqual({ kind: 'union', members: [S, { kind: 'builtin', name: 'boolean' }] });
    expect(typeOf({ ...schemas, X: { allOf: [{ $ref: '#/components/schemas/A' }] } }, 'X')).toEqual(named('A'));
    const both = typeOf({ ...schemas, X: { type: 'object', properties: { id: { type: 'integer' } }, allOf: [{ $ref: '#/components/schemas/A' }], oneOf: [{ $ref: '#/components/schemas/B' }] } }, 'X');
    expect(both.kind).toBe('intersection');
    expect(both.kind === 'intersection' && both.members.map((member) => member.kind)).toEqual(['object', 'named', 'named']);
    // `type: object` alone beside allOf adds nothing.
    expect(typeOf({ ...schemas, X: { type: 'object', allOf: [{ $ref: '#/components/schemas/A' }, { $ref: '#/components/schemas/B' }] } }, 'X')).toEqual({ kind: 'intersection', members: [named('A'), named('B')] });
  });

  it('discriminator adds the discriminating literal to each $ref member, from mapping or the schema name', () => {
    const type = typeOf(
      {
        Cat: { type: 'object', properties: { petType: { type: 'string' } } },
        Dog: { type: 'object', properties: { petType: { type: 'string' } } },
        Pet: {
          oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }],
          discriminator: { propertyName: 'petType', mapping: { cat: '#/components/schemas/Cat', kitty: 'Cat' } },
        },
      },
      'Pet',
    );
    const tag = (value: TypeRef): TypeRef => ({ kind: 'object', fields: [{ name: 'petType', optional: false, type: value, docs: {} }], extra: undefined });
    expect(type).toEqual({
      kind: 'union',
      members: [
        { kind: 'intersection', members: [named('Cat'), tag({ kind: 'union', members: [lit('cat'), lit('kitty')] })] },
        { kind: 'intersection', members: [named('Dog'), tag(lit('Dog'))] },
      ],
    });
  });

  it("without a mapping, a member that fixes the property with an enum keeps its own value, not the schema's name (OpenAI's messages)", () => {
    const type = typeOf(
      {
        UserMessage: { type: 'object', required: ['role'], properties: { role: { type: 'string', enum: ['user'] } } },
        Other: { type: 'object', properties: { role: { type: 'string' } } },
        Message: { oneOf: [{ $ref: '#/components/schemas/UserMessage' }, { $ref: '#/components/schemas/Other' }], discriminator: { propertyName: 'role' } },
      },
      'Message',
    );
    expect(type).toEqual({
      kind: 'union',
      members: [named('UserMessage'), { kind: 'intersection', members: [named('Other'), { kind: 'object', fields: [{ name: 'role', optional: false, type: lit('Other'), docs: {} }], extra: undefined }] }],
    });
  });

  it('oneOf members that only list required keys are the parent object with those keys required', () => {
    const type = typeOf({ Item: { type: 'object', properties: { id: { type: 'integer' }, owner: { type: 'string' } }, oneOf: [{ required: ['id'] }, { required: ['owner'] }] } }, 'Item');
    const fields = (required: string): TypeRef => ({
      kind: 'object',
      fields: [
        { name: 'id', optional: required !== 'id', type: I, docs: {} },
        { name: 'owner', optional: required !== 'owner', type: S, docs: {} },
      ],
      extra: undefined,
    });
    expect(type.kind === 'intersection' && type.members[1]).toEqual({ kind: 'union', members: [fields('id'), fields('owner')] });
    // A member with properties of its own that requires a key only the parent declares gets that key too.
    const inherited = typeOf({ Run: { type: 'object', properties: { done: { type: 'string' } }, anyOf: [{ properties: { status: { enum: ['completed'] } }, required: ['done'] }] } }, 'Run');
    expect(inherited.kind === 'intersection' && inherited.members[1]).toEqual({
      kind: 'object',
      fields: [
        { name: 'status', optional: true, type: lit('completed'), docs: {} },
        { name: 'done', optional: false, type: S, docs: {} },
      ],
      extra: undefined,
    });
  });

  it('a discriminator on an allOf base stays an object (no cycle)', () => {
    const client = model(
      doc({
        components: {
          schemas: {
            Pet: { type: 'object', required: ['kind'], properties: { kind: { type: 'string' } }, discriminator: { propertyName: 'kind' } },
            Cat: { allOf: [{ $ref: '#/components/schemas/Pet' }, { type: 'object', properties: { lives: { type: 'integer' } } }] },
          },
        },
      }),
    );
    expect(namedType(client, 'Pet').type.kind).toBe('object');
    expect(namedType(client, 'Cat').type.kind).toBe('intersection');
  });

  it('nullable (3.0) and type lists (3.1) add null', () => {
    expect(typeOf({ N: { type: 'string', nullable: true } }, 'N')).toEqual({ kind: 'union', members: [S, NULL] });
    expect(typeOf({ N: { type: ['string', 'null'] } }, 'N', '3.1.0')).toEqual({ kind: 'union', members: [S, NULL] });
    expect(typeOf({ N: { type: ['integer', 'string'] } }, 'N', '3.1.0')).toEqual({ kind: 'union', members: [I, S] });
    expect(typeOf({ N: { $ref: '#/components/schemas/M', nullable: true }, M: { type: 'string' } }, 'N')).toEqual({ kind: 'union', members: [named('M'), NULL] });
  });

  it('enum and const are literals', () => {
    expect(typeOf({ E: { type: 'string', enum: ['open', 'closed', null] } }, 'E')).toEqual({ kind: 'union', members: [lit('open'), lit('closed'), NULL] });
    expect(typeOf({ E: { type: 'integer', enum: [1, 2] } }, 'E')).toEqual({ kind: 'union', members: [lit(1), lit(2)] });
    expect(typeOf({ E: { const: true } }, 'E', '3.1.0')).toEqual(lit(true));
    expect(typeOf({ E: { type: 'string', enum: ['a'], nullable: true } }, 'E')).toEqual({ kind: 'union', members: [lit('a'), NULL] });
  });

  it('an enum of objects keeps the base type, with a warning', () => {
    const client = model(doc({ components: { schemas: { E: { type: 'object', enum: [{ a: 1 }] } } } }));
    expect(namedType(client, 'E').type.kind).toBe('object');
    expect(client.warnings.filter((warning) => warning.code === 'unsupportedConstruct').map((warning) => warning.at)).toEqual(['#/components/schemas/E/enum']);
  });

  it('additionalProperties is the extra keys type; an empty object is a record of unknown', () => {
    expect(typeOf({ M: { type: 'object', additionalProperties: { type: 'integer' } } }, 'M')).toEqual({ kind: 'object', fields: [], extra: I });
    expect(typeOf({ M: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: true } }, 'M')).toEqual({
      kind: 'object',
      fields: [{ name: 'a', optional: true, type: S, docs: {} }],
      extra: { kind: 'builtin', name: 'unknown' },
    });
    expect(typeOf({ M: { type: 'object' } }, 'M')).toEqual({ kind: 'object', fields: [], extra: { kind: 'builtin', name: 'unknown' } });
    expect(typeOf({ M: { type: 'object', additionalProperties: false } }, 'M')).toEqual({ kind: 'object', fields: [], extra: undefined });
    expect(typeOf({ M: { properties: { 'odd key': { type: 'string' } }, required: ['odd key'] } }, 'M')).toEqual({
      kind: 'object',
      fields: [{ name: 'odd key', optional: false, type: S, docs: {} }],
      extra: undefined,
    });
  });

  it('format binary is the builtin binary; arrays without items hold unknown', () => {
    expect(typeOf({ F: { type: 'string', format: 'binary' } }, 'F')).toEqual({ kind: 'builtin', name: 'binary' });
    expect(typeOf({ F: { type: 'string', contentMediaType: 'image/png' } }, 'F', '3.1.0')).toEqual({ kind: 'builtin', name: 'binary' });
    expect(typeOf({ F: { type: 'array' } }, 'F')).toEqual({ kind: 'array', element: { kind: 'builtin', name: 'unknown' } });
  });

  it('docs: description, title, format, default, deprecated, readOnly and writeOnly', () => {
    const client = model(
      doc({
        components: {
          schemas: {
            User: {
              title: 'A user',
              description: 'Someone.',
              deprecated: true,
              type: 'object',
              properties: {
                id: { type: 'integer', readOnly: true, format: 'int64' },
                password: { type: 'string', writeOnly: true },
                role: { type: 'string', default: 'member', description: 'What they may do.' },
              },
            },
          },
        },
      }),
    );
    const user = namedType(client, 'User');
    expect(user.docs).toEqual({ summary: 'A user', description: 'Someone.', deprecated: true });
    // `User` is the form a response has: the write-only `password` is not in it (model/directions.ts).
    expect(user.type.kind === 'object' && user.type.fields.map((field) => field.docs)).toEqual([
      { readOnly: true, format: 'int64' },
      { description: 'What they may do.', defaultValue: '"member"' },
    ]);
    const sent = model(doc({ paths: { '/users': { post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/User' } } } }, responses: { 201: { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/User' } } } } } } } }, components: { schemas: { User: { type: 'object', properties: { id: { type: 'integer', readOnly: true }, password: { type: 'string', writeOnly: true } } } } } }));
    const writable = namedType(sent, 'UserWritable');
    expect(writable.type.kind === 'object' && writable.type.fields.map((field) => [field.name, field.docs])).toEqual([['id', { readOnly: true }], ['password', { writeOnly: true }]]);
  });

  it('a bad schema type is a located error; a broken ref names what is missing', () => {
    const bad = read(doc({ components: { schemas: { T: { type: 'strin' } } } }));
    expect(bad.model).toBeUndefined();
    expect(bad.errors.map((error) => [error.at, error.message])).toEqual([['#/components/schemas/T/type', 'expected a schema type (string, number, integer, boolean, null, array, object); got "strin"']]);
    expect(bad.errors[0]!.position).toEqual({ line: 11, col: 17 });
    const ref = read(doc({ components: { schemas: { T: { $ref: '#/components/schemas/Nope' } } } }));
    expect(ref.errors.map((error) => [error.at, error.message])).toEqual([['#/components/schemas/T/$ref', 'cannot resolve $ref "#/components/schemas/Nope": the document has nothing at "Nope"']]);
  });

  it('refuses an alias that is only itself, through the model checks', () => {
    const result = read(doc({ components: { schemas: { A: { $ref: '#/components/schemas/B' }, B: { $ref: '#/components/schemas/A' } } } }));
    expect(result.errors.map((error) => error.code)).toEqual(['typeCycle']);
  });

  it('reports schemas nested too deep instead of overflowing the stack', () => {
    // Written as text: JSON.stringify itself would overflow on it.
    const schema = `${'{"type":"array","items":'.repeat(5000)}{"type":"string"}${'}'.repeat(5000)}`;
    const result = read(`{"openapi":"3.0.3","info":{"title":"T","version":"1"},"paths":{},"components":{"schemas":{"Deep":${schema}}}}`);
    expect(result.errors.map((error) => error.code)).toEqual(['schemaTooDeep']);
  });

  it('a YAML alias that contains itself is a warning, not a hang', () => {
    const text = ['openapi: 3.0.3', 'info: {title: T, version: "1"}', 'paths: {}', 'components:', '  schemas:', '    Loop: &loop', '      type: object', '      properties:', '        self: *loop', ''].join('\n');
    const result = read(text, { file: 'api.yaml' });
    expect(result.errors).toEqual([]);
    expect(result.warnings.map((warning) => warning.code)).toContain('unsupportedConstruct');
  });

  it('a method result refers to named types', () => {
    const client = model(doc({ paths: { '/pets': { get: jsonOp('listPets', { type: 'array', items: { $ref: '#/components/schemas/Pet' } }) } }, components: { schemas: { Pet: { type: 'object' } } } }));
    // It reads a list, so `/pets` is a collection without an item path beside it.
    expect(method(client, 'list').resource).toEqual(['pets']);
    expect(method(client, 'list').result).toEqual({ reading: 'json', type: { kind: 'array', element: named('Pet') }, docs: { description: 'ok' } });
  });
});
