/**
 * `--watch` keeps what each spec generated (SpecCache): a run with the cache must give what a
 * fresh run gives, after a spec changes, breaks, comes back and is removed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate, SpecCache, type GenerateResult } from '../../generator/generate.js';
import { FIXTURES, scratch } from './helpers.js';

function summary(result: GenerateResult): unknown {
  return { ok: result.ok, diagnostics: result.diagnostics.map((item) => `${item.severity} ${item.code} ${item.message}`), files: result.files.map((file) => [file.spec, basename(file.output)]) };
}

describe('SpecCache', () => {
  it('gives what a fresh run gives, run after run', async () => {
    const dir = scratch('spec-cache');
    const specs = ['petstore.yaml', 'slack.yaml'].map((name) => {
      const path = join(dir, name);
      writeFileSync(path, readFileSync(join(FIXTURES, name), 'utf8'));
      return path;
    });
    const [petstore] = specs as [string, string];
    const cached = join(dir, 'cached');
    const fresh = join(dir, 'fresh');
    const cache = new SpecCache();
    const both = async (list: readonly string[]): Promise<void> => {
      const withCache = await generate({ specs: list, outDir: cached, cache });
      const without = await generate({ specs: list, outDir: fresh });
      expect(summary(withCache)).toEqual(summary(without));
      for (const file of without.files) expect(readFileSync(join(cached, file.output.slice(fresh.length + 1)), 'utf8')).toBe(readFileSync(file.output, 'utf8'));
    };

    await both(specs);
    await both(specs);
    writeFileSync(petstore, readFileSync(petstore, 'utf8').replace(/^description: .*$/m, 'description: Changed.'));
    await both(specs);
    expect(readFileSync(join(cached, 'petstore.ts'), 'utf8')).toContain('Changed.');
    const good = readFileSync(petstore, 'utf8');
    writeFileSync(petstore, `${good}\nnot: [valid`);
    const broken = await generate({ specs, outDir: cached, cache });
    expect(broken.ok).toBe(false);
    expect(summary(broken)).toEqual(summary(await generate({ specs, outDir: fresh })));
    writeFileSync(petstore, good);
    await both(specs);
    await both([petstore]);
  });
});
