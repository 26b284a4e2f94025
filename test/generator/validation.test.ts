import { mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DIAGNOSTICS, formatDiagnostic, WARNINGS, type DiagnosticCode } from '../../generator/diagnostics.js';
import { compileSpec, generate } from '../../generator/generate.js';
import { CASES, FILE_CODES, KEY_CASES, type ValidationCase } from './validation-cases.js';
import { scratch } from './helpers.js';
import { OPENAPI_CODES } from '../openapi/diagnostic-cases.js';

const GOOD_SPEC = 'client: Good\npaths:\n  ping:\n    path: /ping\n';
const OLD_TIME = new Date('2020-01-01T00:00:00Z');

interface Outputs {
  readonly dir: string;
  readonly files: Record<string, string>;
}

/** An output folder holding earlier outputs (with an old mtime) that a failed run must leave alone. */
function existingOutputs(dir: string): Outputs {
  const out = join(dir, 'out');
  mkdirSync(out, { recursive: true });
  const files = { 'spec.ts': '// an earlier good output of spec.yaml\n', 'good.ts': '// an earlier output of good.yaml\n' };
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(out, name), text);
    utimesSync(join(out, name), OLD_TIME, OLD_TIME);
  }
  return { dir: out, files };
}

function expectUntouched(outputs: Outputs): void {
  for (const [name, text] of Object.entries(outputs.files)) {
    expect(readFileSync(join(outputs.dir, name), 'utf8')).toBe(text);
    expect(statSync(join(outputs.dir, name)).mtime.getTime()).toBe(OLD_TIME.getTime());
  }
}

function lines(diagnostics: readonly { file: string }[]): string[] {
  return diagnostics.map((diagnostic) => formatDiagnostic({ ...(diagnostic as Parameters<typeof formatDiagnostic>[0]), file: 'spec.yaml' }));
}

describe('validation', () => {
  it('has a case for every diagnostic declared in generator/diagnostics.ts', () => {
    const covered = new Set<string>([...Object.keys(CASES), ...FILE_CODES, ...OPENAPI_CODES]);
    expect(Object.keys(DIAGNOSTICS).filter((code) => !covered.has(code))).toEqual([]);
  });

  /** Generates a good spec beside the bad one: the run reports exactly the expected lines and writes nothing. */
  async function expectRefused(name: string, testCase: ValidationCase): Promise<readonly DiagnosticCode[]> {
    const dir = scratch(`invalid-${name.replace(/[^A-Za-z0-9]+/g, '-')}`);
    const outputs = existingOutputs(dir);
    writeFileSync(join(dir, 'spec.yaml'), testCase.spec);
    writeFileSync(join(dir, 'good.yaml'), GOOD_SPEC);
    const result = await generate({ specs: [join(dir, 'good.yaml'), join(dir, 'spec.yaml')], outDir: outputs.dir });
    expect(result.ok).toBe(false);
    expect(lines(result.diagnostics)).toEqual(testCase.expected);
    expect(result.files).toEqual([]);
    expectUntouched(outputs);
    return result.diagnostics.map((diagnostic) => diagnostic.code);
  }

  for (const [code, testCase] of Object.entries(CASES) as [DiagnosticCode, ValidationCase][]) {
    if (WARNINGS.has(code)) {
      it(`${code}: a warning, reported exactly, and the client is still generated`, async () => {
        const dir = scratch(`warning-${code}`);
        writeFileSync(join(dir, 'spec.yaml'), testCase.spec);
        const result = await generate({ specs: [join(dir, 'spec.yaml')], outDir: join(dir, 'out') });
        expect(result.ok).toBe(true);
        expect(lines(result.diagnostics)).toEqual(testCase.expected);
        expect(result.diagnostics.map((diagnostic) => diagnostic.code)).toEqual([code]);
        expect(result.files.map((file) => file.status)).toEqual(['written']);
      });
      continue;
    }
    it(`${code}: reports it exactly, writes nothing, and leaves existing outputs byte-identical`, async () => {
      expect(await expectRefused(code, testCase)).toContain(code);
    });
  }

  for (const [name, testCase] of Object.entries(KEY_CASES)) {
    it(`${name}: reports it exactly, writes nothing, and leaves existing outputs byte-identical`, async () => {
      await expectRefused(name, testCase);
    });
  }

  it('fileUnreadable: a spec that vanished is reported and nothing is written', async () => {
    const dir = scratch('invalid-unreadable');
    const outputs = existingOutputs(dir);
    writeFileSync(join(dir, 'good.yaml'), GOOD_SPEC);
    const result = await generate({ specs: [join(dir, 'good.yaml'), join(dir, 'spec.yaml')], outDir: outputs.dir });
    expect(result.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['fileUnreadable']);
    expect(formatDiagnostic(result.diagnostics[0]!)).toMatch(/spec\.yaml:1:1: cannot read the spec: ENOENT/);
    expectUntouched(outputs);
  });

  it('outputClash: two specs that would write the same file', async () => {
    const dir = scratch('invalid-clash');
    const outputs = existingOutputs(dir);
    mkdirSync(join(dir, 'a'));
    mkdirSync(join(dir, 'b'));
    writeFileSync(join(dir, 'a', 'good.yaml'), GOOD_SPEC);
    writeFileSync(join(dir, 'b', 'good.yaml'), GOOD_SPEC);
    const result = await generate({ specs: [join(dir, 'a', 'good.yaml'), join(dir, 'b', 'good.yaml')], outDir: outputs.dir });
    expect(result.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['outputClash']);
    expect(result.diagnostics[0]!.message).toBe(`would write ${join(outputs.dir, 'good.ts')}, as ${join(dir, 'a', 'good.yaml')} does; give the specs different names`);
    expectUntouched(outputs);
  });

  it('reports every problem in a spec, in source order, not just the first', () => {
    const spec = [
      'client: Api',
      'conections: 3',
      'paths:',
      '  getPet:',
      '    method: FETCH',
      '    path: /pets/{}',
      '    response: Pett',
    ].join('\n');
    expect(lines(compileSpec(spec, 'spec.yaml').diagnostics)).toEqual([
      'spec.yaml:2:1: conections: unknown key "conections"; did you mean "connections"?',
      'spec.yaml:5:13: paths.getPet.method: expected one of GET, HEAD, POST, PUT, DELETE, OPTIONS, PATCH; got "FETCH"',
      'spec.yaml:6:17: paths.getPet.path: path "/pets/{}" has a {placeholder} with no name',
      'spec.yaml:7:15: paths.getPet.response: unknown type "Pett"',
    ]);
  });

  it('an alias bomb is refused quickly', () => {
    const started = performance.now();
    const result = compileSpec(CASES.yamlAliasBomb!.spec, 'spec.yaml');
    expect(result.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['yamlAliasBomb']);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('header and query values that YAML reads as numbers keep the text the user wrote', () => {
    const spec = 'client: Api\nheaders:\n  X-Version: 1.10\n  X-Account: 00123\n  X-Hex: 0x1F\nparams:\n  v: 1.10\n  n: 1e3\npaths:\n  ping:\n    path: /ping\n    headers: { X-Build: 007 }\n';
    const { model, diagnostics } = compileSpec(spec, 'spec.yaml');
    expect(diagnostics).toEqual([]);
    expect(model?.headers).toEqual([['X-Version', '1.10'], ['X-Account', '00123'], ['X-Hex', '0x1F']]);
    expect(model?.params).toEqual([['v', '1.10'], ['n', '1e3']]);
    expect(model?.methods[0]?.headers).toEqual([['X-Build', '007']]);
  });

  it('modest aliases still work (a shared header map)', () => {
    const spec = 'client: Api\nheaders: &common\n  X-App: demo\npaths:\n  ping:\n    path: /ping\n    headers: *common\n';
    const result = compileSpec(spec, 'spec.yaml');
    expect(result.diagnostics).toEqual([]);
    expect(result.model?.methods[0]?.headers).toEqual([['X-App', 'demo']]);
  });
});

describe('the model', () => {
  let model: ReturnType<typeof compileSpec>['model'];
  beforeAll(() => {
    model = compileSpec(readFileSync(new URL('../../fixtures/petstore.yaml', import.meta.url), 'utf8'), 'petstore.yaml').model;
  });

  it('is frozen all the way down', () => {
    expect(model).toBeDefined();
    expect(Object.isFrozen(model)).toBe(true);
    expect(Object.isFrozen(model!.methods[0]!.path)).toBe(true);
    expect(() => (model!.methods as unknown as unknown[]).push(1)).toThrow();
  });

  it('keeps spec order and defaults (GET, string params)', () => {
    expect(model!.methods.map((method) => `${method.httpMethod} ${method.name}`)).toEqual(['GET listPets', 'GET getPet', 'POST createPet']);
    expect(model!.methods[1]!.params).toEqual([
      {
        in: 'path',
        wireName: 'petId',
        name: 'petId',
        required: true,
        type: { kind: 'builtin', name: 'integer' },
        style: 'repeat',
        docs: {},
        origin: { file: 'petstore.yaml', position: { line: 29, col: 7 }, at: 'paths.getPet.params.petId' },
      },
    ]);
  });
});
