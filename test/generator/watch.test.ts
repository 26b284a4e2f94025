import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, scratch } from './helpers.js';

const SPEC = 'client: Api\npaths:\n  ping:\n    path: /ping\n';

let child: ChildProcess | undefined;

afterEach(() => {
  if (child?.pid !== undefined && child.exitCode === null) child.kill('SIGTERM');
  child = undefined;
});

/** Collects the watcher's output and waits for text to appear in it. */
function watcher(dir: string): { output: () => string; waitFor: (text: string, after: number) => Promise<number> } {
  let output = '';
  child = spawn(process.execPath, [CLI, 'generate', 'specs/*.yaml', '--out', 'out', '--watch'], { cwd: dir });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const waitFor = async (text: string, after: number): Promise<number> => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const at = output.indexOf(text, after);
      if (at !== -1) return at + text.length;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${JSON.stringify(text)}; output so far:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  return { output: () => output, waitFor };
}

describe('sessiongen generate --watch', () => {
  it('regenerates on save, prints errors for a broken spec and goes on watching', async () => {
    const dir = scratch('watch');
    mkdirSync(join(dir, 'specs'));
    writeFileSync(join(dir, 'specs', 'api.yaml'), SPEC);
    const { waitFor } = watcher(dir);
    let at = await waitFor('wrote out/api.ts', 0);
    at = await waitFor('watching', at);

    writeFileSync(join(dir, 'specs', 'api.yaml'), SPEC + '  pong:\n    path: /pong\n');
    at = await waitFor('wrote out/api.ts', at);
    expect(readFileSync(join(dir, 'out', 'api.ts'), 'utf8')).toContain('pong(options: CallOptions = {})');
    at = await waitFor('watching', at);

    const good = readFileSync(join(dir, 'out', 'api.ts'), 'utf8');
    writeFileSync(join(dir, 'specs', 'api.yaml'), SPEC + '  pong:\n    method: FETCH\n    path: /pong\n');
    at = await waitFor('specs/api.yaml:6:13: paths.pong.method: expected one of', at);
    at = await waitFor('watching', at);
    expect(readFileSync(join(dir, 'out', 'api.ts'), 'utf8')).toBe(good);

    // A new spec matching the glob is picked up too.
    writeFileSync(join(dir, 'specs', 'api.yaml'), SPEC);
    writeFileSync(join(dir, 'specs', 'more.yaml'), SPEC.replace('Api', 'More'));
    await waitFor('wrote out/more.ts', at);
    expect(child!.exitCode).toBe(null);
  });
});
