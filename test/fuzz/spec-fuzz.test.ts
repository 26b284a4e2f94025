/**
 * Spec fuzzing. Every spec, valid-shaped or mutated, hostile strings everywhere, must either
 *  (a) fail with positioned one-line errors (`<file>:<line>:<col>: <key path>: ...`) and write
 *      nothing (the output folder byte-for-byte as it was, an earlier output included), or
 *  (b) emit code that compiles under strict tsc (all emitted files of a run checked by ONE tsc)
 *      and whose literals evaluate to exactly the spec's strings.
 * Generating never pollutes Object.prototype, and a YAML alias bomb is refused in well under a second.
 *
 * `npm test` runs a bounded number with a fixed seed; `npm run fuzz` runs FUZZ_RUNS (default 4000)
 * with a fresh seed (or FUZZ_SEED) and prints the counts.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { Node, Project, SyntaxKind, type JSDocableNode, type ObjectLiteralExpression } from 'ts-morph';
import { parseDocument } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDiagnostic, type Diagnostic } from '../../generator/diagnostics.js';
import { compileSpec, generate, generateSource } from '../../generator/generate.js';
import { scratch, typeCheck } from '../generator/helpers.js';
import { methodName, paramName, typeName } from '../../generator/model/names.js';
import { specText } from './spec-arbitraries.js';

const LONG = process.env.FUZZ_RUNS !== undefined;
const RUNS = LONG ? Number(process.env.FUZZ_RUNS) : 200;
const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : LONG ? Date.now() % 2 ** 31 : 20_240_607;

/** Diagnostics about the document as a whole (or naming their key in the message) may have no key path. */
const NO_KEY_PATH_OK = new Set(['yamlSyntax', 'yamlAliasBomb', 'yamlComplexKey', 'missingKey', 'wrongType', 'unknownKey', 'fileUnreadable']);

const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).sort();

function expectPrototypeClean(): void {
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_NAMES);
  expect(Object.getOwnPropertySymbols(Object.prototype)).toEqual([]);
}

/** Every file under `dir` with its bytes. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      files.set(relative(dir, path), readFileSync(path, 'latin1'));
    }
  }
  return files;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Evaluates an emitted expression with the JavaScript parser, the one judge of what it means. */
function evaluate(text: string, names: readonly string[] = [], values: readonly unknown[] = []): unknown {
  return new Function(...names, `return (${text});`)(...values);
}

function keyOf(name: Node): string {
  if (Node.isIdentifier(name)) return name.getText();
  if (Node.isStringLiteral(name) || Node.isNumericLiteral(name)) return String(evaluate(name.getText()));
  if (Node.isComputedPropertyName(name)) return String(evaluate(name.getExpression().getText()));
  throw new Error(`unexpected property name ${name.getText()}`);
}

/** Own `key: value` assignments of an object literal (spreads skipped), values evaluated. */
function assignments(object: ObjectLiteralExpression): [string, Node][] {
  return object.getProperties().flatMap((property): [string, Node][] => (Node.isPropertyAssignment(property) ? [[keyOf(property.getNameNode()), property.getInitializerOrThrow()]] : []));
}

function stringEntries(object: Node | undefined): [string, string][] {
  if (object === undefined) return [];
  if (!Node.isObjectLiteralExpression(object)) throw new Error(`expected an object literal, got ${object.getText()}`);
  return assignments(object).map(([key, value]) => [key, evaluate(value.getText()) as string]);
}

const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** JSDoc text as a reader sees it, whitespace collapsed. */
function docText(node: JSDocableNode): string {
  return collapse(
    node
      .getJsDocs()
      .map((doc) => doc.getText().slice(3, -2).split('\n').map((line) => line.replace(/^\s*\* ?/, '')).join(' '))
      .join(' '),
  );
}

/** What a JSDoc should say for these paragraphs: line breaks become new lines, `*​/` cannot close it. */
function expectedDoc(...paragraphs: (string | undefined)[]): string {
  const text = paragraphs.filter((paragraph) => paragraph !== undefined).join(' ');
  return collapse(
    text
      .replace(/\r\n|[\n\r\u2028\u2029]/g, ' ')
      .replace(/\*\//g, '*\\/')
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`),
  );
}

type JsMap = Map<unknown, unknown>;
const asMap = (value: unknown): JsMap | undefined => (value instanceof Map ? value : undefined);
const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const headerPairs = (value: unknown): [string, string][] => [...(asMap(value) ?? [])].map(([key, inner]) => [String(key), String(inner)]);

const morph = new Project({ useInMemoryFileSystem: true });

/** Checks an emitted client against the spec as YAML reads it. */
function checkEmitted(code: string, text: string): void {
  const spec = asMap(parseDocument(text, { uniqueKeys: false }).toJS({ mapAsMap: true, maxAliasCount: -1 }))!;
  const file = morph.createSourceFile('client.ts', code, { overwrite: true });
  try {
    const client = file.getClassOrThrow(typeName(String(spec.get('client'))));
    expect(docText(client), 'class JSDoc').toBe(expectedDoc(asString(spec.get('description')), 'Options given to the constructor override the defaults from the spec.'));

    const superCall = client.getConstructors()[0]!.getDescendantsOfKind(SyntaxKind.CallExpression).find((call) => call.getExpression().getKind() === SyntaxKind.SuperKeyword)!;
    const defaults = new Map(assignments(superCall.getArguments()[0]!.asKindOrThrow(SyntaxKind.ObjectLiteralExpression)));
    for (const [key, property] of [['base_location', 'baseLocation'], ['endpoint', 'endpoint']] as const) {
      const literal = defaults.get(property);
      expect(literal === undefined ? undefined : evaluate(literal.getText()), key).toBe(spec.get(key));
    }
    expect(stringEntries(defaults.get('headers')), 'session headers').toEqual(headerPairs(spec.get('headers')));

    for (const [name, value] of asMap(spec.get('types')) ?? []) {
      const fields = asMap(value);
      if (fields === undefined) continue;
      const literal = file.getTypeAliasOrThrow(typeName(String(name))).getTypeNodeOrThrow();
      const members = literal.getDescendantsOfKind(SyntaxKind.PropertySignature).filter((member) => member.getParent() === literal).map((member) => [keyOf(member.getNameNode()), member.hasQuestionToken()]);
      const keys = [...fields.keys()].map(String).map((key) => (key.endsWith('?') ? [key.slice(0, -1), true] : [key, false]));
      expect(members, `members of ${String(name)}`).toEqual(keys);
    }

    for (const [name, value] of asMap(spec.get('paths')) ?? []) {
      const path = asMap(value)!;
      const method = client.getMethodOrThrow(methodName(String(name)));
      const route = String(path.get('path'));
      const httpMethod = String(path.get('method') ?? 'GET');
      const wire = methodName(String(name)) === String(name) ? undefined : `\`${String(name)}\` in the API.`;
      expect(docText(method), `JSDoc of ${String(name)}`).toBe(expectedDoc(asString(path.get('description')), `\`${httpMethod} ${route}\``, wire));
      const call = method.getDescendantsOfKind(SyntaxKind.CallExpression).find((candidate) => candidate.getExpression().getText() === 'this.callApi')!;
      const [methodArg, pathArg, requestArg] = call.getArguments();
      expect(evaluate(methodArg!.getText()), `method of ${String(name)}`).toBe(httpMethod);
      // Each placeholder evaluates to `{name}` through an identity encodePathParam: the route comes back as written.
      const params = [...route.matchAll(/\{([^}]*)\}/g)].map((match) => match[1]!);
      const rebuilt = evaluate(pathArg!.getText(), ['encodePathParam', ...params.map((param) => paramName(param, 'path'))], [(part: unknown) => part, ...params.map((param) => `{${param}}`)]);
      expect(rebuilt, `path of ${String(name)}`).toBe(route);
      const request = Node.isObjectLiteralExpression(requestArg) ? new Map(assignments(requestArg)) : new Map<string, Node>();
      expect(stringEntries(request.get('headers')), `headers of ${String(name)}`).toEqual(headerPairs(path.get('headers')));
    }
  } finally {
    morph.removeSourceFile(file);
  }
}

function checkRejected(diagnostics: readonly Diagnostic[], specFile: string, text: string): void {
  expect(diagnostics.length).toBeGreaterThan(0);
  const lineCount = text.split('\n').length;
  const head = new RegExp(`^${escapeRegExp(specFile)}:(\\d+):(\\d+): `);
  for (const diagnostic of diagnostics) {
    const formatted = formatDiagnostic(diagnostic);
    // One line each, with nothing a terminal would act on.
    expect(formatted, 'a diagnostic is one printable line').not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
    const match = head.exec(formatted);
    expect(match, formatted).not.toBeNull();
    const line = Number(match![1]);
    expect(line, formatted).toBeGreaterThanOrEqual(1);
    expect(line, formatted).toBeLessThanOrEqual(lineCount + 1);
    expect(Number(match![2]), formatted).toBeGreaterThanOrEqual(1);
    if (!NO_KEY_PATH_OK.has(diagnostic.code)) expect(diagnostic.at, `${formatted} has a key path`).not.toBe('');
  }
}

interface Counts {
  tried: number;
  valid: number;
  mutated: number;
  emitted: number;
  rejected: number;
  failures: number;
}

describe('spec fuzzing', () => {
  const dir = scratch('fuzz');
  const counts: Counts = { tried: 0, valid: 0, mutated: 0, emitted: 0, rejected: 0, failures: 0 };
  const emitted = new Map<string, string>();
  /** Which diagnostics the rejected specs got (first of each spec), by the shape they were built in. */
  const codes: Record<string, number> = {};

  afterAll(() => {
    const summary = { runs: RUNS, seed: SEED, ...counts, codes };
    writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary, null, 2));
    console.log(`spec fuzz: ${counts.tried} specs tried (${counts.valid} valid-shaped, ${counts.mutated} mutated), ${counts.emitted} emitted and type-checked, ${counts.rejected} rejected with positioned errors, failures: ${counts.failures} (runs ${RUNS}, seed ${SEED})`);
  });

  it(`${RUNS} random and mutated specs: positioned errors and nothing written, or strict-clean code with the spec's strings`, async () => {
    let index = 0;
    const property = fc.asyncProperty(specText, async ({ text, shape }) => {
      const id = index++;
      counts.tried++;
      counts[shape]++;
      const specFile = join(dir, 'specs', `s${id}.yaml`);
      const outDir = join(dir, 'out', `o${id}`);
      mkdirSync(join(dir, 'specs'), { recursive: true });
      mkdirSync(outDir, { recursive: true });
      writeFileSync(specFile, text);
      // The spec is what is on disk: a text mutation can split a surrogate pair, which UTF-8 cannot hold.
      const spec = readFileSync(specFile, 'utf8');
      // An earlier output of this spec and an unrelated file: a failed run must leave both alone.
      writeFileSync(join(outDir, `s${id}.ts`), '// an earlier output\n');
      writeFileSync(join(outDir, 'keep.txt'), 'keep\n');
      const before = snapshot(outDir);
      try {
        const result = await generate({ specs: [specFile], outDir });
        if (!result.ok) {
          checkRejected(result.diagnostics, specFile, spec);
          const code = `${shape}:${result.diagnostics[0]!.code}`;
          codes[code] = (codes[code] ?? 0) + 1;
          expect(snapshot(outDir), 'a rejected spec writes nothing').toEqual(before);
          counts.rejected++;
          return;
        }
        const output = join(outDir, `s${id}.ts`);
        const code = readFileSync(output, 'utf8');
        checkEmitted(code, spec);
        emitted.set(output, spec);
        counts.emitted++;
      } catch (error) {
        counts.failures++;
        throw error;
      } finally {
        expectPrototypeClean();
      }
    });
    await fc.assert(property, { numRuns: RUNS, seed: SEED, endOnFailure: !LONG, verbose: 1 });

    // One tsc over every emitted file of the run.
    const files = [...emitted.keys()];
    if (files.length > 0) {
      const run = typeCheck(dir, files);
      const output = run.stdout + run.stderr;
      const broken = [...new Set([...output.matchAll(/^(.+?\.ts)\(\d+,\d+\)/gm)].map((match) => join(dir, match[1]!)))];
      counts.failures += broken.length;
      const shown = broken.slice(0, 3).map((file) => `--- ${file}\n${emitted.get(file) ?? '(spec not found)'}`).join('\n');
      expect(output + shown, 'every emitted client compiles under strict tsc').toBe('');
      expect(run.status).toBe(0);
    }
    expect(counts.emitted, 'enough specs are valid to exercise emitting').toBeGreaterThan(RUNS / 10);
    expect(counts.rejected, 'enough specs are broken to exercise errors').toBeGreaterThan(RUNS / 10);
  }, Math.max(60_000, RUNS * 200));
});

describe('hostile keys and YAML', () => {
  it('__proto__, constructor and prototype keys are plain keys: emitted as own keys, and Object.prototype stays clean', async () => {
    const spec = [
      'client: Proto',
      'headers:',
      '  __proto__: session',
      '  constructor: c',
      'types:',
      '  Thing:',
      '    __proto__: string',
      '    constructor?: integer',
      '    prototype: { polluted: boolean }',
      'paths:',
      '  prototype:',
      '    path: /p/{id}',
      '    query: { __proto__?: string }',
      '    headers: { __proto__: call }',
      '    body: { __proto__: { polluted: string } }',
      '    response: Thing',
      '',
    ].join('\n');
    const { model, diagnostics } = compileSpec(spec, 'proto.yaml');
    expect(diagnostics).toEqual([]);
    expect(model!.headers).toEqual([['__proto__', 'session'], ['constructor', 'c']]);
    const dir = scratch('fuzz-proto');
    writeFileSync(join(dir, 'proto.yaml'), spec);
    const result = await generate({ specs: [join(dir, 'proto.yaml')], outDir: dir });
    expect(result.ok).toBe(true);
    const code = readFileSync(join(dir, 'proto.ts'), 'utf8');
    checkEmitted(code, spec);
    // The emitted headers object really has an own `__proto__` key.
    const headers = evaluate(/headers: (\{[^}]*\})/.exec(code)![1]!.replace('...options.headers', ''), []) as object;
    expect(Object.hasOwn(headers, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(headers)).toBe(Object.prototype);
    const run = typeCheck(dir, [join(dir, 'proto.ts')]);
    expect(run.stdout + run.stderr).toBe('');
    expectPrototypeClean();
  });

  it('__proto__ where no such key is allowed is an unknown key, reported, and pollutes nothing', () => {
    const spec = [
      'client: Proto',
      '__proto__: { polluted: true }',
      'constructor: { prototype: { polluted: true } }',
      'paths:',
      '  __proto__: { path: /x, polluted: true }',
      '  get1:',
      '    path: /y',
      '    __proto__: { polluted: true }',
      '    params: { __proto__: integer }',
      '',
    ].join('\n');
    const { model, diagnostics } = compileSpec(spec, 'proto.yaml');
    expect(model).toBeUndefined();
    const lines = diagnostics.map(formatDiagnostic);
    expect(lines.some((line) => line.startsWith('proto.yaml:2:1: __proto__: unknown key "__proto__"; expected one of client, '))).toBe(true);
    expect(lines.some((line) => line.startsWith('proto.yaml:3:1: constructor: unknown key "constructor"'))).toBe(true);
    expect(lines.some((line) => line.startsWith('proto.yaml:5:') && line.includes(': paths.__proto__.polluted: unknown key'))).toBe(true);
    expect(lines.some((line) => line.startsWith('proto.yaml:8:5: paths.get1.__proto__: unknown key'))).toBe(true);
    expect(lines.some((line) => line.startsWith('proto.yaml:9:15: paths.get1.params.__proto__: '))).toBe(true);
    expectPrototypeClean();
  });

  it('regression: a key holding a line break or a terminal control still gives one printable line per error', () => {
    // Found by the fuzzer: key paths were printed raw, so "a\nb" split the error in two and ESC reached the terminal.
    const spec = 'client: Keys\n"x\\ny\\u001b[31m": 1\ntypes:\n  T:\n    "\\u0085?": string\n    "\\u2028": string\n    "?": string\npaths: {}\n';
    const lines = compileSpec(spec, 'keys.yaml').diagnostics.map(formatDiagnostic);
    expect(lines).toEqual([
      'keys.yaml:2:1: x\\u000ay\\u001b[31m: unknown key "x\\ny\\u001b[31m"; expected one of ' + lines[0]!.split('expected one of ')[1],
      'keys.yaml:7:5: types.T.?: a key needs a name before its "?"',
    ]);
    for (const line of lines) expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
  });

  it('regression: a string ending in a backslash does not confuse the emitter about where strings and comments end', () => {
    // Found by the fuzzer: ts-morph's writer read `'\\'` as an unterminated string, took the `/*`
    // of a later string for a comment and "closed" it with a stray `*/` before the next method.
    const spec = ['client: C', 'headers: { X-A: "\\\\", X-B: "*/ throw 1; /*" }', 'paths:', '  one:', '    path: /r0', '    headers:', '      __proto__: "\\\\"', '      "!": "*/ throw 1; /*"', '  two:', '    path: /r1', ''].join('\n');
    const { code, diagnostics } = generateSource(spec, 'c.yaml');
    expect(diagnostics).toEqual([]);
    expect(code).not.toMatch(/\*\/\s*\/\*\*/);
    expect(code).toContain("['__proto__']: '\\u005c'");
    checkEmitted(code!, spec);
  });

  /** Billion laughs: nine levels of ten aliases each, 10^9 strings if expanded. */
  function bomb(kind: 'list' | 'merge'): string {
    const lines = ['client: Bomb', 'paths: {}'];
    if (kind === 'list') {
      lines.push('a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]');
      for (const [previous, name] of ['ab', 'bc', 'cd', 'de', 'ef', 'fg', 'gh', 'hi']) lines.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]`);
      lines.push('types: { T: *i }');
    } else {
      lines.unshift('%YAML 1.1', '---');
      lines.push('a: &a { l0: lol, l1: lol, l2: lol, l3: lol, l4: lol, l5: lol, l6: lol, l7: lol, l8: lol, l9: lol }');
      for (const [previous, name] of ['ab', 'bc', 'cd', 'de', 'ef', 'fg', 'gh', 'hi']) {
        lines.push(`${name}: &${name} { ${Array.from({ length: 10 }, (_, index) => `k${index}: *${previous}`).join(', ')} }`);
      }
      lines.push('types: { T: { <<: *i } }');
    }
    return `${lines.join('\n')}\n`;
  }

  for (const kind of ['list', 'merge'] as const) {
    it(`a YAML alias bomb (${kind}) is refused with a clear error in well under a second, writing nothing`, async () => {
      const dir = scratch('fuzz-bomb');
      const out = join(dir, 'out');
      mkdirSync(out);
      writeFileSync(join(out, 'bomb.ts'), '// earlier\n');
      writeFileSync(join(dir, 'bomb.yaml'), bomb(kind));
      const started = performance.now();
      const result = await generate({ specs: [join(dir, 'bomb.yaml')], outDir: out });
      const elapsed = performance.now() - started;
      expect(result.ok).toBe(false);
      const lines = result.diagnostics.map(formatDiagnostic);
      expect(lines.some((line) => /bomb\.yaml:\d+:\d+: .*aliases expand to more than 10000 nodes/.test(line)), lines.join('\n')).toBe(true);
      expect(elapsed).toBeLessThan(1000);
      expect(snapshot(out)).toEqual(new Map([['bomb.ts', '// earlier\n']]));
      expectPrototypeClean();
    });
  }
});
