import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ApiCall, HTTPError, InvalidOptionError, Session, readBytes, readJson, readJsonOrText, readNone, readStream, readText } from '../../runtime/index.js';
import { AuthenticationError, BadRequestError, ConflictError, InternalServerError, NotFoundError, PermissionDeniedError, RateLimitError, UnprocessableEntityError } from '../../runtime/index.js';
import { BodyUsedError, ConnectionError, ParseError} from '../../runtime/index.js';
import type { CallResult, HttpMethod, RequestOptions, ResponseReader, ResponseStream } from '../../runtime/index.js';
import { gate, rejection, useHarness } from '../helpers/harness.js';

const h = useHarness();

/** What a generated client is: a Session subclass reaching the protected callApi. */
class Api extends Session {
  call<T, E extends HTTPError = HTTPError>(method: HttpMethod, target: string, reader: ResponseReader<T>, options: RequestOptions = {}): ApiCall<T, E> {
    return this.callApi<T, E>(method, target, options, reader);
  }
}

type Reply = [status: number, headers: Record<string, string>, body: string | Buffer];

async function api(replies: Record<string, Reply>, connections = 1): Promise<Api> {
  const server = await h.server((request: IncomingMessage, response: ServerResponse) => {
    const [status, headers, body] = replies[request.url ?? ''] ?? [404, {}, ''];
    response.writeHead(status, headers);
    response.end(body);
  });
  // Not about retries: each status is answered once, as sent (the default would retry 429 and 5xx).
  const session = new Api(server.origin, { connections, retry: 0 });
  h.defer(() => session.close());
  return session;
}

const JSON_TYPE = { 'content-type': 'application/json' };

describe('response readers', () => {
  it('readJson parses the body, gives undefined for an empty one, and a ParseError for bad JSON', async () => {
    const s = await api({ '/ok': [200, JSON_TYPE, '{"a":[1,"ü"]}'], '/empty': [204, {}, ''], '/bad': [200, JSON_TYPE, '{"a":'] });
    expect(await s.call('GET', '/ok', readJson)).toEqual({ a: [1, 'ü'] });
    expect(await s.call('GET', '/empty', readJson)).toBeUndefined();
    const error = await rejection(Promise.resolve(s.call('GET', '/bad', readJson)));
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).code).toBe('ERR_BODY_JSON');
  });

  it('readText and readBytes give the body as sent, byte for byte', async () => {
    const bytes = Buffer.from([0, 1, 2, 0xff, 0xfe, 10, 13]);
    const s = await api({ '/text': [200, { 'content-type': 'text/markdown' }, '# Hi ☃'], '/bytes': [200, { 'content-type': 'application/octet-stream' }, bytes] });
    const text: string = await s.call('GET', '/text', readText);
    expect(text).toBe('# Hi ☃');
    const data: Uint8Array = await s.call('GET', '/bytes', readBytes);
    expect(data).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(data).equals(bytes)).toBe(true);
  });

  it('readStream resolves before the body has arrived, and the connection goes back when the stream ends', async () => {
    const release = gate();
    const server = await h.server(async (request, response) => {
      if (request.url === '/next') return void response.end('next');
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      response.write('first-');
      await release.wait;
      response.end('last');
    });
    const s = new Api(server.origin, { connections: 1 });
    h.defer(() => s.close());
    const stream: ResponseStream = await s.call('GET', '/file', readStream);
    // The server still holds the end back: the call resolved on the first bytes, nothing was buffered whole.
    const first = await new Promise<Buffer>((resolve) => stream.once('data', resolve));
    expect(first.toString()).toBe('first-');
    release.open();
    const rest: Buffer[] = [];
    for await (const chunk of stream) rest.push(chunk as Buffer);
    expect(Buffer.concat(rest).toString()).toBe('last');
    expect(await s.call('GET', '/next', readText)).toBe('next');
    expect(server.totalSockets).toBe(1);
  });

  it('readStream: destroying the stream early lets go of the connection', async () => {
    const server = await h.server((request, response) => {
      if (request.url === '/next') return void response.end('next');
      response.writeHead(200);
      response.write(Buffer.alloc(1024, 'x'));
      // Never ends: only destroying the stream can free the one connection.
    });
    const s = new Api(server.origin, { connections: 1, timeout: 5000 });
    h.defer(() => s.close());
    const stream = await s.call('GET', '/endless', readStream);
    await new Promise((resolve) => stream.once('data', resolve));
    stream.destroy();
    expect(await s.call('GET', '/next', readText)).toBe('next');
  });

  it('readNone: an awaited call discards the body and frees the connection', async () => {
    const s = await api({ '/none': [200, { 'content-type': 'text/plain' }, Buffer.alloc(200_000, 'z')], '/next': [200, {}, 'next'] });
    const nothing: void = await s.call('GET', '/none', readNone);
    expect(nothing).toBeUndefined();
    expect(await s.call('GET', '/next', readText)).toBe('next');
  });

  it('readNone with withResponse() or result() leaves the body readable', async () => {
    const s = await api({ '/none': [200, { 'content-type': 'text/plain' }, 'kept'], '/next': [200, {}, 'next'] });
    const { data, response } = await s.call('GET', '/none', readNone).withResponse();
    expect(data).toBeUndefined();
    expect(await response.text()).toBe('kept');
    const result = await s.call('GET', '/none', readNone).result();
    expect(result.ok).toBe(true);
    expect(await result.response.text()).toBe('kept');
    expect(await s.call('GET', '/next', readText)).toBe('next');
  });

  it('other readers read the body once: withResponse() after the data was read gives the same data, the response body is used', async () => {
    const s = await api({ '/ok': [200, JSON_TYPE, '{"n":1}'] });
    const call = s.call<{ n: number }>('GET', '/ok', readJson);
    expect(await call).toEqual({ n: 1 });
    const { data, response } = await call.withResponse();
    expect(data).toEqual({ n: 1 });
    expect((await call.result()).data).toEqual({ n: 1 });
    expect(await rejection(response.text())).toBeInstanceOf(BodyUsedError);
  });
});

describe('responses read by the Content-Type that arrives', () => {
  const OCTETS = { 'content-type': 'application/octet-stream' };

  it('a body that is not JSON is a ParseError naming the Content-Type it came as (or that it had none)', async () => {
    const s = await api({ '/html': [200, { 'content-type': 'text/html; charset=utf-8' }, '<html>'], '/bare': [200, {}, 'oops'], '/broken': [200, JSON_TYPE, '{'] });
    const html = (await rejection(Promise.resolve(s.call('GET', '/html', readJson)))) as ParseError;
    expect([html.code, html.message]).toEqual(['ERR_BODY_NOT_JSON', `response body is text/html; charset=utf-8, not JSON; read it with .text() or .bytes() on the call (GET ${html.url})`]);
    const bare = (await rejection(Promise.resolve(s.call('GET', '/bare', readJson)))) as ParseError;
    expect([bare.code, bare.message]).toEqual(['ERR_BODY_JSON', `response body is not valid JSON (the response has no Content-Type) (GET ${bare.url})`]);
    const broken = (await rejection((await s.get('/broken')).json())) as ParseError;
    expect([broken.code, broken.message]).toEqual(['ERR_BODY_JSON', `response body is not valid JSON, though its Content-Type is application/json (GET ${broken.url})`]);
  });

  it('readJsonOrText: JSON when the Content-Type says so, the text as it came otherwise, and with none a JSON string if it is one', async () => {
    const s = await api({ '/json': [200, JSON_TYPE, '"a\\u0062"'], '/file': [200, OCTETS, '{"a":1}\n'], '/text': [200, { 'content-type': 'text/plain' }, '"quoted"'], '/none': [200, {}, '"x"'], '/none-text': [200, {}, 'plain'], '/none-number': [200, {}, '42'] });
    expect(await s.call('GET', '/json', readJsonOrText<string>)).toBe('ab');
    expect(await s.call('GET', '/file', readJsonOrText<string>)).toBe('{"a":1}\n');
    expect(await s.call('GET', '/text', readJsonOrText<string>)).toBe('"quoted"');
    expect(await s.call('GET', '/none', readJsonOrText<string>)).toBe('x');
    expect(await s.call('GET', '/none-text', readJsonOrText<string>)).toBe('plain');
    // Typed string: without a Content-Type, JSON that is not a string stays the text it came as.
    expect(await s.call('GET', '/none-number', readJsonOrText<string>)).toBe('42');
  });

  it('text(), bytes() and stream() read a 2xx body their way whatever the reader; a non-2xx is its HTTPError; the body is read once', async () => {
    const s = await api({ '/raw': [200, OCTETS, Buffer.from([0, 255, 10])], '/missing': [404, JSON_TYPE, '{"message":"Not Found"}'] });
    expect(await s.call('GET', '/raw', readJson).text()).toBe('\u0000\ufffd\n');
    expect([...(await s.call('GET', '/raw', readJson).bytes())]).toEqual([0, 255, 10]);
    const stream = await s.call('GET', '/raw', readJson).stream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    expect([...Buffer.concat(chunks)]).toEqual([0, 255, 10]);
    const missing = await rejection(s.call('GET', '/missing', readJson).text());
    expect(missing).toBeInstanceOf(NotFoundError);
    expect((missing as NotFoundError).body).toEqual({ message: 'Not Found' });
    // One read per call: the same reader again gives the same promise, another is refused.
    const call = s.call('GET', '/raw', readJson);
    const text = call.text();
    expect(call.text()).toBe(text);
    await expect(call.bytes()).rejects.toBeInstanceOf(BodyUsedError);
    await expect(Promise.resolve(call)).rejects.toBeInstanceOf(BodyUsedError);
    await expect(call.withResponse()).rejects.toBeInstanceOf(BodyUsedError);
    expect(await text).toBe('\u0000\ufffd\n');
    const read = s.call('GET', '/raw', readText);
    expect(await read).toBe('\u0000\ufffd\n');
    await expect(read.bytes()).rejects.toBeInstanceOf(BodyUsedError);
  });

  it('the accept option is sent as Accept over the session and call headers; CR or LF in it is refused before sending', async () => {
    const server = await h.server((request, response) => void response.end(request.headers.accept ?? 'none'));
    const s = new Api(server.origin, { headers: { Accept: 'application/json' } });
    h.defer(() => s.close());
    expect(await s.call('GET', '/', readText, { accept: 'application/vnd.github.raw' })).toBe('application/vnd.github.raw');
    expect(await s.call('GET', '/', readText, { accept: 'text/plain', headers: { accept: 'application/json' } })).toBe('text/plain');
    expect(await s.call('GET', '/', readText)).toBe('application/json');
    const refused = await rejection(Promise.resolve(s.call('GET', '/', readText, { accept: 'text/plain\r\nX-Evil: 1' })));
    expect(refused).toBeInstanceOf(InvalidOptionError);
    expect((refused as InvalidOptionError).message).toContain('accept');
    expect(server.received.length).toBe(3);
  });
});

describe('errors by status', () => {
  const cases: [number, new (...args: never[]) => HTTPError][] = [
    [400, BadRequestError], [401, AuthenticationError], [403, PermissionDeniedError], [404, NotFoundError],
    [409, ConflictError], [422, UnprocessableEntityError], [429, RateLimitError],
    [500, InternalServerError], [503, InternalServerError], [599, InternalServerError],
  ];

  it.each(cases)('%i rejects with its own class, an HTTPError with status, headers, body and name', async (status, type) => {
    const s = await api({ '/x': [status, { ...JSON_TYPE, 'x-request-id': 'req-1' }, '{"message":"no"}'] });
    const error = await rejection(Promise.resolve(s.call('GET', '/x', readJson)));
    expect(error).toBeInstanceOf(type);
    expect(error).toBeInstanceOf(HTTPError);
    const http = error as HTTPError;
    expect(http.status).toBe(status);
    expect(http.name).toBe(type.name);
    expect(http.body).toEqual({ message: 'no' });
    expect(http.headers['x-request-id']).toBe('req-1');
    expect(http.requestId).toBe('req-1');
    expect(http.message).toBe(`HTTP ${status}: no (GET ${s.baseLocation}/x)`);
  });

  it('other non-2xx statuses reject with HTTPError itself', async () => {
    const s = await api({ '/teapot': [418, {}, 'short and stout'], '/gone': [410, {}, ''], '/moved': [304, {}, ''] });
    for (const [path, status] of [['/teapot', 418], ['/gone', 410], ['/moved', 304]] as const) {
      const error = await rejection(Promise.resolve(s.call('GET', path, readJson)));
      expect(Object.getPrototypeOf(error)).toBe(HTTPError.prototype);
      expect((error as HTTPError).status).toBe(status);
    }
  });

  it('takes the request id from the first of the documented headers the server sent', async () => {
    const s = await api({
      '/stripe': [402, { 'request-id': 'req_stripe' }, ''],
      '/github': [404, { 'x-github-request-id': 'ABCD:1234' }, ''],
      '/both': [404, { 'x-github-request-id': 'second', 'x-request-id': 'first' }, ''],
      '/none': [404, {}, ''],
    });
    const idOf = async (path: string): Promise<string | undefined> => ((await rejection(Promise.resolve(s.call('GET', path, readNone)))) as HTTPError).requestId;
    expect(await idOf('/stripe')).toBe('req_stripe');
    expect(await idOf('/github')).toBe('ABCD:1234');
    expect(await idOf('/both')).toBe('first');
    expect(await idOf('/none')).toBeUndefined();
  });

  it('an error body is JSON only when typed as JSON and valid; otherwise its text, never a ParseError', async () => {
    const s = await api({
      '/problem': [422, { 'content-type': 'application/problem+json; charset=utf-8' }, '{"title":"bad"}'],
      '/html': [404, { 'content-type': 'text/html' }, '<h1>Not Found</h1>'],
      '/broken': [500, JSON_TYPE, '{"oops'],
      '/untyped': [400, {}, '{"looks":"json"}'],
    });
    const bodyOf = async (path: string, reader: ResponseReader<unknown>): Promise<unknown> => ((await rejection(Promise.resolve(s.call('GET', path, reader)))) as HTTPError).body;
    expect(await bodyOf('/problem', readJson)).toEqual({ title: 'bad' });
    expect(await bodyOf('/html', readJson)).toBe('<h1>Not Found</h1>');
    expect(await bodyOf('/html', readBytes)).toBe('<h1>Not Found</h1>');
    expect(await bodyOf('/broken', readJson)).toBe('{"oops');
    expect(await bodyOf('/untyped', readStream)).toBe('{"looks":"json"}');
  });
});

interface ApiProblem {
  readonly code: string;
}

describe('result()', () => {
  it('gives ok: true with the data and the response on 2xx', async () => {
    const s = await api({ '/ok': [201, JSON_TYPE, '{"id":7}'] });
    const result: CallResult<{ id: number }> = await s.call<{ id: number }>('POST', '/ok', readJson).result();
    expect(result.ok).toBe(true);
    expect(result.error).toBeUndefined();
    if (!result.ok) throw new Error('expected ok');
    expect(result.data.id).toBe(7);
    expect(result.response.status).toBe(201);
  });

  it('gives ok: false with the typed error on a non-2xx, and its body read once', async () => {
    const s = await api({ '/missing': [404, JSON_TYPE, '{"code":"resource_missing"}'] });
    const result = await s.call<{ id: number }, NotFoundError<ApiProblem>>('GET', '/missing', readJson).result();
    expect(result.ok).toBe(false);
    expect(result.data).toBeUndefined();
    if (result.ok) throw new Error('expected an error');
    expect(result.error).toBeInstanceOf(NotFoundError);
    // The type parameter names the error body: no type guard needed.
    const code: string = result.error.body.code;
    expect(code).toBe('resource_missing');
    expect(result.response.status).toBe(404);
    expect(await rejection(result.response.text())).toBeInstanceOf(BodyUsedError);
  });

  it('still rejects when the connection fails or the 2xx body is bad', async () => {
    const server = await h.server();
    const origin = server.origin;
    await server.close();
    const s = new Api(origin);
    h.defer(() => s.close());
    expect(await rejection(s.call('GET', '/x', readJson).result())).toBeInstanceOf(ConnectionError);
    const t = await api({ '/bad': [200, JSON_TYPE, 'nope'] });
    expect(await rejection(t.call('GET', '/bad', readJson).result())).toBeInstanceOf(ParseError);
  });
});

describe('callApi targets', () => {
  it('joins a path to baseLocation and endpoint, and a full URL replaces both', async () => {
    const main = await h.server();
    const uploads = await h.server();
    const s = new Api(main.origin + '/api', { endpoint: '/v3', params: { session: '1' } });
    h.defer(() => s.close());
    await s.call('GET', '/repos/a%2Fb', readNone);
    await s.call('POST', `${uploads.origin}/repos/x/releases/1/assets?name=a.zip`, readNone);
    await s.call('GET', uploads.origin, readNone);
    expect(main.received.map((r) => r.url)).toEqual(['/api/v3/repos/a%2Fb?session=1']);
    expect(uploads.received.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /repos/x/releases/1/assets?name=a.zip&session=1', 'GET /?session=1']);
  });
});
