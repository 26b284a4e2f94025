// Whole-process measurements for the generator benches: wall time, CPU time (user + system) and
// peak RSS of a child process, through GNU time where it is installed (`/usr/bin/time -f`).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';

const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const MARK = '@@sessiongen-bench';

/** One run: `{ wall, cpu, rss }` in seconds and MB (cpu and rss undefined without GNU time). */
export function run(command, args, options = {}) {
  const start = performance.now();
  const result = GNU_TIME === undefined
    ? spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 28, ...options })
    : spawnSync(GNU_TIME, ['-f', `${MARK} %U %S %M`, command, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, ...options });
  const wall = (performance.now() - start) / 1000;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}${result.stderr}`);
  const line = result.stderr.split('\n').findLast((text) => text.startsWith(MARK));
  if (line === undefined) return { wall, cpu: undefined, rss: undefined };
  const [user, system, kb] = line.slice(MARK.length).trim().split(/\s+/).map(Number);
  return { wall, cpu: user + system, rss: kb / 1024 };
}

/**
 * Several runs of each job, alternated (a, b, a, b, ...) so a burst of load hits both alike.
 * Per job: the best and the median wall time, the lowest CPU time, the highest peak RSS.
 */
export function alternate(jobs, rounds) {
  const runs = jobs.map(() => []);
  for (let round = 0; round < rounds; round++) {
    jobs.forEach((job, index) => runs[index].push(job()));
  }
  return runs.map((list) => {
    const walls = list.map((item) => item.wall).sort((a, b) => a - b);
    const cpus = list.map((item) => item.cpu).filter((value) => value !== undefined);
    const rsses = list.map((item) => item.rss).filter((value) => value !== undefined);
    return {
      wall: walls[0],
      median: walls[Math.floor(walls.length / 2)],
      cpu: cpus.length === 0 ? undefined : Math.min(...cpus),
      rss: rsses.length === 0 ? undefined : Math.max(...rsses),
    };
  });
}

/** `load average 1.20 0.95 0.80 on 2 cores`, as `uptime` tells it. */
export function loadLine() {
  return `load average ${loadavg().map((value) => value.toFixed(2)).join(' ')} on ${availableParallelism()} cores`;
}

/** A line saying wall times run high, when the load average is at or past the number of cores; else undefined. */
export function busyNote() {
  const load = loadavg()[0];
  return load >= availableParallelism()
    ? `note: the machine is busy (load average ${load.toFixed(2)} on ${availableParallelism()} cores): wall times run high; the CPU times beside them are the work done`
    : undefined;
}

/** A target line: `label  figure  target <= x: met`. */
export function verdict(label, value, unit, target) {
  if (value === undefined) return `${label.padEnd(44)} ${'n/a'.padStart(9)}     target <= ${target} ${unit}: not measured (no GNU time)`;
  const digits = unit === 'MB' ? 1 : unit === 'ms' ? 0 : 2;
  return `${label.padEnd(44)} ${value.toFixed(digits).padStart(9)} ${unit.padEnd(3)} target <= ${target} ${unit}: ${value <= target ? 'met' : 'NOT met'}`;
}

/** The version of a package installed in a node_modules folder. */
export function installedVersion(packageJson) {
  return JSON.parse(readFileSync(packageJson, 'utf8')).version;
}
