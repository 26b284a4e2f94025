/**
 * Real public documents pinned as devDependencies: each reads into a model with no errors.
 * GitHub's (10 MB, 1,223 operations) also within a time budget for the front end alone.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DiagnosticSink, formatDiagnostic } from '../../generator/diagnostics.js';
import { readOpenApi } from '../../generator/frontends/openapi/index.js';
import { checkModel } from '../../generator/model/checks.js';
import type { ClientModel } from '../../generator/model/types.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const GITHUB = join(ROOT, 'node_modules/@octokit/openapi/generated/api.github.com.json');
const EXAMPLES = join(ROOT, 'node_modules/@readme/oas-examples');

export function readDocument(path: string): { model: ClientModel | undefined; sink: DiagnosticSink; ms: number } {
  const file = relative(ROOT, path);
  const text = readFileSync(path, 'utf8');
  const sink = new DiagnosticSink(file);
  const start = performance.now();
  const draft = readOpenApi(text, file, file, sink, (other) => {
    try {
      return readFileSync(join(dirname(path), other), 'utf8');
    } catch {
      return undefined;
    }
  });
  const model = draft === undefined ? undefined : checkModel(draft, sink);
  return { model, sink, ms: performance.now() - start };
}

function errorsOf(sink: DiagnosticSink): string[] {
  return sink.diagnostics.filter((item) => item.severity === 'error').map(formatDiagnostic);
}

describe("GitHub's document (@octokit/openapi)", () => {
  it('reads every operation with no errors, fast', () => {
    readDocument(GITHUB); // warm up the modules, as a CLI run would have them loaded
    const { model, sink, ms } = readDocument(GITHUB);
    expect(errorsOf(sink)).toEqual([]);
    expect(model?.methods.length).toBe(1223);
    // info.title is "GitHub's official OpenAPI spec + Octokit extension".
    expect(model?.name).toBe('GitHubOfficialOpenAPISpec');
    expect(model?.baseLocation).toBe('https://api.github.com');
    // The whole CLI run budget is 1 s; the front end and checks take a fraction (~0.35 s here, loaded machine margin).
    expect(ms).toBeLessThan(1500);
  });
});

describe('@readme/oas-examples', () => {
  const documents = ['3.0', '3.1'].flatMap((version) =>
    ['json', 'yaml'].flatMap((format) => readdirSync(join(EXAMPLES, version, format)).filter((name) => /\.(json|ya?ml)$/.test(name)).map((name) => join(EXAMPLES, version, format, name))),
  );

  it.each(documents.map((path) => [relative(EXAMPLES, path), path]))('%s reads with no errors', (_, path) => {
    const { model, sink } = readDocument(path);
    expect(errorsOf(sink)).toEqual([]);
    expect(model).toBeDefined();
  });

  it.each(readdirSync(join(EXAMPLES, '2.0/json')).filter((name) => name.endsWith('.json')).slice(0, 5))('2.0/json/%s is refused as Swagger 2.0', (name) => {
    const { model, sink } = readDocument(join(EXAMPLES, '2.0/json', name));
    expect(model).toBeUndefined();
    expect(sink.diagnostics.map((item) => item.code)).toEqual(['swaggerNotSupported']);
  });
});
