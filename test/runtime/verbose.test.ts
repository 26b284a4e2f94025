import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BearerAuth, ConnectionError } from '../../runtime/index.js';
import type { Handler } from '../helpers/server.js';
import { rejection, useHarness } from '../helpers/harness.js';

const h = useHarness();

const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /;
const DURATION = / \d+(\.\d+)? ms/;

/** A Writable that keeps what was written, as a stream user would pass instead of process.stderr. */
function collectingStream(): Writable & { text: string } {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      stream.text += chunk.toString();
      callback();
    },
  }) as Writable & { text: string };
  stream.text = '';
  return stream;
}

/** `/redirect` redirects to `/flaky`, which fails with 503 once, then answers 200. */
function redirectThenFlaky(): Handler {
  let flakyHits = 0;
  return (request, response) => {
    if (request.url === '/redirect') {
      response.statusCode = 302;
      response.setHeader('location', '/flaky');
      response.end();
    } else if (request.url === '/flaky' && ++flakyHits === 1) {
      response.statusCode = 503;
      response.end();
    } else response.end('ok');
  };
}

describe('verbose logging', () => {
  it('a function gets one line per request and one per response: time, method, URL, status, duration', async () => {
    const server = await h.server();
    const lines: string[] = [];
    const s = h.session(server.origin, { verbose: (line) => lines.push(line) });
    await (await s.get('/path?page=2')).text();
    expect(lines).toHaveLength(2);
    const [request, response] = lines as [string, string];
    expect(request).toMatch(TIME);
    expect(request).toContain(`GET ${server.origin}/path?page=2`);
    expect(response).toMatch(TIME);
    expect(response).toContain('200');
    expect(response).toContain(`GET ${server.origin}/path?page=2`);
    expect(response).toMatch(DURATION);
    expect(lines.every((line) => !line.includes('\n'))).toBe(true);
  });

  it('counts redirects and retries on each hop', async () => {
    const server = await h.server(redirectThenFlaky());
    const lines: string[] = [];
    const s = h.session(server.origin, { verbose: (line) => lines.push(line), retry: { limit: 2, backoff: 1 } });
    expect((await s.get('/redirect')).status).toBe(200);
    expect(server.received).toHaveLength(3);
    expect(lines).toHaveLength(6);
    expect(lines[0]).toContain(`GET ${server.origin}/redirect`);
    expect(lines[1]).toMatch(/302 GET .*\/redirect/);
    expect(lines[2]).toMatch(/GET .*\/flaky.*redirect 1/);
    expect(lines[3]).toMatch(/503 GET .*\/flaky.*redirect 1/);
    expect(lines[4]).toMatch(/GET .*\/flaky.*retry 1.*redirect 1/);
    expect(lines[5]).toMatch(/200 GET .*\/flaky.*retry 1.*redirect 1/);
    expect(lines[0]).not.toMatch(/retry|redirect \d/);
  });

  it('a stream gets the same lines, each ending in a newline', async () => {
    const server = await h.server(redirectThenFlaky());
    const stream = collectingStream();
    const s = h.session(server.origin, { verbose: stream, retry: { limit: 2, backoff: 1 } });
    await (await s.post('/plain', { json: {} })).dump();
    await (await s.get('/redirect')).dump();
    expect(stream.text.endsWith('\n')).toBe(true);
    const lines = stream.text.trimEnd().split('\n');
    expect(lines).toHaveLength(8);
    for (const line of lines) expect(line).toMatch(TIME);
    expect(lines[0]).toContain(`POST ${server.origin}/plain`);
    expect(lines[1]).toMatch(/200 POST .*\/plain/);
    expect(lines[1]).toMatch(DURATION);
    expect(lines[7]).toMatch(/200 GET .*\/flaky.*retry 1.*redirect 1/);
  });

  it('logs a failed request with its error, and its retry count', async () => {
    const server = await h.server((request) => void request.socket.destroy());
    const lines: string[] = [];
    const s = h.session(server.origin, { verbose: (line) => lines.push(line), retry: { limit: 1, backoff: 1 } });
    expect(await rejection(s.get('/broken'))).toBeInstanceOf(ConnectionError);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/GET .*\/broken.*ConnectionError/);
    expect(lines[1]).toMatch(DURATION);
    expect(lines[3]).toMatch(/GET .*\/broken.*ConnectionError.*retry 1/);
  });

  it('masks credentials: no password, no Authorization value, no secret query value, on any line', async () => {
    const server = await h.server((request, response) => {
      if (request.url?.startsWith('/start')) {
        response.statusCode = 307;
        response.setHeader('location', '/next?api_key=k3y-value&page=3');
        response.end();
      } else response.end();
    });
    const lines: string[] = [];
    const s = h.session(server.origin, { verbose: (line) => lines.push(line), auth: ['alice', 'hunter2'] });
    await (await s.get('/start?token=secret-token-value&page=2&password=pw-value')).dump();
    await (await s.get('/bearer', { auth: new BearerAuth('bearer-token-value') })).dump();
    expect(lines).toHaveLength(6);
    const all = lines.join('\n');
    for (const secret of ['hunter2', Buffer.from('alice:hunter2').toString('base64'), 'secret-token-value', 'pw-value', 'k3y-value', 'bearer-token-value']) {
      expect(all).not.toContain(secret);
    }
    expect(all).toContain('token=***');
    expect(all).toContain('api_key=***');
    expect(all).toContain('page=2');
    expect(all).toContain('page=3');
    // The server still got the real values.
    expect(server.received[0]!.url).toContain('token=secret-token-value');
    expect(server.received[0]!.headers.authorization).toBe('Basic ' + Buffer.from('alice:hunter2').toString('base64'));
  });
});
