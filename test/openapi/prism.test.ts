/**
 * A generated client against Prism (`@stoplight/prism-cli`), a mock server that validates every
 * request against the document: every one of GitHub's operations (but the few on another host),
 * called with arguments made from the model, must be accepted, so a third party checks the paths, query styles,
 * headers and bodies sessiongen sends. Prism runs on loopback, started here with `--errors`.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTTPError } from 'sessiongen/runtime';
import { compileSpec, generate } from '../../generator/generate.js';
import type { ClientModel, MethodModel } from '../../generator/model/types.js';
import { ROOT, scratch } from '../generator/helpers.js';
import { requestViolations, startPrism } from '../helpers/prism.js';
import { Samples } from './samples.js';

const GITHUB = join(ROOT, 'node_modules/@octokit/openapi/generated/api.github.com.json');

type Call = (args: unknown) => PromiseLike<unknown>;

let prism: ChildProcess | undefined;
let base = '';
let model: ClientModel;
let Client: new (options: { baseLocation: string; retry: number }) => Record<string, Call> & { close(): Promise<void> };

beforeAll(async () => {
  const dir = scratch('openapi-prism');
  const result = await generate({ specs: [GITHUB], outDir: dir });
  expect(result.ok).toBe(true);
  const compiled = compileSpec(readFileSync(GITHUB, 'utf8'), GITHUB);
  model = compiled.model!;
  const module = (await import(pathToFileURL(join(dir, 'api.github.com.ts')).href)) as Record<string, unknown>;
  Client = module[model.name] as typeof Client;
  const running = await startPrism(GITHUB);
  prism = running.process;
  base = running.origin;
}, 180_000);

afterAll(() => {
  prism?.kill();
});

/**
 * Constraints the model does not carry (it types values, not their patterns or lengths), so a
 * sample value made from the model can break them without the client having sent anything wrong.
 */
const VALUE_CONSTRAINTS = new Set(['pattern', 'minItems', 'maxItems', 'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'uniqueItems', 'format']);

describe('a generated GitHub client against Prism', () => {
  it('every sampled operation is accepted as the document describes it', async () => {
    // Every operation that calls the document's own host (uploads.github.com ones would leave loopback).
    const sampled = model.methods.filter((method: MethodModel) => method.baseLocation === undefined);
    const samples = new Samples(model);
    // Not about retries: each operation is sent once (the default would retry Prism's made-up 5xx and 429 answers).
    const client = new Client({ baseLocation: base, retry: 0 });
    const refused: string[] = [];
    const sampleValues: string[] = [];
    for (const method of sampled) {
      try {
        await client[method.name]!(samples.args(method));
      } catch (error) {
        // Not an HTTP error: Prism accepted the request, only its made-up answer did not read.
        if (!(error instanceof HTTPError)) continue;
        const violations = requestViolations(error).map((violation) => ({ ...violation, text: `${violation.location.join('.')}: ${violation.message}` }));
        const wrong = violations.filter((violation) => !VALUE_CONSTRAINTS.has(String(violation.code)));
        const where = `${method.httpMethod} ${method.wireName}`;
        if (wrong.length > 0) refused.push(`${where}: ${wrong.map((violation) => violation.text).join('; ')}`);
        else if (violations.length > 0) sampleValues.push(`${where}: ${violations.map((violation) => violation.text).join('; ')}`);
      }
    }
    await client.close();
    expect(sampled.length).toBeGreaterThan(1200);
    expect(refused).toEqual([]);
    // Only a few operations have value constraints our made-up samples break (patterns, minimum lengths).
    expect(sampleValues.length, sampleValues.join('\n')).toBeLessThan(sampled.length / 20);
  }, 180_000);
});
