// The benchmark's loopback server: node:http with keep-alive, in its own process.
// It listens on 127.0.0.1 only, prints {"port":N} on its first stdout line, and exits when its
// parent goes away (IPC disconnect), on SIGTERM, or after a hard time limit, whichever comes first.
//
// Routes (all replies are JSON):
//   GET  /things/:id     tiny JSON object (the "small GET")
//   GET  /big            a JSON document of exactly 64 KiB
//   POST /echo           reads a JSON body, replies with a tiny JSON object about it
//   GET  /cookie/login   sets `sid` (Path=/) and replies tiny JSON
//   GET  /cookie/check   200 only when the request carries the `sid` cookie, else 401
//   GET  /stats          requests served, and cookie checks that failed
import http from 'node:http';

const HARD_LIMIT_MS = Number(process.env.BENCH_SERVER_LIMIT_MS ?? 20 * 60 * 1000);
const SID = 'sid=s3ss10n-' + process.pid;

// A 64 KiB JSON array of short strings, padded so the byte length is exactly 65,536.
function bigBody() {
  const items = [];
  let size = 2; // the brackets
  while (size < 65536 - 40) {
    const item = JSON.stringify('item-' + items.length + '-abcdefghijklmnopqrstuvwxyz');
    items.push(item);
    size += item.length + 1;
  }
  let text = '[' + items.join(',') + ']';
  const pad = 65536 - Buffer.byteLength(text) - 3; // ,"<pad>"
  text = text.slice(0, -1) + ',"' + 'x'.repeat(pad) + '"]';
  const buf = Buffer.from(text);
  if (buf.length !== 65536) throw new Error('big body is ' + buf.length + ' bytes');
  JSON.parse(text);
  return buf;
}

const BIG = bigBody();
const JSON_TYPE = 'application/json';
let served = 0;
let cookieFailures = 0;

function send(res, status, body, extra) {
  const buf = typeof body === 'string' ? Buffer.from(body) : body;
  const headers = { 'content-type': JSON_TYPE, 'content-length': buf.length };
  if (extra !== undefined) Object.assign(headers, extra);
  res.writeHead(status, headers);
  res.end(buf);
}

const server = http.createServer((req, res) => {
  served++;
  const url = req.url ?? '/';
  if (req.method === 'GET' && url.startsWith('/things/')) {
    const id = Number.parseInt(url.slice(8), 10) || 0;
    send(res, 200, '{"id":' + id + ',"name":"thing","ok":true}');
  } else if (req.method === 'GET' && url === '/big') {
    send(res, 200, BIG);
  } else if (req.method === 'POST' && url === '/echo') {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      chunks.push(chunk);
      size += chunk.length;
    });
    req.on('end', () => {
      let keys = -1;
      try {
        keys = Object.keys(JSON.parse(Buffer.concat(chunks, size).toString('utf8'))).length;
      } catch {
        send(res, 400, '{"error":"bad json"}');
        return;
      }
      send(res, 200, '{"received":' + size + ',"keys":' + keys + '}');
    });
  } else if (req.method === 'GET' && url === '/cookie/login') {
    send(res, 200, '{"login":true}', { 'set-cookie': SID + '; Path=/; HttpOnly' });
  } else if (req.method === 'GET' && url === '/cookie/check') {
    const cookie = req.headers.cookie ?? '';
    if (cookie.split(/;\s*/).includes(SID)) send(res, 200, '{"session":true}');
    else {
      cookieFailures++;
      send(res, 401, '{"session":false}');
    }
  } else if (req.method === 'GET' && url === '/stats') {
    send(res, 200, JSON.stringify({ served, cookieFailures }));
  } else {
    send(res, 404, '{"error":"not found"}');
  }
});

server.keepAliveTimeout = 60_000;
server.headersTimeout = 65_000;
server.requestTimeout = 0;
server.maxRequestsPerSocket = 0;

function stop() {
  server.close();
  server.closeAllConnections();
  process.exit(0);
}

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port, pid: process.pid }) + '\n');
});
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', stop);
setTimeout(stop, HARD_LIMIT_MS).unref();
