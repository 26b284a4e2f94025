import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ApiCall, AuthenticationError, BodyUsedError, EventStream, JsonLines, ParseError, Session, readEvents, readJsonLines, readText, readTextEvents } from '../../runtime/index.js';
import { LineSplitter } from '../../runtime/lines.js';
import type { HttpMethod, RequestOptions, ResponseReader, ServerSentEvent } from '../../runtime/index.js';
import { gate, rejection, sleep, useHarness } from '../helpers/harness.js';
import { eventually } from '../helpers/server.js';
import type { TestServer } from '../helpers/server.js';

const h = useHarness();

/** What a generated client is: a Session subclass reaching the protected callApi. */
class Api extends Session {
  call<T>(method: HttpMethod, target: string, reader: ResponseReader<T>, options: RequestOptions = {}): ApiCall<T> {
    return this.callApi<T>(method, target, options, reader);
  }
}

const SSE = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' };
const NDJSON = { 'content-type': 'application/x-ndjson' };

/** A server that answers `/next` with `next`, and anything else with `status` and `chunks` written one at a time, a few ms apart. */
async function streaming(headers: Record<string, string>, chunks: readonly (string | Buffer)[], status = 200): Promise<{ server: TestServer; s: Api }> {
  const server = await h.server(async (request, response) => {
    if (request.url === '/next') return void response.end('next');
    response.writeHead(status, headers);
    for (const chunk of chunks) {
      response.write(chunk);
      await sleep(3);
    }
    response.end();
  });
  return { server, s: api(server) };
}

function api(server: TestServer): Api {
  const s = new Api(server.origin, { connections: 1 });
  h.defer(() => s.close());
  return s;
}

/** A server that sends `first`, then holds `last` back until the test opens the gate: a client that waited for the whole body would hang. */
async function heldBack(headers: Record<string, string>, first: string, last: string): Promise<{ s: Api; release: () => void }> {
  const release = gate();
  const server = await h.server(async (_request, response) => {
    response.writeHead(200, headers);
    response.write(first);
    await release.wait;
    response.end(last);
  });
  return { s: api(server), release: release.open };
}

async function all<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of stream) items.push(item);
  return items;
}

function event<T>(data: T, event = 'message', id?: string, retry?: number): ServerSentEvent<T> {
  return { event, data, id, retry };
}

/** A handler that writes one event every 10 ms until the client goes; `closed` resolves when the server sees it go. */
function endless(write: (response: ServerResponse, n: number) => void): { handler: (request: unknown, response: ServerResponse) => Promise<void>; closed: Promise<number> } {
  let sawClose!: (written: number) => void;
  const closed = new Promise<number>((resolve) => (sawClose = resolve));
  const handler = async (_request: unknown, response: ServerResponse): Promise<void> => {
    response.writeHead(200, SSE);
    let n = 0;
    let open = true;
    response.on('close', () => {
      open = false;
      sawClose(n);
    });
    while (open) {
      write(response, ++n);
      await sleep(10);
    }
  };
  return { handler, closed };
}

describe('LineSplitter', () => {
  it('cuts at CR, LF and CRLF wherever the chunks split them, and keeps characters split between chunks whole', () => {
    const text = Buffer.from('\ufeffa\r\nb\rc\n\r\nd☃\r\re');
    // Every way of cutting the bytes in two gives the same lines.
    for (let cut = 0; cut <= text.length; cut++) {
      const splitter = new LineSplitter(true);
      const lines = [...splitter.push(text.subarray(0, cut)), ...splitter.push(text.subarray(cut)), ...splitter.end()];
      expect(lines, `cut at ${cut}`).toEqual(['a', 'b', 'c', '', 'd☃', '', 'e']);
    }
    const lf = new LineSplitter(false);
    expect([...lf.push(Buffer.from('{"a":\r1}\r\n\n2')), ...lf.end()]).toEqual(['{"a":\r1}\r', '', '2']);
  });
});

describe('server-sent events (readEvents, readTextEvents)', () => {
  it('parses multi-line data, comments, event types, ids and retry; data as JSON', async () => {
    const { s } = await streaming(SSE, [
      ': a comment, then a keep-alive\n:\n',
      'event: update\nid: 1\nretry: 3000\ndata: {"a":\ndata: 1}\n\n',
      'data: [1,2]\n\n',
      'data:"no space"\nid: 7\n\n',
    ]);
    const stream = await s.call('GET', '/events', readEvents<unknown>);
    expect(stream).toBeInstanceOf(EventStream);
    expect(await all(stream)).toEqual([
      event({ a: 1 }, 'update', '1', 3000),
      // The last event ID and the reconnection time stay until changed, as in a browser's EventSource.
      event([1, 2], 'message', '1', 3000),
      event('no space', 'message', '7', 3000),
    ]);
    // The stream ended with the body: the connection serves the next call.
    expect(await s.call('GET', '/next', readTextEvents).then((next) => all(next))).toEqual([]);
  });

  it('takes CRLF, CR and LF line ends, also split between chunks, a BOM, and UTF-8 split between chunks', async () => {
    const snowman = Buffer.from('☃');
    const { s } = await streaming(SSE, [
      Buffer.from([0xef, 0xbb, 0xbf]),
      'data: a\r\ndata: b\r',
      '\ndata: c\r\r',
      'data: d\r',
      '\r\n',
      'event: e\rdata: ',
      snowman.subarray(0, 1),
      snowman.subarray(1),
      '\n\n',
    ]);
    const events = await all(await s.call('GET', '/events', readTextEvents));
    // The CR at a chunk's end and the LF starting the next are one line end (no empty line, no early dispatch).
    expect(events).toEqual([event('a\nb\nc'), event('d'), event('☃', 'e')]);
  });

  it('follows the WHATWG rules for odd fields', async () => {
    const { s } = await streaming(SSE, [
      // A field with no colon is that field with an empty value; one space after the colon is dropped, not two.
      'data\ndata:  two spaces\n\n',
      // An id holding NUL is ignored; a retry that is not all digits is ignored; unknown fields are ignored.
      'id: a\0b\nretry: 12ms\nretry: -5\nfoo: bar\ndata: x\n\n',
      // A block without data dispatches nothing but sets the id and retry for later events.
      'id: 9\nretry: 250\nevent: ignored\n\n',
      // An empty event field means message; an empty id resets the last event ID.
      'event:\nid\ndata: y\n\n',
      // The last event has no blank line after it: the body ended mid-event, so it is dropped.
      'data: dropped\n',
    ]);
    expect(await all(await s.call('GET', '/events', readTextEvents))).toEqual([
      event('\n two spaces'),
      event('x'),
      event('y', 'message', '', 250),
    ]);
  });

  it('gives each event as it arrives: the body is never held whole', async () => {
    const { s, release } = await heldBack(SSE, 'data: {"n":1}\n\n', 'data: {"n":2}\n\n');
    const seen: unknown[] = [];
    for await (const { data } of await s.call('GET', '/events', readEvents<{ n: number }>)) {
      seen.push(data.n);
      // The server holds the second event back until the client has the first.
      release();
    }
    expect(seen).toEqual([1, 2]);
  });

  it('a break mid-stream closes the connection (the server sees it) and the next call gets a new one', async () => {
    const { handler, closed } = endless((response, n) => response.write(`id: ${n}\ndata: {"n":${n}}\n\n`));
    const server = await h.server(async (request, response) => (request.url === '/next' ? void response.end('next') : handler(request, response)));
    const s = api(server);
    const got: number[] = [];
    for await (const { data } of await s.call('GET', '/endless', readEvents<{ n: number }>)) {
      got.push(data.n);
      if (got.length === 2) break;
    }
    expect(got).toEqual([1, 2]);
    const written = await closed;
    expect(written).toBeLessThan(20);
    await eventually(() => server.openSockets() === 0, 'the server sees the socket closed');
    expect(await s.call('GET', '/next', readText)).toBe('next');
    expect(server.totalSockets).toBe(2);
  });

  it('close() ends an iteration that waits for the next event, and closes the connection', async () => {
    const { handler, closed } = endless((response) => response.write(': still here\n'));
    const server = await h.server(handler);
    const s = api(server);
    const stream = await s.call('GET', '/quiet', readTextEvents);
    const iteration = all(stream);
    await sleep(30);
    stream.close();
    expect(await iteration).toEqual([]);
    await closed;
    await eventually(() => server.openSockets() === 0, 'the server sees the socket closed');
  });

  it('`await using` closes a stream left early; a second iteration is refused', async () => {
    const { handler, closed } = endless((response, n) => response.write(`data: ${n}\n\n`));
    const server = await h.server(handler);
    const s = api(server);
    {
      await using stream = await s.call('GET', '/endless', readEvents<number>);
      const iterator = stream[Symbol.asyncIterator]();
      expect((await iterator.next()).value).toEqual(event(1));
      await expect(all(stream)).rejects.toBeInstanceOf(BodyUsedError);
    }
    await closed;
  });

  it('data that is not JSON rejects the iteration with a ParseError naming the event, and closes the connection', async () => {
    const { handler, closed } = endless((response, n) => response.write(n === 3 ? 'event: done\ndata: [DONE!]\n\n' : `data: {"n":${n}}\n\n`));
    const server = await h.server(handler);
    const s = api(server);
    const got: unknown[] = [];
    const error = await rejection(
      (async () => {
        for await (const { data } of await s.call('GET', '/events', readEvents<{ n: number }>)) got.push(data.n);
      })(),
    );
    expect(got).toEqual([1, 2]);
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).code).toBe('ERR_EVENT_JSON');
    expect((error as ParseError).message).toContain('event 3 ("done")');
    expect((error as ParseError).message).toContain('"[DONE!]"');
    expect((error as ParseError).url).toBe(`${server.origin}/events`);
    await closed;
  });
});

describe('the end of an event stream as OpenAI marks it (data: [DONE])', () => {
  it('ends the iteration cleanly at [DONE], without an item for it, and the connection serves the next call', async () => {
    const { server, s } = await streaming(SSE, ['data: {"n":1}\n\n', 'data: {"n":2}\n\n', 'data: [DONE]\n\n']);
    expect((await all(await s.call('GET', '/events', readEvents<{ n: number }>))).map((item) => item.data)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(await s.call('GET', '/next', readText)).toBe('next');
    expect(server.totalSockets).toBe(1);
  });

  it('ends at [DONE] even when the server keeps the body open, and closes that connection', async () => {
    const { handler, closed } = endless((response, n) => response.write(n === 3 ? 'data: [DONE]\n\n' : `data: ${n}\n\n`));
    const server = await h.server(handler);
    const s = api(server);
    expect((await all(await s.call('GET', '/events', readEvents<number>))).map((item) => item.data)).toEqual([1, 2]);
    expect(await closed).toBeGreaterThanOrEqual(3);
  });

  it('text events keep [DONE] as the text it is; a stream call asks for text/event-stream unless the call names an Accept', async () => {
    const { server, s } = await streaming(SSE, ['data: a\n\n', 'data: [DONE]\n\n']);
    expect((await all(await s.call('GET', '/events', readTextEvents))).map((item) => item.data)).toEqual(['a', '[DONE]']);
    expect(server.received[0]!.headers.accept).toBe('text/event-stream');
    await all(await s.call('GET', '/events', readTextEvents, { headers: { Accept: 'application/x-custom' } }));
    expect(server.received[1]!.headers.accept).toBe('application/x-custom');
    await all(await s.call('GET', '/events', readTextEvents, { accept: 'text/plain' }));
    expect(server.received[2]!.headers.accept).toBe('text/plain');
    await s.call('GET', '/next', readText);
    expect(server.received[3]!.headers.accept).toBeUndefined();
  });
});

describe('a stream call that fails', () => {
  it('a non-2xx status rejects the call with its HTTPError before any stream is made', async () => {
    const { s } = await streaming({ 'content-type': 'application/json', 'x-request-id': 'r1' }, ['{"error":"no token"}'], 401);
    const events = s.call('GET', '/events', readEvents<unknown>, { headers: { accept: 'text/event-stream' } });
    const error = await rejection(Promise.resolve(events));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).body).toEqual({ error: 'no token' });
    expect((error as AuthenticationError).requestId).toBe('r1');
    expect(await rejection(Promise.resolve(s.call('GET', '/lines', readJsonLines)))).toBeInstanceOf(AuthenticationError);
  });
});

describe('newline-delimited JSON (readJsonLines)', () => {
  it('gives each value in order: blank lines skipped, CRLF taken, a last line without a line end kept', async () => {
    const { s } = await streaming(NDJSON, ['{"n":1}\n', '\n  \n{"n"', ':2}\r\n', '[3]\n"four"\nnull\n', '5']);
    const lines = await s.call('GET', '/lines', readJsonLines<unknown>);
    expect(lines).toBeInstanceOf(JsonLines);
    expect(await all(lines)).toEqual([{ n: 1 }, { n: 2 }, [3], 'four', null, 5]);
    expect(await s.call('GET', '/next', readJsonLines)).toBeInstanceOf(JsonLines);
  });

  it('streams: the first value arrives before the server sends the last', async () => {
    const { s, release } = await heldBack(NDJSON, '{"n":1}\n', '{"n":2}\n');
    const seen: number[] = [];
    for await (const { n } of await s.call('GET', '/lines', readJsonLines<{ n: number }>)) {
      seen.push(n);
      release();
    }
    expect(seen).toEqual([1, 2]);
  });

  it('a bad line is a ParseError with its line number (blank lines counted)', async () => {
    const { s } = await streaming(NDJSON, ['{"n":1}\n\n{"n":\n{"n":3}\n']);
    const got: unknown[] = [];
    const error = await rejection(
      (async () => {
        for await (const value of await s.call('GET', '/lines', readJsonLines)) got.push(value);
      })(),
    );
    expect(got).toEqual([{ n: 1 }]);
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).code).toBe('ERR_LINE_JSON');
    expect((error as ParseError).message).toContain('line 3 ');
  });

  it('a break closes the connection; the server sees it', async () => {
    const { handler, closed } = endless((response, n) => response.write(`{"n":${n}}\n`));
    const server = await h.server(handler);
    const s = api(server);
    for await (const { n } of await s.call('GET', '/lines', readJsonLines<{ n: number }>)) if (n === 2) break;
    expect(await closed).toBeLessThan(20);
    await eventually(() => server.openSockets() === 0, 'the server sees the socket closed');
  });
});
