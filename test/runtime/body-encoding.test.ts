/**
 * The runtime's `encoding` option: OpenAPI's per-field styles in form and multipart bodies, part
 * content types and headers, and a Blob as a raw body. Checked on a loopback server's bytes.
 */
import { describe, expect, it } from 'vitest';
import { FilePart, InvalidOptionError } from '../../runtime/index.js';
import type { FieldEncodings, FormMap, MultipartMap } from '../../runtime/index.js';
import { rejection, useHarness } from '../helpers/harness.js';
import { python } from '../helpers/python.js';
import type { ReceivedRequest } from '../helpers/server.js';

const h = useHarness();

async function send(options: { form: FormMap } | { multipart: MultipartMap } | { body: Blob }, encoding?: FieldEncodings): Promise<ReceivedRequest> {
  const server = await h.server();
  const s = h.session(server.origin);
  await (await s.post('/b', { ...options, ...(encoding === undefined ? {} : { encoding }) })).dump();
  return server.received[0]!;
}

/** Parts as `headers` (the lines after Content-Disposition's name) and text, split at the boundary. */
function parts(request: ReceivedRequest): [string, string][] {
  const boundary = /boundary=(.+)$/.exec(request.headers['content-type']!)![1]!;
  return request.body
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((part) => {
      const [head, ...body] = part.slice(2, -2).split('\r\n\r\n');
      return [head!.replace('Content-Disposition: form-data; ', ''), body.join('\r\n\r\n')];
    });
}

describe('form fields by style', () => {
  const form = { ids: [1, 2], color: { R: 100, G: 200 }, note: 'a b' };

  it('form (exploded by default) repeats keys and spreads objects; without explode it joins with commas', async () => {
    expect((await send({ form }, { ids: 'form', color: 'form' })).body).toBe('ids=1&ids=2&R=100&G=200&note=a+b');
    expect((await send({ form }, { ids: { style: 'form', explode: false }, color: { style: 'form', explode: false } })).body).toBe('ids=1%2C2&color=R%2C100%2CG%2C200&note=a+b');
  });

  it('spaceDelimited and pipeDelimited join (unexploded by default); deepObject, and no entry, write brackets', async () => {
    const request = await send({ form }, { ids: 'spaceDelimited', color: 'pipeDelimited' });
    expect(request.body).toBe('ids=1+2&color=R%7C100%7CG%7C200&note=a+b');
    expect(await python<[string, string][]>('import sys, json, urllib.parse; print(json.dumps(urllib.parse.parse_qsl(sys.stdin.read())))', request.body)).toEqual([
      ['ids', '1 2'],
      ['color', 'R|100|G|200'],
      ['note', 'a b'],
    ]);
    expect((await send({ form }, { ids: 'deepObject' })).body).toBe('ids%5B%5D=1&ids%5B%5D=2&color%5BR%5D=100&color%5BG%5D=200&note=a+b');
  });

  it('below the first level a form style writes brackets, as OpenAPI leaves it open; a joined style refuses objects', async () => {
    expect((await send({ form: { items: [{ price: 'p1' }, 'x'], shipping: { address: { city: 'Paris' } } } }, { items: 'form', shipping: 'form' })).body).toBe(
      'items%5B0%5D%5Bprice%5D=p1&items=x&address%5Bcity%5D=Paris',
    );
    const server = await h.server();
    const error = await rejection(h.session(server.origin).post('/b', { form: { items: [{ price: 'p1' }] }, encoding: { items: 'pipeDelimited' } }));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as Error).message).toContain('items holds an object where its style joins text, numbers and booleans into one value');
    expect(server.received).toEqual([]);
  });

  it('a style the runtime does not know is refused, naming the field', async () => {
    const server = await h.server();
    const error = await rejection(h.session(server.origin).post('/b', { form: { ids: [1] }, encoding: JSON.parse('{"ids": "matrix"}') as FieldEncodings }));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as Error).message).toContain('ids: expected the style form, spaceDelimited, pipeDelimited or deepObject; got "matrix"');
    expect(server.received).toEqual([]);
  });
});

describe('multipart fields by encoding', () => {
  it('deepObject and form styles write text parts; fields without an entry keep the defaults (repeated parts, JSON objects)', async () => {
    const request = await send({ multipart: { expand: ['a', 'b'], link: { create: true, metadata: { k: 'v' } }, tags: ['x', 'y'], meta: { k: 1 } } }, { expand: 'deepObject', link: 'deepObject', tags: { style: 'form', explode: false } });
    expect(parts(request)).toEqual([
      ['name="expand[]"', 'a'],
      ['name="expand[]"', 'b'],
      ['name="link[create]"', 'true'],
      ['name="link[metadata][k]"', 'v'],
      ['name="tags"', 'x,y'],
      ['name="meta"\r\nContent-Type: application/json', '{"k":1}'],
    ]);
  });

  it('a part content type: JSON writes the value as JSON, another is sent as given; a file keeps its own type', async () => {
    const request = await send(
      {
        multipart: {
          config: { a: 1 },
          quoted: 'text',
          csv: 'a,b',
          image: new Blob(['png'], { type: 'image/png' }),
          raw: new Uint8Array([104, 105]),
          named: new FilePart('x', { filename: 'x.txt', contentType: 'text/x-own' }),
        },
      },
      { config: { contentType: 'application/vnd.api+json' }, quoted: { contentType: 'application/json' }, csv: { contentType: 'text/csv' }, image: { contentType: 'image/jpeg' }, raw: { contentType: 'image/gif' }, named: { contentType: 'image/gif' } },
    );
    expect(parts(request)).toEqual([
      ['name="config"\r\nContent-Type: application/vnd.api+json', '{"a":1}'],
      ['name="quoted"\r\nContent-Type: application/json', '"text"'],
      ['name="csv"\r\nContent-Type: text/csv', 'a,b'],
      ['name="image"; filename="blob"\r\nContent-Type: image/png', 'png'],
      ['name="raw"; filename="blob"\r\nContent-Type: image/gif', 'hi'],
      ['name="named"; filename="x.txt"\r\nContent-Type: text/x-own', 'x'],
    ]);
  });

  it('a list or a range of types is documentation only; part headers are sent, and refused when they could split the part', async () => {
    const request = await send({ multipart: { file: new Uint8Array([1]), note: 'n' } }, { file: { contentType: 'image/png, image/jpeg', headers: { 'X-Rate-Limit': '10', 'Content-Type': 'text/evil' } }, note: { contentType: 'text/*' } });
    expect(parts(request)).toEqual([
      ['name="file"; filename="blob"\r\nContent-Type: application/octet-stream\r\nX-Rate-Limit: 10', '\u0001'],
      ['name="note"', 'n'],
    ]);
    const server = await h.server();
    const s = h.session(server.origin);
    const refused: Record<string, string>[] = [{ 'X-A': 'a\r\nX-B: b' }, { 'X A': 'a' }];
    for (const headers of refused) {
      const error = await rejection(s.post('/b', { multipart: { file: 'x' }, encoding: { file: { headers } } }));
      expect(error).toBeInstanceOf(InvalidOptionError);
    }
    expect(server.received).toEqual([]);
  });
});

describe('a Blob as a raw body', () => {
  it('goes with its own type and size, application/octet-stream when it has none, and is sent again on a 307', async () => {
    const typed = await send({ body: new Blob(['{"a":1}'], { type: 'application/vnd.a+json' }) });
    expect([typed.headers['content-type'], typed.headers['content-length'], typed.body]).toEqual(['application/vnd.a+json', '7', '{"a":1}']);
    const untyped = await send({ body: new Blob([new Uint8Array([0, 255])]) });
    expect([untyped.headers['content-type'], untyped.raw]).toEqual(['application/octet-stream', Buffer.from([0, 255])]);
    let first = true;
    const server = await h.server((_request, response) => {
      if (first) {
        first = false;
        response.writeHead(307, { location: '/again' }).end();
      } else response.end('ok');
    });
    await (await h.session(server.origin).put('/b', { body: new Blob(['same bytes']) })).dump();
    expect(server.received.map((request) => [request.url, request.body])).toEqual([
      ['/b', 'same bytes'],
      ['/again', 'same bytes'],
    ]);
  });
});
