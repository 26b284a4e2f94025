/**
 * What a spec repeats is emitted once: an inline object standing in several places becomes one
 * alias, a parameter several methods take alike goes in SharedParams, picked by each argument.
 * The output type-checks, keeps every doc, and reads back the same from the imported spec.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emitClient } from '../../generator/emit/client.js';
import { printSpec } from '../../generator/frontends/yaml/print.js';
import { compileSpec } from '../../generator/generate.js';
import { scratch, typeCheck } from './helpers.js';

const AUTHOR = [
  '        $type:',
  '          login:',
  '            $type: string',
  '            $description: The handle of the account that wrote it, as shown on its profile page.',
  '          avatar_url?:',
  '            $type: string',
  '            $format: uri',
  '          site_admin: boolean',
];

const OWNER = ['      owner:', '        $type: string', '        $description: The account owner of the repository. The name is not case sensitive.'];
const PER_PAGE = ['      per_page?:', '        $type: integer', '        $description: The number of results per page (max 100).', '        $default: 30'];

const SPEC = [
  'client: Repos',
  'base_location: https://api.example.com',
  'types:',
  '  Issue:',
  '    title: string',
  '    author:',
  ...AUTHOR,
  '  Comment:',
  '    body: string',
  '    author:',
  ...AUTHOR,
  'paths:',
  ...['listIssues', 'listComments', 'listLabels'].flatMap((name) => [
    `  ${name}:`,
    `    path: /repos/{owner}/${name}`,
    '    params:',
    ...OWNER,
    '    query:',
    ...PER_PAGE,
    `      ${name}_only?: boolean`,
    '    response: Issue[]',
  ]),
  '  getUser:',
  '    path: /users/{owner}',
  '    params:',
  '      owner: string',
  '    response: Comment',
].join('\n');

describe('said once', () => {
  const { model, diagnostics } = compileSpec(SPEC, 'repos.yaml');
  const code = model === undefined ? '' : emitClient(model);

  it('compiles the spec', () => {
    if (process.env.SHOW_SAID_ONCE) console.log(code);
    expect(diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
  });

  it('writes a repeated inline object once, named after where it first stands, docs on its fields', () => {
    expect(code).toContain('export type IssueAuthor = {');
    expect(code).toContain('  author: IssueAuthor;');
    expect(code.match(/The handle of the account that wrote it/g)).toHaveLength(1);
    expect(code).toContain('/** @format uri */');
  });

  it('documents a parameter taken alike by three methods once, and picks it in each argument', () => {
    expect(code).toContain('export type SharedParams = {');
    expect(code.match(/The account owner of the repository/g)).toHaveLength(1);
    expect(code.match(/The number of results per page/g)).toHaveLength(1);
    expect(code).toContain("export interface ListIssuesArgs extends CallOptions, Pick<SharedParams, 'owner'> {");
    expect(code).toContain("query?: Pick<SharedParams, 'per_page'> & {");
    // Same name, other docs: its own field, not the shared one.
    expect(code).toMatch(/export interface GetUserArgs extends CallOptions \{\n {2}owner: string;/);
  });

  it('emits the same bytes every time and from the imported spec', () => {
    expect(emitClient(compileSpec(SPEC, 'repos.yaml').model!)).toBe(code);
    const printed = printSpec(model!, 'repos.yaml', 'schema.json');
    expect(emitClient(compileSpec(printed, 'printed.yaml', 'repos.yaml').model!)).toBe(code);
  });

  it('type-checks under the strict settings', () => {
    const dir = scratch('said-once');
    const file = join(dir, 'repos.ts');
    writeFileSync(file, code);
    const run = typeCheck(dir, [file]);
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
