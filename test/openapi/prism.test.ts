/**
 * A generated client against Prism (`@stoplight/prism-cli`), a mock server that validates every
 * request against the document: every one of GitHub's operations (but the few on another host),
 * called with arguments made from the model, must be accepted, so a third party checks the paths, query styles,
 * headers and bodies sessiongen sends. Prism runs on loopback, started here with `--errors`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTTPError } from 'sessiongen/runtime';
import { compileSpec, generate } from '../../generator/generate.js';
import type { ClientModel, MethodModel } from '../../generator/model/types.js';
import { ROOT, scratch } from '../generator/helpers.js';
import { Samples } from './samples.js';

const GITHUB = join(ROOT, 'node_modules/@octokit/openapi/generated/api.github.com.json');
const PRISM = join(ROOT, 'node_modules/.bin/prism');

type Call = (args: unknown) => PromiseLike<unknown>;

let prism: ChildProcess | undefined;
let base = '';
let model: ClientModel;
let Client: new (options: { baseLocation: string; retry: number }) => Record<string, Call> & { close(): Promise<void> };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

/** Starts Prism on the document and resolves once it listens (it reads GitHub's 10 MB document first). */
async function startPrism(document: string): Promise<string> {
  const port = await freePort();
  const child = spawn(PRISM, ['mock', document, '-h', '127.0.0.1', '-p', String(port), '--errors'], { stdio: ['ignore', 'pipe', 'pipe'] });
  prism = child;
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`Prism did not start:\n${output.slice(-2000)}`)), 110_000);
    const watch = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('Prism is listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', watch);
    child.stderr!.on('data', watch);
    child.once('exit', (code) => reject(new Error(`Prism exited with ${code}:\n${output.slice(-2000)}`)));
  });
  return `http://127.0.0.1:${port}`;
}

beforeAll(async () => {
  const dir = scratch('openapi-prism');
  const result = await generate({ specs: [GITHUB], outDir: dir });
  expect(result.ok).toBe(true);
  const compiled = compileSpec(readFileSync(GITHUB, 'utf8'), GITHUB);
  model = compiled.model!;
  const module = (await import(pathToFileURL(join(dir, 'api.github.com.ts')).href)) as Record<string, unknown>;
  Client = module[model.name] as typeof Client;
  base = await startPrism(GITHUB);
}, 180_000);

afterAll(() => {
  prism?.kill();
});

interface Violation {
  readonly location: readonly string[];
  readonly code: string | number;
  readonly message: string;
}

function parseViolations(header: string): Violation[] {
  try {
    // Prism starts the list with a sentence when it is long.
    return JSON.parse(header.slice(Math.max(0, header.indexOf('[')))) as Violation[];
  } catch {
    // Cut short: judge by what is there.
    return header.includes('"location":["request"') ? [{ location: ['request'], code: 'many', message: header }] : [];
  }
}

/**
 * What Prism found wrong with a request: from its `sl-violations` header, or the body of the 422
 * it makes up when the document has none. Empty when the request was accepted.
 */
function requestViolations(error: HTTPError): Violation[] {
  const header = error.headers['sl-violations'];
  const body = error.body as { validation?: Violation[] } | undefined;
  const all: Violation[] = typeof header === 'string' ? parseViolations(header) : (body?.validation ?? []);
  // The header says `request.body`, the body `body`: anything not about the response is about the request.
  return all.filter((violation) => violation.location[0] !== 'response');
}

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
