// Times the generator on specs of 100, 1,000 and 10,000 paths: the whole CLI process
// (`node dist/generator/cli.js generate ...`, start-up included) and `tsc --noEmit --strict` on
// its output; then prints issue 12's generator targets as met / not met: `--version`, one small
// spec, a `--watch` regeneration, the 1,000-path spec and GitHub's OpenAPI document (whole
// process and peak RSS). Run after `npm run build`: `node bench/generate.mjs`
// (or `npm run bench:generate`, which runs bench/openapi.mjs after it).
// BENCH_SIZES (default 100,1000,10000) sets the table's specs; BENCH_RUNS (default 5) the runs per target.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { alternate, busyNote, loadLine, run, verdict } from './lib/proc.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
// BENCH_CLI runs another build's CLI (a before/after comparison).
const cli = process.env.BENCH_CLI ?? join(root, 'dist/generator/cli.js');
const tsc = join(root, 'node_modules/.bin/tsc');
const sizes = (process.env.BENCH_SIZES ?? '100,1000,10000').split(',').map(Number);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const github = join(root, 'node_modules/@octokit/openapi/generated/api.github.com.json');

/** A spec with `count` paths mixing the shapes real specs have: params, query, body, responses. */
function spec(count) {
  const lines = [
    'client: Big',
    'base_location: https://api.example.com',
    'endpoint: /v1',
    'connections: 20',
    'headers:',
    '  Accept: application/json',
    'types:',
    '  Item:',
    '    id: integer',
    '    name: string',
    '    tags?: string[]',
    '  NewItem:',
    '    name: string',
    'paths:',
  ];
  for (let index = 0; index < count; index++) {
    switch (index % 4) {
      case 0:
        lines.push(`  list${index}:`, `    path: /things${index}`, '    query:', '      limit?: integer', '    response: Item[]');
        break;
      case 1:
        lines.push(`  get${index}:`, `    description: Gets thing ${index}.`, `    path: /things${index}/{id}`, '    params:', '      id: integer', '    response: Item');
        break;
      case 2:
        lines.push(`  create${index}:`, '    method: POST', `    path: /things${index}`, '    body: NewItem', '    headers:', '      X-Source: bench', '    response: Item');
        break;
      default:
        lines.push(`  remove${index}:`, '    method: DELETE', `    path: /things${index}/{id}`);
    }
  }
  return lines.join('\n') + '\n';
}

function time(command, args, cwd) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  return ms;
}

const work = mkdtempSync(join(tmpdir(), 'sessiongen-bench-'));
const rows = [];
try {
  for (const size of sizes) {
    const dir = join(work, String(size));
    mkdirSync(dir);
    writeFileSync(join(dir, 'big.yaml'), spec(size));
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true, noEmit: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext',
          lib: ['ES2023', 'ESNext.Disposable'], types: [], skipLibCheck: true,
          // Resolve the runtime to the built declarations, so only the generated file is checked.
          paths: { 'sessiongen/runtime': [join(root, 'dist/runtime/index.d.ts')] },
        },
        files: ['out/big.ts'],
      }),
    );
    const generateMs = time(process.execPath, [cli, 'generate', 'big.yaml', '--out', 'out'], dir);
    const tscMs = time(tsc, ['-p', 'tsconfig.json'], dir);
    rows.push({ paths: size, generateMs, tscMs });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const pad = (text, width) => String(text).padStart(width);
console.log(`sessiongen generate, ${loadLine()}\n`);
console.log(`${pad('paths', 7)} ${pad('generate (whole CLI)', 21)} ${pad('tsc --noEmit --strict', 22)} ${pad('ms/path (gen)', 14)}`);
for (const row of rows) {
  console.log(`${pad(row.paths, 7)} ${pad(`${row.generateMs.toFixed(0)} ms`, 21)} ${pad(`${row.tscMs.toFixed(0)} ms`, 22)} ${pad((row.generateMs / row.paths).toFixed(3), 14)}`);
}

/**
 * `--watch`: starts watching the fixture specs (a glob), saves a change to one, and times from
 * the save to its rewritten output. The watcher waits DEBOUNCE_MS after a save (editors write in bursts), so the
 * regeneration itself is the time after that pause.
 */
async function watchRegeneration(dir) {
  const { DEBOUNCE_MS } = await import(join(root, 'dist/generator/cli/watch.js'));
  // Every fixture spec in a folder of its own (the watcher watches the specs' folder, not the
  // output's), watched by a glob; one of them changes.
  mkdirSync(join(dir, 'watched'));
  const fixtures = readdirSync(join(root, 'fixtures')).filter((name) => name.endsWith('.yaml'));
  for (const name of fixtures) writeFileSync(join(dir, 'watched', name), readFileSync(join(root, 'fixtures', name), 'utf8'));
  const specPath = join(dir, 'watched', 'petstore.yaml');
  const output = join(dir, 'watched-out', 'petstore.ts');
  const child = spawn(process.execPath, [cli, 'generate', join(dir, 'watched', '*.yaml'), '--out', join(dir, 'watched-out'), '--watch'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let seen = '';
  // Each run that writes prints `wrote <file>`: wait for the one whose output holds `marker`.
  const written = (marker) => new Promise((resolve, reject) => {
    const check = () => {
      if (seen.includes('wrote ') && readFileSync(output, 'utf8').includes(marker)) {
        child.stdout.off('data', onData);
        resolve(performance.now());
      }
    };
    const onData = (chunk) => { seen += chunk; check(); };
    child.stdout.on('data', onData);
    child.once('exit', () => reject(new Error(`the watcher stopped:\n${seen}`)));
    check();
  });
  const times = [];
  try {
    await written('version 1.');
    for (let round = 1; round <= runs; round++) {
      const saved = performance.now();
      // A change the output shows (the client's description), so the file is rewritten.
      writeFileSync(specPath, readFileSync(specPath, 'utf8').replace(/^description: .*$/m, `description: The pet store's API, saved ${round} times.`));
      const done = await written(`saved ${round} times`);
      times.push(done - saved - DEBOUNCE_MS);
    }
  } finally {
    child.kill();
  }
  return { best: Math.min(...times), median: times.sort((a, b) => a - b)[Math.floor(times.length / 2)], debounce: DEBOUNCE_MS, specs: fixtures.length };
}

const targets = mkdtempSync(join(tmpdir(), 'sessiongen-bench-targets-'));
try {
  writeFileSync(join(targets, 'big.yaml'), spec(1000));
  const version = () => run(process.execPath, [cli, '--version'], { cwd: targets });
  const small = () => run(process.execPath, [cli, 'generate', join(root, 'fixtures/petstore.yaml'), '--out', 'small'], { cwd: targets });
  const big = () => run(process.execPath, [cli, 'generate', 'big.yaml', '--out', 'big'], { cwd: targets });
  const gh = () => run(process.execPath, [cli, 'generate', github, '--out', 'github'], { cwd: targets });
  const [v, s1, b, g] = alternate([version, small, big, gh], runs);
  const w = await watchRegeneration(targets);
  console.log(`\nissue 12 generator targets (whole process, Node start included; best wall of ${runs} alternated runs, CPU = user + system, peak RSS the highest seen)`);
  const extra = (result) => `  [median ${result.median.toFixed(2)} s, CPU ${result.cpu?.toFixed(2) ?? 'n/a'} s]`;
  console.log(verdict('sessiongen --version', v.wall, 's', 0.1) + extra(v));
  console.log(verdict('one small spec (fixtures/petstore.yaml)', s1.wall, 's', 0.35) + extra(s1));
  console.log(verdict(`--watch regeneration, 1 of ${w.specs} specs changed`, w.best, 'ms', 50) + `  [median ${w.median.toFixed(0)} ms; after the ${w.debounce} ms debounce]`);
  console.log(verdict('1,000-path spec', b.wall, 's', 1.0) + extra(b));
  console.log(verdict('1,000-path spec, peak RSS', b.rss, 'MB', 200));
  console.log(verdict("GitHub's OpenAPI document", g.wall, 's', 1.0) + extra(g));
  console.log(verdict("GitHub's OpenAPI document, peak RSS", g.rss, 'MB', 200));
  if (busyNote() !== undefined) console.log(busyNote());
} finally {
  rmSync(targets, { recursive: true, force: true });
}
