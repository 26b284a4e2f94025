// The full load run behind `npm run stress` (the bounded one is test/hardening/load.test.ts):
// 100,000 calls from 10,000 concurrent callers through one Session with connections: 10, against a
// node:http server in a child process (so the peak RSS printed is the client's alone).
// Prints calls, failures, the server's peak sockets, peak RSS, duration, unhandled rejections,
// and the active resources left after close(). Exits 1 if anything is off.
//
//   npm run stress                       # the full run
//   node bench/stress.mjs --calls 20000 --callers 2000
import { fork } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';

function option(name, fallback) {
  const at = process.argv.indexOf('--' + name);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
}

if (process.argv.includes('--server')) {
  // The child: a keep-alive JSON server that counts the sockets it holds at once.
  let open = 0;
  let peak = 0;
  let served = 0;
  const server = http.createServer((req, res) => {
    served++;
    const body = JSON.stringify({ url: req.url });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', (socket) => {
    open++;
    peak = Math.max(peak, open);
    socket.on('close', () => open--);
  });
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
  process.on('message', (message) => {
    if (message === 'stats') process.send({ open, peak, served });
  });
  process.on('disconnect', () => process.exit(0));
} else {
  await main();
}

function ask(child, message) {
  return new Promise((resolve) => {
    child.once('message', resolve);
    if (message !== undefined) child.send(message);
  });
}

function countTypes(list) {
  const counts = {};
  for (const type of list) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

async function main() {
  const CALLS = option('calls', 100_000);
  const CALLERS = option('callers', 10_000);
  const CONNECTIONS = option('connections', 10);
  const { Session } = await import('../dist/runtime/index.js');

  const child = fork(fileURLToPath(import.meta.url), ['--server'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const { port } = await ask(child);

  let unhandled = 0;
  process.on('unhandledRejection', () => unhandled++);
  const resourcesBefore = countTypes(process.getActiveResourcesInfo());

  let sampledRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    sampledRss = Math.max(sampledRss, process.memoryUsage().rss);
  }, 50);

  const s = new Session(`http://127.0.0.1:${port}`, { connections: CONNECTIONS, timeout: 60_000 });
  let next = 0;
  let ok = 0;
  let failures = 0;
  let peakOpen = 0;
  let peakQueued = 0;
  const firstErrors = [];
  const started = performance.now();
  const caller = async () => {
    while (next < CALLS) {
      const id = next++;
      try {
        const body = await (await s.get(`/items/${id}`, { params: { n: id } })).json();
        if (body.url === `/items/${id}?n=${id}`) ok++;
        else throw new Error(`call ${id} got the answer for ${body.url}`);
      } catch (error) {
        failures++;
        if (firstErrors.length < 5) firstErrors.push(String(error));
      }
      peakOpen = Math.max(peakOpen, s.openConnections);
      peakQueued = Math.max(peakQueued, s.queuedCalls);
    }
  };
  await Promise.all(Array.from({ length: CALLERS }, caller));
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);

  const stats = await ask(child, 'stats');
  await s.close();
  // Let the closed sockets' handles go, then see what is still alive.
  await new Promise((resolve) => setTimeout(resolve, 200));
  child.disconnect();
  await new Promise((resolve) => child.once('exit', resolve));
  await new Promise((resolve) => setImmediate(resolve));
  const resourcesAfter = countTypes(process.getActiveResourcesInfo());
  const maxRssMiB = (process.resourceUsage().maxRSS / 1024).toFixed(1);

  const leaked = (resourcesAfter.TCPSocketWrap ?? 0) + (resourcesAfter.Timeout ?? 0);
  const report = {
    calls: CALLS,
    callers: CALLERS,
    connections: CONNECTIONS,
    succeeded: ok,
    failures,
    serverRequests: stats.served,
    serverPeakSockets: stats.peak,
    sessionPeakOpenConnections: peakOpen,
    sessionPeakQueuedCalls: peakQueued,
    peakRssMiB: Number(maxRssMiB),
    sampledPeakRssMiB: Number((sampledRss / 1024 / 1024).toFixed(1)),
    durationSeconds: Number(seconds.toFixed(2)),
    callsPerSecond: Math.round(CALLS / seconds),
    unhandledRejections: unhandled,
    activeResourcesBefore: resourcesBefore,
    activeResourcesAfterClose: resourcesAfter,
    leakedSocketsAndTimers: leaked,
  };
  for (const [key, value] of Object.entries(report)) console.log(`${key.padEnd(28)} ${typeof value === 'object' ? JSON.stringify(value) : value}`);
  if (firstErrors.length > 0) console.log('first errors:\n  ' + firstErrors.join('\n  '));
  const good = failures === 0 && ok === CALLS && stats.served === CALLS && stats.peak <= CONNECTIONS && unhandled === 0 && leaked === 0;
  console.log(good ? 'PASS' : 'FAIL');
  process.exitCode = good ? 0 : 1;
}
