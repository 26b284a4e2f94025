import { Readable } from 'node:stream';
import { FormData as UndiciFormData } from 'undici';
import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../../runtime/index.js';
import type { RequestOptions } from '../../runtime/index.js';
import type { ReceivedRequest } from '../helpers/server.js';
import { rejection, useHarness } from '../helpers/harness.js';
import { webStream } from '../helpers/streams.js';

const h = useHarness();

async function send(options: RequestOptions): Promise<ReceivedRequest> {
  const server = await h.server();
  const s = h.session(server.origin);
  const response = await s.post('/upload', options);
  expect(response.status).toBe(200);
  await response.dump();
  expect(server.received).toHaveLength(1);
  return server.received[0]!;
}

function expectLength(received: ReceivedRequest, bytes: Buffer): void {
  expect(received.raw.equals(bytes)).toBe(true);
  expect(received.headers['content-length']).toBe(String(bytes.length));
  expect(received.headers['transfer-encoding']).toBeUndefined();
}

describe('request bodies', () => {
  it('sends json as application/json with its byte length', async () => {
    const value = { name: 'Rex', tags: ['ü', '🐕'], n: 1.5, nothing: null };
    const received = await send({ json: value });
    expect(received.headers['content-type']).toBe('application/json');
    expectLength(received, Buffer.from(JSON.stringify(value), 'utf8'));
    expect(JSON.parse(received.body)).toEqual(value);
  });

  it('sends json values that are not objects', async () => {
    expect((await send({ json: 'text' })).body).toBe('"text"');
    expect((await send({ json: 0 })).body).toBe('0');
    expect((await send({ json: false })).body).toBe('false');
    expect((await send({ json: null })).body).toBe('null');
  });

  it('sends form as application/x-www-form-urlencoded, arrays with [] and skipping null', async () => {
    const received = await send({ form: { a: 'x y', b: ['1', 2], c: null, 'd&e': 'é=' } });
    expect(received.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expectLength(received, Buffer.from('a=x+y&b%5B%5D=1&b%5B%5D=2&d%26e=%C3%A9%3D'));
  });

  it('sends form given as URLSearchParams', async () => {
    const received = await send({ form: new URLSearchParams([['q', 'a b'], ['q', 'c']]) });
    expect(received.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expectLength(received, Buffer.from('q=a+b&q=c'));
  });

  it('sends a string body as text/plain with its byte (not character) length', async () => {
    const received = await send({ body: 'héllo ☃' });
    expect(received.headers['content-type']).toMatch(/^text\/plain/);
    expectLength(received, Buffer.from('héllo ☃', 'utf8'));
  });

  it('sends a Uint8Array body byte for byte as application/octet-stream', async () => {
    const bytes = new Uint8Array(300);
    for (let i = 0; i < bytes.length; i++) bytes[i] = i % 256;
    const received = await send({ body: bytes });
    expect(received.headers['content-type']).toBe('application/octet-stream');
    expectLength(received, Buffer.from(bytes));
  });

  it('sends a Uint8Array view without the rest of its buffer', async () => {
    const whole = Buffer.from('0123456789');
    const received = await send({ body: new Uint8Array(whole.buffer, whole.byteOffset + 2, 3) });
    expectLength(received, Buffer.from('234'));
  });

  it('sends an ArrayBuffer body', async () => {
    const received = await send({ body: new Uint8Array([1, 2, 3]).buffer });
    expectLength(received, Buffer.from([1, 2, 3]));
  });

  it('streams a Readable body chunked, with every byte', async () => {
    const chunks = [Buffer.from('first,'), Buffer.alloc(100_000, 'x'), Buffer.from([0, 255, 10])];
    const received = await send({ body: Readable.from(chunks) });
    expect(received.headers['content-type']).toBe('application/octet-stream');
    expect(received.headers['transfer-encoding']).toBe('chunked');
    expect(received.headers['content-length']).toBeUndefined();
    expect(received.raw.equals(Buffer.concat(chunks))).toBe(true);
  });

  it('streams a web ReadableStream and an async iterable', async () => {
    const web = webStream('web-', 'stream');
    expect((await send({ body: web })).body).toBe('web-stream');
    async function* generate(): AsyncIterable<string> {
      yield 'gen-';
      yield 'erated';
    }
    expect((await send({ body: generate() })).body).toBe('gen-erated');
  });

  it('sends FormData as multipart/form-data with its boundary and every part', async () => {
    const form = new FormData();
    form.append('field', 'value ü');
    form.append('file', new Blob([new Uint8Array([0, 1, 2, 255])], { type: 'application/x-bin' }), 'data.bin');
    const received = await send({ body: form });
    const type = received.headers['content-type']!;
    expect(type).toMatch(/^multipart\/form-data; boundary=/);
    expect(received.headers['content-length']).toBe(String(received.raw.length));
    // Parse what arrived with the platform's own multipart parser.
    const parsed = await new Response(received.raw, { headers: { 'content-type': type } }).formData();
    expect(parsed.get('field')).toBe('value ü');
    const file = parsed.get('file') as File;
    expect(file.name).toBe('data.bin');
    expect(file.type).toBe('application/x-bin');
    expect(Buffer.from(await file.arrayBuffer()).equals(Buffer.from([0, 1, 2, 255]))).toBe(true);
  });

  it("sends undici's own FormData as multipart too", async () => {
    const form = new UndiciFormData();
    form.append('field', 'from undici');
    const received = await send({ body: form as unknown as FormData });
    const type = received.headers['content-type']!;
    expect(type).toMatch(/^multipart\/form-data; boundary=/);
    const parsed = await new Response(received.raw, { headers: { 'content-type': type } }).formData();
    expect(parsed.get('field')).toBe('from undici');
  });

  it('sends URLSearchParams as a body urlencoded', async () => {
    const received = await send({ body: new URLSearchParams({ a: '1', b: 'two words' }) });
    expect(received.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expectLength(received, Buffer.from('a=1&b=two+words'));
  });

  it('sends no body and no Content-Type when none is given', async () => {
    const received = await send({});
    expect(received.raw.length).toBe(0);
    expect(received.headers['content-type']).toBeUndefined();
    expect(received.headers['transfer-encoding']).toBeUndefined();
  });

  it('refuses two bodies at once, and a body of a type it cannot send, before anything is sent', async () => {
    const server = await h.server();
    const s = h.session(server.origin);
    const both = await rejection(s.post('/', { json: {}, body: 'x' }));
    expect(both).toBeInstanceOf(InvalidOptionError);
    expect((both as InvalidOptionError).option).toBe('body');
    const odd = await rejection(s.post('/', { body: 42 as unknown as string }));
    expect(odd).toBeInstanceOf(InvalidOptionError);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const cycle = await rejection(s.post('/', { json: cyclic }));
    expect(cycle).toBeInstanceOf(InvalidOptionError);
    expect((cycle as InvalidOptionError).option).toBe('json');
    const unserializable = await rejection(s.post('/', { json: () => 1 }));
    expect(unserializable).toBeInstanceOf(InvalidOptionError);
    expect((unserializable as InvalidOptionError).option).toBe('json');
    expect(server.totalSockets).toBe(0);
  });
});
