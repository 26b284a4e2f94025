// Shared driver for the JavaScript contenders. A contender module calls `runContender(setup)`,
// where `setup(config)` returns the operations for one client:
//   { small(id), big(), post(payload), cookieLogin(), cookieCheck(), close() }
// each resolving to the parsed JSON body and rejecting on a non-2xx status.
// The config comes as JSON in argv[2]; the result is one JSON line on stdout.
// Every loop is bounded by `config.requests`; a watchdog ends the process if it hangs.

export function payload(i) {
  return { id: i, name: 'thing-' + i, tags: ['a', 'b', 'c'], nested: { x: i % 7, y: 'two' } };
}

/** For fetch-style responses (undici fetch, node-fetch): the parsed JSON, or a throw on non-2xx. */
export async function fetchJson(response) {
  if (!response.ok) {
    await response.arrayBuffer();
    throw new Error('HTTP ' + response.status);
  }
  return response.json();
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

function operation(ops, kind) {
  switch (kind) {
    case 'small':
    case 'queued':
      return (i) => ops.small(i % 100);
    case 'big':
      return () => ops.big();
    case 'post':
      return (i) => ops.post(payload(i));
    case 'cookie':
      return () => ops.cookieCheck();
    default:
      throw new Error('unknown workload kind ' + kind);
  }
}

/** `count` operations, at most `concurrency` at a time; latencies (ms) go into `latencies` when given. */
async function drive(op, count, concurrency, latencies, state) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const start = performance.now();
      try {
        await op(i);
      } catch (error) {
        state.errors++;
        state.firstError ??= String(error?.stack ?? error).split('\n').slice(0, 3).join(' | ');
      }
      if (latencies !== undefined) latencies[i] = performance.now() - start;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/** All `count` operations issued at once; the client's own pool queues them. */
async function flood(op, count, latencies, state) {
  const calls = new Array(count);
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    calls[i] = Promise.resolve()
      .then(() => op(i))
      .then(
        () => {
          latencies[i] = performance.now() - start;
        },
        (error) => {
          latencies[i] = performance.now() - start;
          state.errors++;
          state.firstError ??= String(error?.stack ?? error).split('\n').slice(0, 3).join(' | ');
        },
      );
  }
  await Promise.all(calls);
}

export async function runContender(setup) {
  const config = JSON.parse(process.argv[2]);
  const watchdog = setTimeout(() => {
    process.stdout.write(JSON.stringify({ ok: false, error: `watchdog: no result after ${config.limitSeconds}s` }) + '\n');
    process.exit(2);
  }, config.limitSeconds * 1000);
  watchdog.unref();

  const ops = await setup(config);
  const op = operation(ops, config.kind);
  const state = { errors: 0, firstError: undefined };
  if (config.kind === 'cookie') await ops.cookieLogin();
  // Warm-up (JIT, connections), not measured; for the queued workload a short one so RSS stays the queue's.
  await drive(op, config.warmup, config.connections, undefined, state);
  const warmupErrors = state.errors;

  const latencies = new Float64Array(config.requests);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  if (config.kind === 'queued') await flood(op, config.requests, latencies, state);
  else await drive(op, config.requests, config.connections, latencies, state);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  await ops.close();

  latencies.sort();
  const usage = process.resourceUsage();
  const result = {
    ok: state.errors === 0,
    requests: config.requests,
    warmup: config.warmup,
    errors: state.errors,
    warmupErrors,
    firstError: state.firstError,
    seconds,
    rps: config.requests / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    maxRssMB: usage.maxRSS / 1024,
    // CPU (user + system, all threads) of the measured calls only.
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
  process.stdout.write(JSON.stringify(result) + '\n');
  clearTimeout(watchdog);
}
