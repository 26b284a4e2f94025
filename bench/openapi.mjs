// Times sessiongen on GitHub's OpenAPI document (@octokit/openapi, 10 MB, 1,223 operations): the
// whole `generate` and `import` processes (start-up included; best of five), their peak RSS, the
// output's size, and `tsc --noEmit --strict` over the output; each against the target.
// Run after `npm run build`: `node bench/openapi.mjs`.
//
// openapi-typescript (the comparison, 4.7 s on the reference machine) is not a
// devDependency: it wants TypeScript 5 as a peer, beside this project's TypeScript 7.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist/generator/cli.js');
const tsc = join(root, 'node_modules/.bin/tsc');
const document = join(root, 'node_modules/@octokit/openapi/generated/api.github.com.json');
const runs = Number(process.env.BENCH_RUNS ?? 5);

/** Wall time of a process, and its peak RSS where GNU time is there to tell it. */
function timed(command, args, cwd) {
  const gnuTime = existsSync('/usr/bin/time');
  const start = performance.now();
  const result = gnuTime
    ? spawnSync('/usr/bin/time', ['-f', '%M', command, ...args], { cwd, encoding: 'utf8' })
    : spawnSync(command, args, { cwd, encoding: 'utf8' });
  const seconds = (performance.now() - start) / 1000;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  const rss = gnuTime ? Number(result.stderr.trim().split('\n').at(-1)) / 1024 : undefined;
  return { seconds, rss };
}

function best(command, args, cwd) {
  const all = Array.from({ length: runs }, () => timed(command, args, cwd));
  return { seconds: Math.min(...all.map((run) => run.seconds)), rss: all[0].rss === undefined ? undefined : Math.max(...all.map((run) => run.rss)) };
}

function line(label, value, unit, target) {
  const met = value <= target ? 'met' : 'NOT met';
  console.log(`${label.padEnd(34)} ${value.toFixed(unit === 'MB' ? 1 : 2).padStart(8)} ${unit.padEnd(3)} target <= ${target} ${unit}: ${met}`);
}

const dir = mkdtempSync(join(tmpdir(), 'sessiongen-openapi-bench-'));
try {
  const generate = best(process.execPath, [cli, 'generate', document, '--out', 'out'], dir);
  const output = join(dir, 'out', readdirSync(join(dir, 'out'))[0]);
  writeFileSync(join(dir, 'package.json'), '{"type": "module"}');
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', skipLibCheck: true, types: [], paths: { 'sessiongen/runtime': [join(root, 'dist/runtime/index.d.ts')] } }, files: [output] }),
  );
  const check = best(tsc, ['-p', join(dir, 'tsconfig.json')], dir);
  const imported = best(process.execPath, [cli, 'import', document, '--out', 'spec/github.yaml'], dir);
  console.log(`sessiongen on GitHub's OpenAPI document (best of ${runs}; peak RSS the highest seen)\n`);
  line('generate, whole process', generate.seconds, 's', 1.0);
  if (generate.rss !== undefined) line('generate, peak RSS', generate.rss, 'MB', 200);
  line('output size', statSync(output).size / 1024 / 1024, 'MB', 1.5);
  line('tsc --noEmit --strict on the output', check.seconds, 's', 0.5);
  line('import, whole process', imported.seconds, 's', 1.0);
  console.log('\nopenapi-typescript on the same document: 4.7 s on the reference machine (issue 13); not run here.');
  console.log(`ratio (openapi-typescript / sessiongen generate): ${(4.7 / generate.seconds).toFixed(1)}x`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
