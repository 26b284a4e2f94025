import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT, TSC } from './helpers.js';

describe('the README main job (npm run demo, after the build npm test has done)', () => {
  it('generates the pet store client, compiles it and runs it against the bundled server', () => {
    const generated = spawnSync(process.execPath, [CLI, 'generate', 'fixtures/petstore.yaml', '--out', 'examples/demo/generated'], { cwd: ROOT, encoding: 'utf8' });
    expect(generated.status, generated.stderr).toBe(0);
    const compiled = spawnSync(TSC, ['-p', 'examples/demo'], { cwd: ROOT, encoding: 'utf8' });
    expect(compiled.stdout + compiled.stderr).toBe('');
    const ran = spawnSync(process.execPath, [join(ROOT, 'examples/demo/dist/main.js')], { cwd: ROOT, encoding: 'utf8', timeout: 15_000 });
    expect(ran.stderr).toBe('');
    expect(ran.status).toBe(0);
    expect(ran.stdout).toContain('listPets   GET  /v1/pets?limit=10 -> Rex, Fido');
    expect(ran.stdout).toContain('getPet     GET  /v1/pets/99       -> HTTPError 404 {"error":"no pet 99"}');
  });
});
