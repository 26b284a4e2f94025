// Profiles the Session's hot path: runs the `session` contender (and raw undici, for comparison)
// under `node --cpu-prof` against the bench server, then prints the top self-time frames, the
// self time by area (runtime file, undici, node internals, GC), and inclusive time of the runtime's
// own functions. Run after `npm run build`:
//
//   node bench/profile.mjs [--requests 60000] [--connections 50] [--kind small|post|cookie|big] [--contenders session,undici,generated]
//
// The `generated` contender uses the client `npm run bench` compiled last
// (bench/results/tmp/generated/out/bench.js); run the bench once first.
//
// The .cpuprofile files stay in bench/results/tmp/profile/ (open them in Chrome DevTools).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(here);
const outDir = path.join(here, 'results', 'tmp', 'profile');
const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf('--' + name);
  return i === -1 ? fallback : argv[i + 1];
};
const requests = Number(option('requests', '60000'));
const connections = Number(option('connections', '50'));
const kind = option('kind', 'small');
const contenders = option('contenders', 'session,undici').split(',');
const pin = existsSync('/usr/bin/taskset');

function run(command, args, opts = {}) {
  const full = pin ? ['/usr/bin/taskset', ['-c', opts.cpu ?? '0', command, ...args]] : [command, args];
  return spawn(full[0], full[1], { cwd: root, ...opts });
}

async function startServer() {
  const child = run(process.execPath, [path.join(here, 'server.mjs')], { cpu: '1', stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const port = await new Promise((resolve, reject) => {
    child.stdout.once('data', (chunk) => resolve(JSON.parse(String(chunk).split('\n')[0]).port));
    child.once('exit', (code) => reject(new Error('server exited ' + code)));
  });
  return { child, origin: `http://127.0.0.1:${port}` };
}

function profileOne(contender, origin) {
  const dir = path.join(outDir, contender);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const generated = path.join(here, 'results', 'tmp', 'generated', 'out', 'bench.js');
  if (contender === 'generated' && !existsSync(generated)) throw new Error(`${path.relative(root, generated)} is missing: run npm run bench once (it generates and compiles the client)`);
  const config = { origin, kind, connections, requests, warmup: 2000, limitSeconds: 300, ...(contender === 'generated' ? { generatedModule: generated, generatedClass: 'BenchApi' } : {}) };
  const child = run(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '200', path.join(here, 'contenders', contender + '.mjs'), JSON.stringify(config)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 320_000);
    child.on('close', () => {
      clearTimeout(killer);
      const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
      resolve({ result: JSON.parse(out.trim().split('\n').pop() || '{}'), profile: file && JSON.parse(readFileSync(path.join(dir, file), 'utf8')) });
    });
  });
}

function area(frame) {
  const url = frame.url;
  if (url === '') return frame.functionName.startsWith('(') ? frame.functionName : '(native/builtin)';
  if (url.includes('/dist/runtime/')) return 'runtime/' + path.basename(url).replace(/\.js$/, '.ts');
  if (url.includes('/node_modules/undici/')) return 'undici';
  if (url.includes('/node_modules/tough-cookie/') || url.includes('/node_modules/tldts')) return 'tough-cookie';
  if (url.includes('/bench/')) return 'bench harness';
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  return path.basename(url);
}

function label(frame) {
  const where = frame.url === '' ? '' : ` ${frame.url.replace(/^.*\/(node_modules\/|dist\/)/, '').replace(/^file:\/\//, '')}:${frame.lineNumber + 1}`;
  return (frame.functionName || '(anonymous)') + where;
}

function analyse(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  const inclusive = new Map();
  const areas = new Map();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i + 1] ?? 0; // the delta after a sample is the time it stood for
    const node = byId.get(profile.samples[i]);
    if (node.callFrame.functionName === '(idle)') continue;
    total += dt;
    const key = label(node.callFrame);
    self.set(key, (self.get(key) ?? 0) + dt);
    const a = area(node.callFrame);
    areas.set(a, (areas.get(a) ?? 0) + dt);
    const seen = new Set();
    for (let id = node.id; id !== undefined; id = parent.get(id)) {
      const frame = byId.get(id).callFrame;
      if (!frame.url.includes('/dist/runtime/')) continue;
      const k = label(frame);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
    }
  }
  const top = (map, count) => [...map].sort((a, b) => b[1] - a[1]).slice(0, count);
  return { total, self: top(self, 30), areas: top(areas, 20), inclusive: top(inclusive, 25) };
}

const server = await startServer();
try {
  const summary = {};
  for (const contender of contenders) {
    const { result, profile } = await profileOne(contender, server.origin);
    if (profile === undefined) {
      console.log(`${contender}: no profile written`);
      continue;
    }
    const a = analyse(profile);
    const perCall = (ms) => ((ms / 1000 / (requests + 2000)) * 1000).toFixed(1);
    summary[contender] = { rps: result.rps, cpuMs: a.total / 1000 };
    console.log(`\n=== ${contender}: ${kind} x ${requests} at ${connections} connections: ${Math.round(result.rps)} req/s, ` +
      `${(a.total / 1000).toFixed(0)} ms sampled CPU (${perCall(a.total)} µs per call incl. warm-up)`);
    const pct = (us) => ((us / a.total) * 100).toFixed(1).padStart(5) + '%';
    console.log('-- self time by area');
    for (const [k, us] of a.areas) console.log(`${pct(us)}  ${perCall(us).padStart(6)} µs/call  ${k}`);
    console.log('-- top self-time frames');
    for (const [k, us] of a.self) console.log(`${pct(us)}  ${perCall(us).padStart(6)} µs/call  ${k}`);
    if (a.inclusive.length > 0) {
      console.log('-- runtime functions, inclusive (self + callees)');
      for (const [k, us] of a.inclusive) console.log(`${pct(us)}  ${perCall(us).padStart(6)} µs/call  ${k}`);
    }
  }
  for (const id of ['session', 'generated']) {
    if (!summary[id] || !summary.undici) continue;
    const extra = ((summary[id].cpuMs - summary.undici.cpuMs) / (requests + 2000)) * 1000;
    console.log(`\n${id} vs undici: ${(summary[id].rps / summary.undici.rps).toFixed(2)}x req/s; ${extra.toFixed(1)} µs more CPU per call`);
  }
} finally {
  server.child.kill('SIGTERM');
}
