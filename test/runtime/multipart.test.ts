import { createReadStream, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { FilePart, InvalidOptionError, RedirectError } from '../../runtime/index.js';
import type { MultipartMap, RequestOptions } from '../../runtime/index.js';
import { gate, rejection, useHarness } from '../helpers/harness.js';
import { python } from '../helpers/python.js';
import { webStream } from '../helpers/streams.js';
import type { ReceivedRequest } from '../helpers/server.js';

const h = useHarness();

async function sendMultipart(multipart: MultipartMap, options: RequestOptions = {}): Promise<{ received: ReceivedRequest; boundary: string }> {
  const server = await h.server();
  const s = h.session(server.origin);
  await (await s.post('/upload', { ...options, multipart })).dump();
  const received = server.received[0]!;
  const match = /^multipart\/form-data; boundary=(.+)$/.exec(received.headers['content-type'] ?? '');
  expect(match, received.headers['content-type']).not.toBeNull();
  return { received, boundary: match![1]! };
}

interface ParsedPart {
  name: string | null;
  filename: string | null;
  type: string;
  /** The part's bytes as latin-1 text, so any byte survives JSON. */
  data: string;
}

/** Parses a multipart body with Python's own `email` package, as an independent reader of what the server got. */
function parseWithPython(contentType: string, body: Buffer): Promise<{ multipart: boolean; defects: number; parts: ParsedPart[] }> {
  const script = [
    'import sys, json, email, email.policy',
    'msg = email.message_from_bytes(sys.stdin.buffer.read(), policy=email.policy.HTTP)',
    "parts = [{'name': p.get_param('name', header='content-disposition'), 'filename': p.get_filename(), 'type': p.get_content_type(), 'data': p.get_payload(decode=True).decode('latin-1')} for p in msg.iter_parts()]",
    "print(json.dumps({'multipart': msg.is_multipart(), 'defects': len(msg.defects) + sum(len(p.defects) for p in msg.iter_parts()), 'parts': parts}))",
  ].join('\n');
  return python(script, Buffer.concat([Buffer.from(`Content-Type: ${contentType}\r\n\r\n`), body]));
}

function latin1(data: Uint8Array | string): string {
  return Buffer.from(data).toString('latin1');
}

const BINARY = new Uint8Array([0, 1, 2, 13, 10, 45, 45, 255]);

describe('multipart bodies', () => {
  const everyKind: MultipartMap = {
    text: 'hello ü',
    count: 42,
    flag: false,
    bytes: BINARY,
    blob: new Blob(['<svg/>'], { type: 'image/svg+xml' }),
    file: new File(['a,b\n1,2\n'], 'table.csv', { type: 'text/csv' }),
    explicit: new FilePart('# Title', { filename: 'README.md', contentType: 'text/markdown' }),
    meta: { purpose: 'fine_tune', tags: ['a'] },
    tags: ['one', 'two'],
    skipped: null,
    missing: undefined,
  };

  it('writes every kind of part byte for byte, with a Content-Length', async () => {
    const { received, boundary } = await sendMultipart(everyKind);
    expect(boundary).toMatch(/^----sessiongen[0-9a-f]{32}$/);
    const part = (disposition: string, headers: string, data: Uint8Array | string): Buffer =>
      Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; ${disposition}${headers}\r\n\r\n`), Buffer.from(data), Buffer.from('\r\n')]);
    const expected = Buffer.concat([
      part('name="text"', '', 'hello ü'),
      part('name="count"', '', '42'),
      part('name="flag"', '', 'false'),
      part('name="bytes"; filename="blob"', '\r\nContent-Type: application/octet-stream', BINARY),
      part('name="blob"; filename="blob"', '\r\nContent-Type: image/svg+xml', '<svg/>'),
      part('name="file"; filename="table.csv"', '\r\nContent-Type: text/csv', 'a,b\n1,2\n'),
      part('name="explicit"; filename="README.md"', '\r\nContent-Type: text/markdown', '# Title'),
      part('name="meta"', '\r\nContent-Type: application/json', '{"purpose":"fine_tune","tags":["a"]}'),
      part('name="tags"', '', 'one'),
      part('name="tags"', '', 'two'),
      Buffer.from(`--${boundary}--\r\n`),
    ]);
    expect(latin1(received.raw)).toBe(latin1(expected));
    expect(received.headers['content-length']).toBe(String(expected.length));
    expect(received.headers['transfer-encoding']).toBeUndefined();
  });

  it("reads back in Python's email parser as the same parts", async () => {
    const { received } = await sendMultipart(everyKind);
    const parsed = await parseWithPython(received.headers['content-type']!, received.raw);
    expect(parsed.multipart).toBe(true);
    expect(parsed.defects).toBe(0);
    expect(parsed.parts).toEqual([
      { name: 'text', filename: null, type: 'text/plain', data: latin1('hello ü') },
      { name: 'count', filename: null, type: 'text/plain', data: '42' },
      { name: 'flag', filename: null, type: 'text/plain', data: 'false' },
      { name: 'bytes', filename: 'blob', type: 'application/octet-stream', data: latin1(BINARY) },
      { name: 'blob', filename: 'blob', type: 'image/svg+xml', data: '<svg/>' },
      { name: 'file', filename: 'table.csv', type: 'text/csv', data: 'a,b\n1,2\n' },
      { name: 'explicit', filename: 'README.md', type: 'text/markdown', data: '# Title' },
      { name: 'meta', filename: null, type: 'application/json', data: '{"purpose":"fine_tune","tags":["a"]}' },
      { name: 'tags', filename: null, type: 'text/plain', data: 'one' },
      { name: 'tags', filename: null, type: 'text/plain', data: 'two' },
    ]);
  });

  it('escapes quotes, CR and LF in names and file names, so no value can add a header or a part', async () => {
    const evil = 'x"; filename="evil.sh"\r\nContent-Type: text/html\r\n\r\n<script>';
    const { received, boundary } = await sendMultipart({ [evil]: new FilePart('data', { filename: evil, contentType: 'text/plain' }) });
    const escaped = 'x%22; filename=%22evil.sh%22%0D%0AContent-Type: text/html%0D%0A%0D%0A<script>';
    expect(received.body).toBe(`--${boundary}\r\nContent-Disposition: form-data; name="${escaped}"; filename="${escaped}"\r\nContent-Type: text/plain\r\n\r\ndata\r\n--${boundary}--\r\n`);
    const parsed = await parseWithPython(received.headers['content-type']!, received.raw);
    expect(parsed.parts).toEqual([{ name: escaped, filename: escaped, type: 'text/plain', data: 'data' }]);
  });

  it('refuses a content type that would split the part headers, and a second body option, before sending', async () => {
    const server = await h.server();
    const s = h.session(server.origin);
    const split = await rejection(s.post('/', { multipart: { f: new FilePart('x', { contentType: 'text/plain\r\nX-Evil: 1' }) } }));
    expect(split).toBeInstanceOf(InvalidOptionError);
    expect((split as InvalidOptionError).option).toBe('multipart');
    const both = await rejection(s.post('/', { multipart: { a: '1' }, json: {} }));
    expect((both as InvalidOptionError).message).toContain('only one of json, form, multipart and body');
    const date = await rejection(s.post('/', { multipart: { when: new Date(0) } }));
    expect(await rejection(s.post('/', { multipart: [new Blob(['x'])] }))).toBeInstanceOf(InvalidOptionError);
    expect((date as InvalidOptionError).message).toContain('part "when" is a Date');
    expect(server.received).toHaveLength(0);
  });

  it('streams a Readable part as it arrives (chunked, never held whole), and names a file stream after its file', async () => {
    const release = gate();
    const seen: Buffer[] = [];
    let firstSeen!: () => void;
    const firstArrived = new Promise<void>((resolve) => (firstSeen = resolve));
    const server = createServer((request, response) => {
      request.on('data', (chunk: Buffer) => {
        seen.push(chunk);
        if (Buffer.concat(seen).includes('first-chunk')) firstSeen();
      });
      request.on('end', () => response.end('ok'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    h.defer(() => new Promise((resolve) => server.close(resolve)));
    async function* slow(): AsyncGenerator<string> {
      yield 'first-chunk';
      await release.wait;
      yield '-last';
    }
    const dir = mkdtempSync(join(tmpdir(), 'sessiongen-mp-'));
    writeFileSync(join(dir, 'report.pdf'), '%PDF-1.7');
    const s = h.session(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    const call = s.post('/', { multipart: { upload: Readable.from(slow()), doc: createReadStream(join(dir, 'report.pdf')) } });
    // The server holds the first chunk while the stream is still open: nothing waited for the whole part.
    await firstArrived;
    expect(Buffer.concat(seen).includes('-last')).toBe(false);
    release.open();
    const response = await call;
    expect(await response.text()).toBe('ok');
    const body = Buffer.concat(seen).toString('latin1');
    const boundary = /^--(\S+)\r\n/.exec(body)![1]!;
    expect(body).toBe(
      `--${boundary}\r\nContent-Disposition: form-data; name="upload"; filename="blob"\r\nContent-Type: application/octet-stream\r\n\r\nfirst-chunk-last\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="doc"; filename="report.pdf"\r\nContent-Type: application/octet-stream\r\n\r\n%PDF-1.7\r\n--${boundary}--\r\n`,
    );
  });

  it('streams web ReadableStreams and async iterables, chunked, with no Content-Length', async () => {
    const web = webStream('web-', 'stream');
    async function* generated(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array([1, 2]);
      yield new Uint8Array([3]);
    }
    const { received } = await sendMultipart({ web: new FilePart(web, { filename: 'w.txt', contentType: 'text/plain' }), gen: generated() });
    expect(received.headers['transfer-encoding']).toBe('chunked');
    expect(received.headers['content-length']).toBeUndefined();
    const parsed = await parseWithPython(received.headers['content-type']!, received.raw);
    expect(parsed.parts).toEqual([
      { name: 'web', filename: 'w.txt', type: 'text/plain', data: 'web-stream' },
      { name: 'gen', filename: 'blob', type: 'application/octet-stream', data: '\x01\x02\x03' },
    ]);
  });

  it('sends a body of Blobs again after a 307, and refuses to when a part is a stream', async () => {
    const server = await h.server((request, response) => {
      if (request.url === '/old') {
        response.writeHead(307, { location: '/new' });
        return void response.end();
      }
      response.end('done');
    });
    const s = h.session(server.origin);
    const blob = new Blob([new Uint8Array(100_000).fill(7)], { type: 'application/x-bin' });
    const response = await s.post('/old', { multipart: { blob, note: 'n' } });
    expect(await response.text()).toBe('done');
    expect(server.received.map((r) => r.url)).toEqual(['/old', '/new']);
    expect(server.received[1]!.raw.equals(server.received[0]!.raw)).toBe(true);
    expect(server.received[1]!.headers['content-length']).toBe(String(server.received[0]!.raw.length));
    expect(server.received[0]!.raw.length).toBeGreaterThan(100_000);
    const streamed = await rejection(s.post('/old', { multipart: { file: Readable.from([Buffer.from('once')]) } }));
    expect(streamed).toBeInstanceOf(RedirectError);
  });
});
