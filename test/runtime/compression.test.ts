import { brotliCompressSync, deflateRawSync, deflateSync, gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../runtime/index.js';
import { rejection, useHarness } from '../helpers/harness.js';

/**
 * Issue 10, item 10: Accept-Encoding is sent and gzip, deflate and br bodies come back decoded (as
 * requests and aiohttp do), streamed, bounded, with a clear error for a broken one, and can be turned off.
 */
const h = useHarness();

const TEXT = 'sessiongen '.repeat(20_000);

const ENCODERS: Record<string, (data: Buffer) => Buffer> = {
  'gzip': gzipSync,
  'deflate': deflateSync,
  'deflate-raw': deflateRawSync,
  'br': brotliCompressSync,
};

/** Serves TEXT in the encoding the path names (`/gzip`, `/br`...), as the bytes of that encoding. */
async function encodingServer() {
  return h.server((request, response) => {
    const name = request.url!.slice(1).split('?')[0]!;
    const encode = ENCODERS[name];
    if (encode === undefined) return void response.end(TEXT);
    response.setHeader('content-encoding', name === 'deflate-raw' ? 'deflate' : name);
    response.end(encode(Buffer.from(TEXT)));
  });
}

describe('compressed responses', () => {
  it('sends Accept-Encoding: gzip, deflate, br by default', async () => {
    const server = await encodingServer();
    const s = h.session(server.origin);
    await (await s.get('/plain')).text();
    expect(server.received[0]!.headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  it.each(Object.keys(ENCODERS))('decodes a %s body for text(), and for stream() as it arrives', async (name) => {
    const server = await encodingServer();
    const s = h.session(server.origin);
    expect(await (await s.get('/' + name)).text()).toBe(TEXT);
    const chunks: Buffer[] = [];
    for await (const chunk of (await s.get('/' + name)).stream()) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe(TEXT);
  });

  it("the caller's own Accept-Encoding is sent as given", async () => {
    const server = await encodingServer();
    const s = h.session(server.origin, { headers: { 'Accept-Encoding': 'identity' } });
    await (await s.get('/plain')).text();
    expect(server.received[0]!.headers['accept-encoding']).toBe('identity');
  });

  it('decompress: false sends no Accept-Encoding and returns the body as sent', async () => {
    const server = await encodingServer();
    const s = h.session(server.origin, { decompress: false });
    const bytes = Buffer.from(await (await s.get('/gzip')).bytes());
    expect(server.received[0]!.headers['accept-encoding']).toBeUndefined();
    expect(gunzipSync(bytes).toString()).toBe(TEXT);
  });

  it('a broken gzip body fails its read with a ParseError, and the session goes on', async () => {
    const server = await h.server((request, response) => {
      if (request.url === '/ok') return void response.end('fine');
      response.setHeader('content-encoding', 'gzip');
      response.end(Buffer.concat([gzipSync(Buffer.from(TEXT)).subarray(0, 10), Buffer.from('not gzip at all, not at all')]));
    });
    const s = h.session(server.origin);
    const response = await s.get('/broken');
    const error = await rejection(response.text());
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).code).toBe('ERR_CONTENT_ENCODING');
    expect(await (await s.get('/ok')).text()).toBe('fine');
  });

  it('a body that decodes past decompress.maxSize fails with a ParseError, not an out-of-memory', async () => {
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024));
    const server = await h.server((_request, response) => {
      response.setHeader('content-encoding', 'gzip');
      response.end(bomb);
    });
    const s = h.session(server.origin, { decompress: { maxSize: 1024 * 1024 } });
    const error = await rejection((await s.get('/bomb')).bytes());
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).code).toBe('ERR_DECODED_TOO_LARGE');
  });

  it('HEAD, 204 and 304 with Content-Encoding: gzip have no body to decode, and resolve empty', async () => {
    const server = await h.server((request, response) => {
      response.setHeader('content-encoding', 'gzip');
      response.statusCode = request.url === '/204' ? 204 : request.url === '/304' ? 304 : 200;
      response.end();
    });
    const s = h.session(server.origin);
    expect(await (await s.head('/head')).text()).toBe('');
    expect(await (await s.get('/204')).text()).toBe('');
    expect(await (await s.get('/304')).text()).toBe('');
  });
});
