/**
 * Real documents end to end through the CLI's pipeline: each generates (warnings allowed) and the
 * output type-checks under the strictest settings a user might have.
 */
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../generator/diagnostics.js';
import { generate } from '../../generator/generate.js';
import { ROOT, scratch, typeCheck } from '../generator/helpers.js';

const EXAMPLES = join(ROOT, 'node_modules/@readme/oas-examples');
const GITHUB = join(ROOT, 'node_modules/@octokit/openapi/generated/api.github.com.json');

function jsonIn(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.endsWith('.json')).map((name) => join(dir, name));
}

describe('real documents generate and type-check', () => {
  it("GitHub's document and every 3.x @readme/oas-examples document", async () => {
    const dir = scratch('openapi-real');
    const sets = [
      { out: join(dir, 'github'), specs: [GITHUB] },
      { out: join(dir, 'v30'), specs: jsonIn(join(EXAMPLES, '3.0/json')) },
      { out: join(dir, 'v31'), specs: jsonIn(join(EXAMPLES, '3.1/json')) },
      // YAML forms of the same documents, read by the yaml package this time.
      { out: join(dir, 'v31-yaml'), specs: readdirSync(join(EXAMPLES, '3.1/yaml')).filter((name) => name.endsWith('.yaml')).map((name) => join(EXAMPLES, '3.1/yaml', name)) },
    ];
    const outputs: string[] = [];
    for (const set of sets) {
      mkdirSync(set.out, { recursive: true });
      const result = await generate({ specs: set.specs, outDir: set.out });
      expect(result.diagnostics.filter((item) => item.severity === 'error').map(formatDiagnostic)).toEqual([]);
      expect(result.ok).toBe(true);
      outputs.push(...result.files.map((file) => file.output));
    }
    expect(outputs.length).toBeGreaterThan(50);
    const github = outputs.find((file) => file.endsWith('api.github.com.ts'))!;
    // The budget for the emitted file.
    expect(statSync(github).size).toBeLessThan(6_000_000);
    const check = typeCheck(dir, outputs);
    expect(check.stdout + check.stderr).toBe('');
    expect(check.status).toBe(0);
  }, 120_000);
});
