// Times sessiongen on GitHub's OpenAPI document (@octokit/openapi, 13 MB, 1,223 operations)
// against openapi-typescript in the same run: the whole `generate` and `import` processes
// (Node start-up included), their CPU time and peak RSS, the output's size, and
// `tsc --noEmit --strict` (TypeScript 7) over each output; each figure against issue 13's
// targets, with the ratios. Runs alternate between the tools so load hits both alike.
// Run after `npm run build`: `node bench/openapi.mjs` (or `npm run bench:generate`).
//
// openapi-typescript wants TypeScript 5 as a peer, beside this project's TypeScript 7, so it
// lives in a package folder of its own, bench/openapi-typescript/ (its own package.json and
// lockfile), installed here with `npm ci --prefix bench/openapi-typescript` when missing.
// BENCH_RUNS (default 5) sets the runs per figure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { alternate, busyNote, installedVersion, loadLine, run, verdict } from './lib/proc.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist/generator/cli.js');
const tsc = join(root, 'node_modules/.bin/tsc');
const document = join(root, 'node_modules/@octokit/openapi/generated/api.github.com.json');
const otsFolder = join(root, 'bench/openapi-typescript');
const otsCli = join(otsFolder, 'node_modules/openapi-typescript/bin/cli.js');
const runs = Number(process.env.BENCH_RUNS ?? 5);

function installOpenapiTypescript() {
  if (existsSync(otsCli)) return true;
  console.log('installing openapi-typescript: npm ci --prefix bench/openapi-typescript');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--prefix', otsFolder, '--no-audit', '--no-fund'], { stdio: 'inherit', shell: process.platform === 'win32' });
  return result.status === 0 && existsSync(otsCli);
}

/** A folder with a strict tsconfig over `file`, the runtime resolved to its built declarations. */
function checkFolder(dir, file) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{"type": "module"}');
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', skipLibCheck: true, types: [], paths: { 'sessiongen/runtime': [join(root, 'dist/runtime/index.d.ts')] } }, files: [file] }),
  );
  return join(dir, 'tsconfig.json');
}

const mb = (bytes) => bytes / 1024 / 1024;
const ratio = (theirs, ours) => (theirs === undefined || ours === undefined ? 'n/a' : `${(theirs / ours).toFixed(1)}x`);

const dir = mkdtempSync(join(tmpdir(), 'sessiongen-openapi-bench-'));
try {
  const haveOts = installOpenapiTypescript();
  console.log(`GitHub's OpenAPI document (@octokit/openapi ${installedVersion(join(root, 'node_modules/@octokit/openapi/package.json'))}); ${runs} runs each, alternated; ${loadLine()}`);
  console.log('time: best wall of the runs (CPU = user + system, lowest); peak RSS: highest seen\n');

  const generate = () => run(process.execPath, [cli, 'generate', document, '--out', 'out'], { cwd: dir });
  const imported = () => run(process.execPath, [cli, 'import', document, '--out', 'spec/github.yaml'], { cwd: dir });
  const ots = () => run(process.execPath, [otsCli, document, '--output', join(dir, 'ots', 'github.ts')], { cwd: dir });
  mkdirSync(join(dir, 'ots'));
  const [ours, theirs, imports] = alternate(haveOts ? [generate, ots, imported] : [generate, () => ({ wall: NaN }), imported], runs);

  const output = join(dir, 'out', readdirSync(join(dir, 'out'))[0]);
  const ourCheck = checkFolder(join(dir, 'check-ours'), output);
  const theirOutput = join(dir, 'ots', 'github.ts');
  const theirCheck = haveOts ? checkFolder(join(dir, 'check-theirs'), theirOutput) : undefined;
  const [ourTsc, theirTsc] = alternate(haveOts ? [() => run(tsc, ['-p', ourCheck]), () => run(tsc, ['-p', theirCheck])] : [() => run(tsc, ['-p', ourCheck])], runs);
  const ourSize = mb(statSync(output).size);
  const theirSize = haveOts ? mb(statSync(theirOutput).size) : undefined;

  console.log('sessiongen (issue 13 targets)');
  console.log(verdict('generate, whole process (wall)', ours.wall, 's', 1.0), `  [median ${ours.median.toFixed(2)} s, CPU ${ours.cpu?.toFixed(2) ?? 'n/a'} s]`);
  console.log(verdict('generate, peak RSS', ours.rss, 'MB', 200));
  console.log(verdict('output size', ourSize, 'MB', 1.5));
  console.log(verdict('tsc --noEmit --strict on the output (wall)', ourTsc.wall, 's', 0.5), `  [median ${ourTsc.median.toFixed(2)} s]`);
  console.log(verdict('import, whole process (wall)', imports.wall, 's', 1.0), `  [median ${imports.median.toFixed(2)} s, CPU ${imports.cpu?.toFixed(2) ?? 'n/a'} s, peak RSS ${imports.rss?.toFixed(1) ?? 'n/a'} MB]`);
  if (busyNote() !== undefined) console.log(busyNote());

  if (!haveOts) {
    console.log('\nopenapi-typescript could not be installed (npm ci --prefix bench/openapi-typescript failed): no comparison in this run.');
  } else {
    const version = installedVersion(join(otsFolder, 'node_modules/openapi-typescript/package.json'));
    console.log(`\nopenapi-typescript ${version} on the same document, and the ratio (openapi-typescript / sessiongen; above 1x: sessiongen better)`);
    const row = (label, a, b, unit, digits) => console.log(`${label.padEnd(34)} ${`${a?.toFixed(digits) ?? 'n/a'} ${unit}`.padStart(12)} vs ${`${b?.toFixed(digits) ?? 'n/a'} ${unit}`.padStart(12)}   ${ratio(a, b)}`);
    console.log(`${''.padEnd(34)} ${'openapi-ts'.padStart(12)}    ${'sessiongen'.padStart(12)}`);
    row('whole process, wall', theirs.wall, ours.wall, 's', 2);
    row('whole process, CPU', theirs.cpu, ours.cpu, 's', 2);
    row('peak RSS', theirs.rss, ours.rss, 'MB', 0);
    row('output size', theirSize, ourSize, 'MB', 2);
    row('tsc --noEmit --strict, wall', theirTsc.wall, ourTsc.wall, 's', 2);
    console.log('(openapi-typescript writes types only; sessiongen writes the types and the client class.)');
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
