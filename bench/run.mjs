// `npm run bench` (after `npm run build`): the loopback server in its own process, its ceiling
// measured with wrk, then every contender in its own child process, workload by workload, in an
// order that changes every round. Results: bench/results/latest.{md,json,svg}.
//
//   npm run bench                      the full run (3 rounds)
//   npm run bench -- --quick           a smoke run, a few hundred requests each (also BENCH_QUICK=1)
//   npm run bench -- --rounds 5 --only session,undici --workloads get-c50,queued-10k
//   npm run bench -- --no-pin          do not pin server and clients to separate cores
//   npm run bench -- --focused         just issue 12's target workloads (generated, session, undici),
//                                      more rounds and calls; writes bench/results/targets-focused.*
//   npm run bench -- --focused --readme   the same, then puts its short summary into README.md
//   npm run bench -- --readme          the full run, then puts its short summary into README.md
//
// Traffic goes to 127.0.0.1 only. Every child has a time limit and is killed past it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderSvg } from './chart.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(here);
const resultsDir = path.join(here, 'results');
const tmpDir = path.join(resultsDir, 'tmp');
const PYTHON = '/usr/bin/python3';

// ---------------------------------------------------------------- arguments
const argv = process.argv.slice(2);
function flag(name) {
  return argv.includes('--' + name);
}
function option(name) {
  const i = argv.indexOf('--' + name);
  return i === -1 ? undefined : argv[i + 1];
}
const quick = flag('quick') || process.env.BENCH_QUICK === '1';
const focused = flag('focused');
const rounds = Number(option('rounds') ?? (quick ? 1 : focused ? 7 : 3));
// The focused run: the workloads and contenders issue 12's targets name, and no others.
const FOCUSED_CONTENDERS = ['generated', 'session', 'undici'];
const FOCUSED_WORKLOADS = ['get-c1', 'get-c10', 'get-c50', 'big-c10', 'queued-10k'];
const onlyContenders = option('only')?.split(',') ?? (focused ? FOCUSED_CONTENDERS : undefined);
const onlyWorkloads = option('workloads')?.split(',') ?? (focused ? FOCUSED_WORKLOADS : undefined);
const writeReadme = flag('readme');
// A busy machine (load average above this at any round's start): verdicts go by CPU µs per call.
const BUSY_LOAD = 1.5;
const canPin = !flag('no-pin') && process.env.BENCH_PIN !== '0' && existsSync('/usr/bin/taskset') && os.availableParallelism() >= 2;
const notes = [];
function note(text) {
  notes.push(text);
  console.log('note: ' + text);
}

// ---------------------------------------------------------------- workloads and contenders
// requests: measured calls per contender per round; warmup: unmeasured calls before them (enough
// for the JIT to settle: CPU per call over 1,000 calls otherwise counts compiling the client).
// focusedRequests/focusedWarmup: the same in a --focused run (more calls, so CPU per call settles).
const WORKLOADS = [
  { id: 'get-c1', label: 'small JSON GET, 1 connection', kind: 'small', connections: 1, requests: 1000, warmup: 1000, focusedRequests: 4000, focusedWarmup: 2000 },
  { id: 'get-c10', label: 'small JSON GET, 10 connections', kind: 'small', connections: 10, requests: 4000, warmup: 1000, focusedRequests: 10000, focusedWarmup: 2000 },
  { id: 'get-c50', label: 'small JSON GET, 50 connections', kind: 'small', connections: 50, requests: 20000, warmup: 1000, focusedRequests: 30000, focusedWarmup: 3000 },
  { id: 'big-c10', label: '64 KiB JSON GET, 10 connections', kind: 'big', connections: 10, requests: 1000, warmup: 100, focusedRequests: 3000, focusedWarmup: 500 },
  { id: 'post-c10', label: 'JSON POST, 10 connections', kind: 'post', connections: 10, requests: 4000, warmup: 1000 },
  { id: 'cookie-c10', label: 'cookie session GET, 10 connections', kind: 'cookie', connections: 10, requests: 2000, warmup: 500 },
  // Memory under a long queue: every call issued at once. One round (its figure is peak RSS), three when focused.
  { id: 'queued-10k', label: '10,000 calls queued behind 50 connections', kind: 'queued', connections: 50, requests: 10000, warmup: 100, rounds: 1, focusedRounds: 3 },
];

const node = (file) => ({ command: process.execPath, args: [path.join(here, 'contenders', file)] });
const python = (file) => ({ command: PYTHON, args: [path.join(here, 'contenders', file)] });
const NO_JAR = new Set(['cookie']);
const CONTENDERS = [
  { id: 'generated', about: 'generated client (typed methods, sessiongen generate)', ...node('generated.mjs') },
  { id: 'session', about: 'raw runtime Session calls', ...node('session.mjs') },
  { id: 'undici', about: 'raw undici Pool.request (the limit)', ...node('undici.mjs') },
    // The slower clients get fewer requests per round so the whole run stays near five minutes (a
  // rate over 8,000 calls is as good as over 20,000); Python a quarter. The queued workload keeps its 10,000 for all.
  { id: 'fetch', about: 'undici fetch + Agent', ...node('fetch.mjs'), skip: NO_JAR, scale: 0.4 },
  { id: 'axios', about: 'axios + http.Agent keepAlive', ...node('axios.mjs'), skip: NO_JAR, scale: 0.4 },
  { id: 'got', about: 'got 14 + http.Agent keepAlive', ...node('got.mjs'), scale: 0.4 },
  { id: 'node-fetch', about: 'node-fetch 3 + http.Agent keepAlive', ...node('node-fetch.mjs'), skip: NO_JAR, scale: 0.4 },
  { id: 'py-requests', about: 'Python requests Session + thread pool', ...python('py_requests.py'), scale: 0.25 },
  { id: 'py-aiohttp', about: 'Python aiohttp ClientSession', ...python('py_aiohttp.py'), scale: 0.25 },
];
const SKIP_REASON = { cookie: 'no cookie jar of its own' };

// ---------------------------------------------------------------- helpers
function median(values) {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function pinned(cpu, command, args) {
  return canPin ? { command: '/usr/bin/taskset', args: ['-c', String(cpu), command, ...args] } : { command, args };
}

function packageVersion(name) {
  try {
    return JSON.parse(readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return 'missing';
  }
}

/** Runs one child to completion (bounded by limitSeconds), returns the JSON of its last stdout line. */
function runChild(command, args, limitSeconds) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const killer = setTimeout(() => child.kill('SIGKILL'), (limitSeconds + 15) * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      const line = stdout.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line));
      } catch {
        resolve({ ok: false, error: `exit ${code ?? signal}: ${(stderr || stdout).trim().split('\n').slice(-3).join(' | ').slice(0, 400)}` });
      }
    });
  });
}

// ---------------------------------------------------------------- the server
async function startServer() {
  const { command, args } = pinned(1, process.execPath, [path.join(here, 'server.mjs')]);
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const first = await new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error('the bench server did not start in 10 s')), 10_000);
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      const end = buffer.indexOf('\n');
      if (end !== -1) {
        clearTimeout(timer);
        resolve(JSON.parse(buffer.slice(0, end)));
      }
    });
    child.on('exit', (code) => reject(new Error('the bench server exited with ' + code)));
  });
  return { child, port: first.port, origin: `http://127.0.0.1:${first.port}` };
}

function wrkCeiling(origin) {
  if (spawnSync('wrk', ['--version']).error !== undefined) {
    note('wrk is not installed (Debian package `wrk`): the server ceiling line is skipped');
    return [];
  }
  const runs = [
    { label: 'small JSON GET, 50 connections', path: '/things/1', connections: 50 },
    { label: 'small JSON GET, 1 connection', path: '/things/1', connections: 1 },
    { label: '64 KiB JSON GET, 10 connections', path: '/big', connections: 10 },
  ];
  const out = [];
  for (const run of runs) {
    const { command, args } = pinned(0, 'wrk', ['-t1', `-c${run.connections}`, `-d${quick ? 1 : 3}s`, '--latency', origin + run.path]);
    const result = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 });
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(result.stdout ?? '')?.[1]);
    const p50 = /\s50%\s+([\d.]+\w+)/.exec(result.stdout ?? '')?.[1];
    const p99 = /\s99%\s+([\d.]+\w+)/.exec(result.stdout ?? '')?.[1];
    out.push({ ...run, rps, p50, p99 });
    console.log(`wrk ${run.label}: ${Math.round(rps)} req/s (p50 ${p50}, p99 ${p99})`);
  }
  return out;
}

// ---------------------------------------------------------------- the generated client
function prepareGenerated(origin) {
  const cli = path.join(root, 'dist', 'generator', 'cli.js');
  if (!existsSync(cli)) {
    note('generated client skipped: dist/generator/cli.js does not exist yet (the generator is not built); no numbers are reported for it');
    return undefined;
  }
  const dir = path.join(tmpDir, 'generated');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  const spec = readFileSync(path.join(here, 'bench.yaml'), 'utf8').replace(/^base_location:.*$/m, `base_location: ${origin}`);
  const specFile = path.join(dir, 'bench.yaml');
  writeFileSync(specFile, spec);
  const gen = spawnSync(process.execPath, [cli, 'generate', specFile, '--out', path.join(dir, 'src')], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  if (gen.status !== 0) {
    note(`generated client skipped: \`sessiongen generate\` failed (${(gen.stderr || gen.stdout || String(gen.error)).trim().split('\n').slice(0, 4).join(' | ')})`);
    return undefined;
  }
  const sources = readdirSync(path.join(dir, 'src'), { recursive: true }).filter((f) => String(f).endsWith('.ts')).map((f) => path.join(dir, 'src', String(f)));
  if (sources.length === 0) {
    note('generated client skipped: `sessiongen generate` wrote no .ts file');
    return undefined;
  }
  const tsc = spawnSync(
    'npx',
    ['--no-install', 'tsc', '--ignoreConfig', '--strict', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--skipLibCheck', '--rootDir', path.join(dir, 'src'), '--outDir', path.join(dir, 'out'), ...sources],
    { cwd: root, encoding: 'utf8', timeout: 120_000 },
  );
  if (tsc.status !== 0) {
    note(`generated client skipped: tsc failed on the generated code (${(tsc.stdout || tsc.stderr || String(tsc.error)).trim().split('\n').slice(0, 4).join(' | ')})`);
    return undefined;
  }
  for (const source of sources) {
    const js = path.join(dir, 'out', path.relative(path.join(dir, 'src'), source)).replace(/\.ts$/, '.js');
    if (existsSync(js) && /\bBenchApi\b/.test(readFileSync(js, 'utf8')) && /export\s+(class|\{)/.test(readFileSync(js, 'utf8'))) {
      console.log('generated client: ' + path.relative(root, js));
      return { generatedModule: js, generatedClass: 'BenchApi' };
    }
  }
  note('generated client skipped: no compiled file exports BenchApi');
  return undefined;
}

function pythonHas(module) {
  const result = spawnSync(PYTHON, ['-c', `import ${module}`], { encoding: 'utf8' });
  return result.status === 0;
}

// ---------------------------------------------------------------- the run
async function main() {
  const started = Date.now();
  mkdirSync(tmpDir, { recursive: true });
  const workloads = WORKLOADS.filter((w) => onlyWorkloads === undefined || onlyWorkloads.includes(w.id)).map((w) =>
    quick
      ? { ...w, requests: w.kind === 'queued' ? 1000 : Math.max(100, Math.round(w.requests / 40)), warmup: Math.min(w.warmup, 50) }
      : focused
        ? { ...w, requests: w.focusedRequests ?? w.requests, warmup: w.focusedWarmup ?? w.warmup, rounds: w.focusedRounds ?? w.rounds }
        : w,
  );
  console.log(`load average (1, 5, 15 min): ${os.loadavg().map((l) => l.toFixed(2)).join(', ')} on ${os.availableParallelism()} cores`);
  if (quick) note('quick mode: a smoke run with few requests; the figures are not meaningful');
  if (canPin) console.log('pinning: server on CPU 1, clients and wrk on CPU 0 (taskset)');
  else note('not pinned (taskset missing, fewer than 2 cores, or --no-pin): server and clients share the cores');

  const server = await startServer();
  console.log(`server: ${server.origin} (pid ${server.child.pid})`);
  let stopped = false;
  const stopServer = () => {
    if (!stopped) {
      stopped = true;
      server.child.kill('SIGTERM');
    }
  };
  process.on('exit', stopServer);

  try {
    const wrk = wrkCeiling(server.origin);
    const generated = prepareGenerated(server.origin);
    let contenders = CONTENDERS.filter((c) => onlyContenders === undefined || onlyContenders.includes(c.id));
    contenders = contenders.filter((c) => {
      if (c.id === 'generated' && generated === undefined) return false;
      if (c.command === PYTHON) {
        if (!existsSync(PYTHON)) return note(`${c.id} skipped: ${PYTHON} is missing`), false;
        const module = c.id === 'py-requests' ? 'requests' : 'aiohttp';
        if (!pythonHas(module)) return note(`${c.id} skipped: ${PYTHON} cannot import ${module} (Debian: python3-${module})`), false;
      }
      return true;
    });

    const runs = []; // { round, workload, contender, order, ...result }
    const loads = [];
    for (let round = 0; round < rounds; round++) {
      // Alternate the order: reverse every other round, then rotate by the round number.
      const base = round % 2 === 1 ? contenders.slice().reverse() : contenders;
      const shift = round % base.length;
      const order = base.slice(shift).concat(base.slice(0, shift));
      loads.push({ round: round + 1, loadavg: os.loadavg()[0] });
      console.log(`\nround ${round + 1}/${rounds} (load average ${os.loadavg()[0].toFixed(2)}): ${order.map((c) => c.id).join(', ')}`);
      for (const workload of workloads) {
        if (round >= (workload.rounds ?? rounds)) continue;
        for (const [position, contender] of order.entries()) {
          if (contender.skip?.has(workload.kind)) continue;
          const scale = workload.kind === 'queued' ? 1 : contender.scale ?? 1;
          const requests = Math.max(50, Math.round(workload.requests * scale));
          const config = {
            origin: server.origin,
            kind: workload.kind,
            connections: workload.connections,
            requests,
            warmup: Math.min(workload.warmup, requests),
            limitSeconds: 120,
            ...(contender.id === 'generated' ? generated : {}),
          };
          const { command, args } = pinned(0, contender.command, [...contender.args, JSON.stringify(config)]);
          const result = await runChild(command, args, config.limitSeconds);
          runs.push({ round: round + 1, position, workload: workload.id, contender: contender.id, ...result });
          const shown = result.rps !== undefined ? `${Math.round(result.rps)} req/s, ${((result.cpuSeconds / result.requests) * 1e6).toFixed(1)} CPU µs/call, p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms, RSS ${result.maxRssMB.toFixed(0)} MB${result.errors ? `, ${result.errors} errors: ${result.firstError}` : ''}` : `FAILED: ${result.error}`;
          console.log(`  ${workload.id.padEnd(11)} ${contender.id.padEnd(12)} ${shown}`);
        }
      }
    }
    const stats = await fetch(server.origin + '/stats').then((r) => r.json()).catch(() => undefined);
    loads.push({ round: 'end', loadavg: os.loadavg()[0] });
    writeResults({ workloads, contenders, runs, wrk, stats, loads, seconds: (Date.now() - started) / 1000 });
  } finally {
    stopServer();
  }
}

// ---------------------------------------------------------------- output
function summarize(workloads, contenders, runs) {
  const table = [];
  for (const workload of workloads) {
    const rows = [];
    for (const contender of contenders) {
      const mine = runs.filter((r) => r.workload === workload.id && r.contender === contender.id);
      if (mine.length === 0) continue;
      const good = mine.filter((r) => r.rps !== undefined);
      rows.push({
        contender: contender.id,
        rounds: good.length,
        failed: mine.length - good.length,
        requests: good[0]?.requests,
        errors: good.reduce((n, r) => n + r.errors, 0),
        rps: median(good.map((r) => r.rps)),
        p50: median(good.map((r) => r.p50)),
        p99: median(good.map((r) => r.p99)),
        maxRssMB: Math.max(...good.map((r) => r.maxRssMB)),
        cpuUs: median(good.map((r) => (r.cpuSeconds / r.requests) * 1e6)),
        error: mine.find((r) => r.rps === undefined)?.error ?? good.find((r) => r.firstError)?.firstError,
      });
    }
    const limit = rows.find((r) => r.contender === 'undici');
    for (const row of rows) {
      row.ratio = limit === undefined ? NaN : row.rps / limit.rps;
      row.p99Ratio = limit === undefined ? NaN : row.p99 / limit.p99;
    }
    table.push({ workload, rows });
  }
  return table;
}

/** Whether the machine was busy during the run: then verdicts on speed go by CPU µs per call, not req/s. */
function isBusy(loads) {
  return loads.some((l) => l.loadavg > BUSY_LOAD);
}

const TARGET_SPEED_WORKLOADS = ['get-c1', 'get-c10', 'get-c50'];

/**
 * Issue 12's targets, each met or not, with the figures. CPU µs per call is compared directly; a
 * "≥ 1.0x" speed target uses req/s on a quiet machine and the inverse CPU ratio on a busy one.
 */
function targets(table, loads) {
  const busy = isBusy(loads);
  const check = (ok) => (ok ? 'met' : '**not met**');
  const rowOf = (workload, contender) => table.find((t) => t.workload.id === workload)?.rows.find((r) => r.contender === contender);
  const speed = (row, base) => (busy ? base.cpuUs / row.cpuUs : row.rps / base.rps);
  const speedName = busy ? 'by CPU µs/call (busy machine)' : 'by req/s';
  const lines = [];
  const results = [];
  const add = (ok, text) => {
    results.push(ok);
    lines.push(`- ${text}: ${check(ok)}`);
  };
  for (const id of ['generated', 'session']) {
    for (const w of TARGET_SPEED_WORKLOADS) {
      const row = rowOf(w, id);
      const base = rowOf(w, 'undici');
      if (row === undefined || base === undefined) continue;
      const cpu = row.cpuUs / base.cpuUs;
      add(cpu <= 1.0, `${id}, ${w}: CPU ${n(row.cpuUs, 1)} µs/call vs raw undici ${n(base.cpuUs, 1)} = ${n(cpu, 2)}× (target ≤ 1.00)`);
      add(row.p99Ratio <= 1.1, `${id}, ${w}: p99 ${n(row.p99, 2)} ms vs ${n(base.p99, 2)} ms = ${n(row.p99Ratio, 2)}× (target ≤ 1.10); req/s ${n(row.ratio, 2)}×`);
    }
    const big = rowOf('big-c10', id);
    const bigBase = rowOf('big-c10', 'undici');
    if (big !== undefined && bigBase !== undefined) {
      add(speed(big, bigBase) >= 1.0, `${id}, big-c10 (64 KiB): ${n(speed(big, bigBase), 2)}× raw undici ${speedName}; req/s ${n(big.ratio, 2)}×, CPU ${n(big.cpuUs, 0)} vs ${n(bigBase.cpuUs, 0)} µs/call (target ≥ 1.00)`);
    }
    const queued = rowOf('queued-10k', id);
    const queuedBase = rowOf('queued-10k', 'undici');
    if (queued !== undefined && queuedBase !== undefined) {
      const limit = queuedBase.maxRssMB * 1.1;
      add(queued.maxRssMB <= limit, `${id}, queued-10k (10,000 calls at once, 50 connections): peak RSS ${n(queued.maxRssMB)} MB vs raw undici ${n(queuedBase.maxRssMB)} MB (target ≤ ${n(limit)} MB, +10 %)`);
    }
  }
  for (const { workload } of table) {
    const generated = rowOf(workload.id, 'generated');
    const session = rowOf(workload.id, 'session');
    if (generated === undefined || session === undefined) continue;
    const ratio = speed(generated, session);
    add(ratio >= 0.98, `generated vs session, ${workload.id}: ${n(ratio, 2)}× ${speedName} (CPU ${n(generated.cpuUs, 1)} vs ${n(session.cpuUs, 1)} µs/call; req/s ${n(generated.rps)} vs ${n(session.rps)}) (target ≥ 0.98)`);
  }
  if (lines.length === 0) lines.push('- no target workload was run (they need generated or session beside undici)');
  const met = results.filter(Boolean).length;
  return { lines, met, total: results.length, busy };
}

/** The short summary the README shows: the verdicts and the target workloads' rows, with the command. */
function readmeSummary({ command, info, table, loads, verdicts }) {
  const out = [];
  out.push(`Figures of ${info.date.slice(0, 10)} from \`${command}\` (${info.cpu}, Node ${info.node}, undici ${info.versions.undici}; ` +
    `load average ${loads.map((l) => l.loadavg.toFixed(2)).join(', ')}${verdicts.busy ? ', so speed verdicts go by CPU µs/call' : ''}). ` +
    `${verdicts.met} of ${verdicts.total} targets met; full table in [bench/results/targets-focused.md](bench/results/targets-focused.md).`, '');
  out.push('| workload | contender | CPU µs/call | CPU vs undici | req/s | vs undici | p99 ms | p99 vs | peak RSS MB |');
  out.push('|---|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const { workload, rows } of table) {
    const base = rows.find((r) => r.contender === 'undici');
    for (const row of rows) {
      if (!FOCUSED_CONTENDERS.includes(row.contender)) continue;
      out.push(`| ${workload.id} | ${row.contender} | ${n(row.cpuUs, 1)} | ${n(base === undefined ? NaN : row.cpuUs / base.cpuUs, 2)} | ${n(row.rps)} | ${n(row.ratio, 2)} | ${n(row.p99, 2)} | ${n(row.p99Ratio, 2)} | ${n(row.maxRssMB)} |`);
    }
  }
  out.push('', ...verdicts.lines.filter((l) => l.includes('not met')).map((l) => l.replace(/^- /, '- not met: ').replace(/: \*\*not met\*\*$/, '')));
  return out.join('\n').trimEnd();
}

/** The full run's short summary for the README: req/s and its ratio to raw undici, per workload and contender. */
function readmeFullSummary({ command, info, table, loads, verdicts }) {
  const ids = CONTENDERS.map((c) => c.id).filter((id) => table.some((t) => t.rows.some((r) => r.contender === id)));
  const out = [];
  out.push(`Figures of ${info.date.slice(0, 10)} from \`${command}\` (${info.cpu}, Node ${info.node}, undici ${info.versions.undici}; ` +
    `load average ${loads.map((l) => l.loadavg.toFixed(2)).join(', ')}): median req/s and, in brackets, its ratio to raw undici in the same run ` +
    `(queued-10k: peak RSS MB). Every column, CPU µs/call included, in [bench/results/latest.md](bench/results/latest.md); ` +
    `${verdicts.met} of ${verdicts.total} of issue 12's targets met in this run.`, '');
  out.push('| workload | ' + ids.join(' | ') + ' |');
  out.push('|---|' + ids.map(() => '---:').join('|') + '|');
  for (const { workload, rows } of table) {
    const cells = ids.map((id) => {
      const row = rows.find((r) => r.contender === id);
      if (row === undefined) return '–';
      return workload.kind === 'queued' ? `${n(row.maxRssMB)} MB` : `${n(row.rps)} (${n(row.ratio, 2)})`;
    });
    out.push(`| ${workload.id} | ${cells.join(' | ')} |`);
  }
  return out.join('\n');
}

/** Replaces the README's block `name` (between its start and end comments) with `summary`. */
function updateReadme(name, summary) {
  const file = path.join(root, 'README.md');
  const text = readFileSync(file, 'utf8');
  const startMark = `<!-- bench:${name}:start`;
  const endMark = `<!-- bench:${name}:end -->`;
  const start = text.indexOf(startMark);
  const startEnd = start === -1 ? -1 : text.indexOf('-->', start) + 3;
  const end = text.indexOf(endMark);
  if (start === -1 || end < startEnd) {
    note(`README.md has no ${startMark} … ${endMark} block: not updated`);
    return;
  }
  writeFileSync(file, text.slice(0, startEnd) + '\n' + summary + '\n' + text.slice(end));
  console.log(`updated the ${name} block in README.md`);
}

function machine() {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    cpu: `${cpus[0]?.model ?? 'unknown'} × ${cpus.length}`,
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    python: spawnSync(PYTHON, ['-c', 'import sys;print(sys.version.split()[0])'], { encoding: 'utf8' }).stdout?.trim() || 'missing',
    versions: Object.fromEntries(['undici', 'axios', 'got', 'node-fetch', 'tough-cookie'].map((n) => [n, packageVersion(n)])),
    pythonPackages: spawnSync(PYTHON, ['-c', 'import importlib.metadata as m\nfor n in ("requests","aiohttp"):\n  try: print(n, m.version(n))\n  except Exception: print(n, "missing")'], { encoding: 'utf8' }).stdout?.trim().split('\n').join(', ') || 'missing',
  };
}

function n(value, digits = 0) {
  return Number.isFinite(value) ? value.toFixed(digits) : '–';
}

function writeResults({ workloads, contenders, runs, wrk, stats, loads, seconds }) {
  const table = summarize(workloads, contenders, runs);
  const info = machine();
  const command = 'npm run bench' + (argv.length > 0 ? ' -- ' + argv.join(' ') : '');
  const md = [];
  md.push(`# sessiongen benchmark — ${info.date.slice(0, 10)}`, '');
  md.push(`Command: \`${command}\` · ${rounds} round(s) · ${Math.round(seconds)} s in all${quick ? ' · **quick mode: smoke figures only**' : ''}`, '');
  md.push(`Machine: ${info.cpu}, ${info.memory}, ${info.os}; Node ${info.node}; Python ${info.python} (${info.pythonPackages}); ` +
    Object.entries(info.versions).map(([k, v]) => `${k} ${v}`).join(', ') + '.', '');
  md.push(canPin ? 'Server pinned to CPU 1, each client (and wrk) to CPU 0 with taskset.' : 'Not pinned: server and clients share the cores.', '');
  md.push('Req/s is the median over rounds, p50/p99 the median of each round\'s per-call latency (ms), RSS the largest peak RSS of the client process over rounds. ' +
    '"vs undici" is req/s as a ratio of raw undici (Pool.request, same pool size) measured in the same run; "p99 vs" the same for p99. ' +
    'CPU µs/call is the client process\'s user+system CPU time during the measured calls divided by their number: ' +
    'it moves less than req/s when other work shares the machine. ' +
    'In the queued workload every call is issued at once, so its latencies include the wait in the queue.', '');
  md.push(`Load average (1 min) at the start of each round: ${loads.map((l) => `${l.round}: ${l.loadavg.toFixed(2)}`).join(', ')}` +
    (isBusy(loads) ? ' — **other work was running on this machine; wall-clock figures are noisy, compare ratios and CPU µs/call**.' : '.'), '');
  if (wrk.length > 0) {
    md.push('## Server ceiling (wrk, 1 thread)', '');
    md.push('| route | wrk req/s | p50 | p99 |', '|---|---:|---:|---:|');
    for (const w of wrk) md.push(`| ${w.label} | ${n(w.rps)} | ${w.p50 ?? '–'} | ${w.p99 ?? '–'} |`);
    md.push('');
  }
  const verdicts = targets(table, loads);
  md.push('## Targets (issue 12)', '');
  md.push(`${verdicts.met} of ${verdicts.total} met. CPU µs/call targets compare CPU time per call with raw undici's in the same run; ` +
    `the "≥" speed targets go by ${verdicts.busy ? `CPU µs/call, since the load average passed ${BUSY_LOAD}` : 'req/s (the load average stayed at or under ' + BUSY_LOAD + ')'}.`, '');
  md.push(...verdicts.lines, '');
  md.push('## Results', '');
  md.push('| workload | contender | req/s | vs undici | p50 ms | p99 ms | p99 vs | peak RSS MB | CPU µs/call | requests × rounds | errors |');
  md.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const { workload, rows } of table) {
    for (const row of rows) {
      md.push(`| ${workload.id} | ${row.contender} | ${n(row.rps)} | ${n(row.ratio, 2)} | ${n(row.p50, 2)} | ${n(row.p99, 2)} | ${n(row.p99Ratio, 2)} | ${n(row.maxRssMB)} | ${n(row.cpuUs)} | ${row.requests ?? '–'} × ${row.rounds}${row.failed ? ` (${row.failed} failed)` : ''} | ${row.errors}${row.error ? ' (' + String(row.error).replace(/\|/g, '/').slice(0, 120) + ')' : ''} |`);
    }
  }
  md.push('');
  md.push('## Which contender ran which workload', '');
  md.push('| contender | what it is | ' + workloads.map((w) => w.id).join(' | ') + ' |');
  md.push('|---|---|' + workloads.map(() => ':-:').join('|') + '|');
  for (const c of CONTENDERS) {
    const ran = contenders.includes(c);
    const selected = onlyContenders === undefined || onlyContenders.includes(c.id);
    const cells = workloads.map((w) => (!selected ? 'not selected' : !ran ? 'skipped (see notes)' : c.skip?.has(w.kind) ? '– (' + SKIP_REASON[w.kind] + ')' : runs.some((r) => r.contender === c.id && r.workload === w.id) ? (c.scale && w.kind !== 'queued' ? `yes (${c.scale}× requests)` : 'yes') : '–'));
    md.push(`| ${c.id} | ${c.about} | ${cells.join(' | ')} |`);
  }
  md.push('');
  if (notes.length > 0) md.push('## Notes', '', ...notes.map((t) => '- ' + t), '');
  if (stats !== undefined) md.push(`Server: ${stats.served} requests served, ${stats.cookieFailures} cookie checks without the cookie (the 401s of contenders whose jar failed).`, '');

  const chart = {
    title: `sessiongen benchmark, ${info.date.slice(0, 10)}: median req/s (higher is better)`,
    subtitle: `${info.cpu}, Node ${info.node}, ${rounds} round(s)${quick ? ', QUICK MODE' : ''}; ratio = req/s ÷ raw undici in the same run`,
    workloads: table.map(({ workload, rows }) => ({ id: workload.id, label: workload.label, rows: rows.map((r) => ({ contender: r.contender, rps: r.rps, ratio: r.ratio })) })),
  };
  // Only a full run replaces latest.*; a quick or partial one goes to results/tmp/ (not committed).
  // A focused run (as it is, not narrowed further) goes to results/targets-focused.*.
  const focusedRun = focused && !quick && option('only') === undefined && option('workloads') === undefined;
  const partial = !focusedRun && (quick || onlyContenders !== undefined || onlyWorkloads !== undefined);
  const outDir = partial ? tmpDir : resultsDir;
  const name = partial ? 'partial' : focusedRun ? 'targets-focused' : 'latest';
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, name + '.md'), md.join('\n'));
  const summary = focusedRun ? readmeSummary({ command, info, table, loads, verdicts }) : readmeFullSummary({ command, info, table, loads, verdicts });
  writeFileSync(path.join(outDir, name + '.json'), JSON.stringify({ command, quick, rounds, machine: info, pinned: canPin, notes, wrk, server: stats, loads, workloads, table, targets: verdicts, readmeSummary: summary, chart, runs }, null, 2) + '\n');
  if (writeReadme) {
    if (partial) note('--readme: a quick or narrowed run does not update README.md');
    else updateReadme(focusedRun ? 'targets' : 'full', summary);
  }
  writeFileSync(path.join(outDir, name + '.svg'), renderSvg(chart));
  console.log('\n' + md.join('\n'));
  console.log(`wrote ${path.relative(root, path.join(outDir, name))}.{md,json,svg}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
