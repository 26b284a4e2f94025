import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { specJsonSchemaText } from '../../generator/frontends/yaml/schema.js';
import { AUTH_SCHEMES, HTTP_METHODS, PATH_KEYS, RETRY_KEYS, SPEC_KEYS, requiredKeys } from '../../generator/frontends/yaml/spec-format.js';

const shipped = readFileSync(new URL('../../schema/sessiongen.schema.json', import.meta.url), 'utf8');
const schema = JSON.parse(shipped) as {
  properties: Record<string, unknown>;
  required: string[];
  additionalProperties: boolean;
  $defs: {
    path: { properties: Record<string, { enum?: string[] }>; required: string[]; additionalProperties: boolean };
    retry: { oneOf: [{ type: string }, { properties: Record<string, unknown>; additionalProperties: boolean }] };
  };
};

describe('the shipped JSON Schema', () => {
  it('is exactly what the validator key tables give (run `npm run schema` after changing them)', () => {
    expect(shipped).toBe(specJsonSchemaText());
  });

  it('allows the keys the validator allows, requires what it requires, and nothing else', () => {
    expect(Object.keys(schema.properties)).toEqual(Object.keys(SPEC_KEYS));
    expect(schema.required).toEqual(requiredKeys(SPEC_KEYS));
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.$defs.path.properties)).toEqual(Object.keys(PATH_KEYS));
    expect(schema.$defs.path.required).toEqual(requiredKeys(PATH_KEYS));
    expect(schema.$defs.path.additionalProperties).toBe(false);
    expect(schema.$defs.path.properties['method']!.enum).toEqual([...HTTP_METHODS]);
    const auth = schema.properties['auth'] as { oneOf: [{ enum: string[] }, { $ref: string }] };
    expect(auth.oneOf[0].enum).toEqual(AUTH_SCHEMES.filter((scheme) => scheme !== 'api_key'));
    expect(auth.oneOf[1].$ref).toBe('#/$defs/auth');
    expect(schema.$defs.retry.oneOf[0].type).toBe('integer');
    expect(Object.keys(schema.$defs.retry.oneOf[1].properties)).toEqual(Object.keys(RETRY_KEYS));
    expect(schema.$defs.retry.oneOf[1].additionalProperties).toBe(false);
  });

  it('is shipped in the package and named by the fixtures for editors', () => {
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { files: string[] };
    expect(manifest.files).toContain('schema');
    expect(readFileSync(new URL('../../fixtures/petstore.yaml', import.meta.url), 'utf8')).toMatch(/^# yaml-language-server: \$schema=\.\.\/schema\/sessiongen\.schema\.json$/m);
  });
});

describe('the JSON Schema, run by a real validator (Ajv, draft 2020-12)', () => {
  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(JSON.parse(shipped) as object);
  const fixtures = new URL('../../fixtures/', import.meta.url);

  it('accepts every fixture spec', () => {
    const names = readdirSync(fixtures).filter((name) => name.endsWith('.yaml'));
    expect(names.length).toBeGreaterThanOrEqual(9);
    for (const name of names) {
      const ok = validate(parse(readFileSync(new URL(name, fixtures), 'utf8')));
      expect(ok ? [] : validate.errors, name).toEqual([]);
    }
  });

  it('refuses what the generator refuses in shape: a wrong query style, an api_key place, an unknown detail key', () => {
    const bad = [
      { client: 'A', paths: { p: { path: '/p', query: { q: { $type: 'string[]', $style: 'csv' } } } } },
      { client: 'A', auth: { scheme: 'api_key', in: 'body', name: 'k' }, paths: {} },
      { client: 'A', types: { T: { $type: 'string', $colour: 'red' } }, paths: {} },
      { client: 'A', paths: { p: { path: '/p', errors: { 200: 'string' } } } },
    ];
    for (const spec of bad) expect(validate(spec), JSON.stringify(spec)).toBe(false);
  });
});
