import { describe, expect, it } from 'vitest';
import { BodyUsedError, SessionResponse } from '../../runtime/index.js';
import type { Handler } from '../helpers/server.js';
import { rejection, useHarness } from '../helpers/harness.js';

const h = useHarness();

const LARGE = Buffer.alloc(512 * 1024);
for (let i = 0; i < LARGE.length; i++) LARGE[i] = (i * 7) % 251;

const routes: Handler = (request, response) => {
  switch (request.url?.split('?')[0]) {
    case '/json':
      response.setHeader('content-type', 'application/json');
      response.setHeader('x-multi', ['one', 'two']);
      response.end(JSON.stringify({ hello: 'wörld', list: [1, 2] }));
      return;
    case '/missing':
      response.statusCode = 404;
      response.statusMessage = 'Nope';
      response.end('not here');
      return;
    case '/error':
      response.statusCode = 500;
      response.end('boom');
      return;
    case '/created':
      response.statusCode = 201;
      response.end();
      return;
    case '/large':
      response.end(LARGE);
      return;
    case '/chunked':
      response.write('part one, ');
      setTimeout(() => response.end('part two'), 20);
      return;
    default:
      response.setHeader('set-cookie', ['a=1', 'b=2']);
      response.end('plain text é');
  }
};

describe('the response', () => {
  it('has status, statusText, lower-cased headers, the URL and ok', async () => {
    const server = await h.server(routes);
    const s = h.session(server.origin, { endpoint: '/' });
    const json = await s.get('/json', { params: { q: '1' } });
    expect(json).toBeInstanceOf(SessionResponse);
    expect(json.status).toBe(200);
    expect(json.ok).toBe(true);
    expect(json.statusText).toBe('OK');
    expect(json.headers['content-type']).toBe('application/json');
    expect(json.headers['x-multi']).toEqual(['one', 'two']);
    expect(json.url).toBe(`${server.origin}/json?q=1`);
    expect(json.method).toBe('GET');
    await json.dump();

    const missing = await s.get('/missing');
    expect([missing.status, missing.ok, missing.statusText]).toEqual([404, false, 'Nope']);
    expect(await missing.text()).toBe('not here');
    const failed = await s.get('/error');
    expect([failed.status, failed.ok]).toEqual([500, false]);
    await failed.dump();
    const created = await s.post('/created');
    expect([created.status, created.ok]).toEqual([201, true]);
    expect(await created.text()).toBe('');
  });

  it('reads the body as text, json, bytes, arrayBuffer and a stream', async () => {
    const server = await h.server(routes);
    const s = h.session(server.origin);
    expect(await (await s.get('/text')).text()).toBe('plain text é');
    expect(await (await s.get('/json')).json()).toEqual({ hello: 'wörld', list: [1, 2] });
    const bytes = await (await s.get('/large')).bytes();
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(bytes).equals(LARGE)).toBe(true);
    const buffer = await (await s.get('/large')).arrayBuffer();
    expect(buffer).toBeInstanceOf(ArrayBuffer);
    expect(Buffer.from(buffer).equals(LARGE)).toBe(true);
    const chunks: Buffer[] = [];
    for await (const chunk of (await s.get('/large')).stream()) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(LARGE)).toBe(true);
    expect(await (await s.get('/chunked')).text()).toBe('part one, part two');
  });

  it('resolves before a slow body has arrived, and reads it whole later', async () => {
    const server = await h.server((_request, response) => {
      response.write('head ');
      setTimeout(() => response.end('tail'), 150);
    });
    const s = h.session(server.origin);
    const response = await s.get('/');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('head tail');
  });

  it('gives a HEAD response with no body', async () => {
    const server = await h.server(routes);
    const s = h.session(server.origin);
    const response = await s.head('/json');
    expect(response.headers['content-type']).toBe('application/json');
    expect(await response.text()).toBe('');
    expect(await (await s.get('/text')).text()).toBe('plain text é');
  });

  it.each([
    ['text()', 'text()'],
    ['json()', 'text()'],
    ['bytes()', 'json()'],
    ['stream()', 'bytes()'],
    ['dump()', 'arrayBuffer()'],
    ['text()', 'stream()'],
  ] as const)('refuses to read a body twice (%s then %s) with a clear BodyUsedError', async (first, second) => {
    const server = await h.server(routes);
    const s = h.session(server.origin);
    const response = await s.get('/json');
    const read = (how: string): Promise<unknown> => {
      switch (how) {
        case 'text()':
          return response.text();
        case 'json()':
          return response.json();
        case 'bytes()':
          return response.bytes();
        case 'arrayBuffer()':
          return response.arrayBuffer();
        case 'dump()':
          return response.dump();
        default:
          return (async () => {
            for await (const _ of response.stream()) void _;
          })();
      }
    };
    await read(first);
    const error = await rejection(read(second));
    expect(error).toBeInstanceOf(BodyUsedError);
    expect((error as Error).message).toContain(`already read by ${first}`);
    expect((error as Error).message).toMatch(/once/);
  });
});
