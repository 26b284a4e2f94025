/**
 * `sessiongen import` prints a model as a spec. What it prints must read back into the same
 * model: for every fixture, spec → model → printed spec → model gives the same emitted client.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emitClient } from '../../generator/emit/client.js';
import { printSpec } from '../../generator/frontends/yaml/print.js';
import { compileSpec } from '../../generator/generate.js';
import { FIXTURES } from './helpers.js';

const SCHEMA = '../schema/sessiongen.schema.json';

describe('printing a model as a spec', () => {
  const names = readdirSync(FIXTURES).filter((name) => name.endsWith('.yaml'));

  it.each(names)('%s reads back into the same client', (name) => {
    const first = compileSpec(readFileSync(join(FIXTURES, name), 'utf8'), name, name);
    expect(first.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    const printed = printSpec(first.model!, name, SCHEMA);
    const second = compileSpec(printed, `printed-${name}`, name);
    expect(second.diagnostics, printed).toEqual([]);
    expect(emitClient(second.model!)).toBe(emitClient(first.model!));
  });

  it('writes docs, wire names, styles, media types and pages the way a person would', () => {
    const { model } = compileSpec(readFileSync(join(FIXTURES, 'slack.yaml'), 'utf8'), 'slack.yaml');
    const printed = printSpec(model!, 'slack.yaml', SCHEMA);
    expect(printed).toMatch(/^# yaml-language-server: \$schema=\.\.\/schema\/sessiongen\.schema\.json\n# Imported by sessiongen from slack\.yaml; edit it freely\.\n/);
    expect(printed).toContain('  conversations.list:\n');
    expect(printed).toContain('      exclude-archived?: boolean\n');
    expect(printed).toContain('        $style: comma\n');
    expect(printed).toContain('    body:\n      $type: FileUpload\n      $content_type: multipart/form-data\n');
    expect(printed).toContain('      cursor: response_metadata.next_cursor\n');
  });

  it('quotes values that would read back as something else, and names that are not identifiers', () => {
    const spec = [
      'client: Api',
      'headers: { X-Version: "1.10", X-Flag: "true" }',
      'types:',
      '  repository-ruleset: { id: integer }',
      '  Holder:',
      '    rules:',
      '      $items:',
      '        kind:',
      '          $type: "\'a\' | \'b\\\\\'c\'"',
      '          $description: "A kind, with */ and ${x} in it"',
      'paths:',
      '  list:',
      '    path: /rules',
      '    response: "`repository-ruleset`[]"',
    ].join('\n');
    const first = compileSpec(spec, 'api.yaml');
    expect(first.diagnostics).toEqual([]);
    const printed = printSpec(first.model!, 'api.yaml', SCHEMA);
    expect(printed).toContain('X-Version: "1.10"');
    expect(printed).toContain('response: "`repository-ruleset`[]"');
    const second = compileSpec(printed, 'printed.yaml', 'api.yaml');
    expect(second.diagnostics, printed).toEqual([]);
    expect(emitClient(second.model!)).toBe(emitClient(first.model!));
  });

  it('reads what the OpenAPI front end takes: a query parameter of any type in any style, a fixed query in a path', () => {
    const spec = [
      'client: Api',
      'paths:',
      '  listCustomers:',
      '    path: /v1/customers?beta=true',
      '    query:',
      '      expand?: { $type: "string[]", $style: deepObject }',
      '      created?: { $type: "{ gte?: integer } | integer", $style: deepObject }',
      '      billing_cycle_anchor?: { $type: "\'now\' | integer", $style: deepObject }',
      '      customer?: { $type: string, $style: deepObject }',
      '    response: unknown',
    ].join('\n');
    const first = compileSpec(spec, 'api.yaml');
    expect(first.diagnostics.map((item) => item.message)).toEqual([]);
    const code = emitClient(first.model!);
    expect(code).toContain("'GET', '/v1/customers?beta=true'");
    expect(code).toContain("{ expand: 'deepObject', created: 'deepObject', billing_cycle_anchor: 'deepObject', customer: 'deepObject' }");
    const printed = printSpec(first.model!, 'api.yaml', SCHEMA);
    const second = compileSpec(printed, 'printed.yaml', 'api.yaml');
    expect(second.diagnostics, printed).toEqual([]);
    expect(emitClient(second.model!)).toBe(code);
  });
});
