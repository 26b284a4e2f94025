/**
 * Generated clients calling a real loopback server through the real runtime: what the server
 * sees (method, path, query, headers, body) and what the caller gets back.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTTPError } from 'sessiongen/runtime';
import { generate } from '../../generator/generate.js';
import { FIXTURES, scratch } from './helpers.js';

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

const seen: Seen[] = [];
let server: Server;
let base: string;
let open = 0;
let mostOpen = 0;

function reply(response: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  response.writeHead(status, { 'content-type': type });
  response.end(typeof body === 'string' ? body : JSON.stringify(body));
}

function route(request: IncomingMessage, body: string, response: ServerResponse): void {
  const url = new URL(request.url ?? '/', 'http://x');
  if (url.pathname === '/v1/pets' && request.method === 'GET') return reply(response, 200, [{ id: 1, name: 'Rex' }]);
  if (url.pathname === '/v1/pets' && request.method === 'POST') return reply(response, 201, { id: 2, ...(JSON.parse(body) as object) });
  if (url.pathname === '/v1/pets/1') return reply(response, 200, { id: 1, name: 'Rex', tag: 'dog' });
  if (url.pathname.startsWith('/v1/pets/')) return reply(response, 404, { error: 'no such pet' });
  const numbered = /^\/asks\/test\/(\d+)$/.exec(url.pathname);
  if (numbered) {
    // Hold each answer a moment so the calls overlap and the pool limit is what bounds them.
    setTimeout(() => reply(response, 200, `number ${numbered[1]}`, 'text/plain'), 2);
    return;
  }
  if (url.pathname === '/status/204') {
    response.writeHead(204).end();
    return;
  }
  if (url.pathname === '/headers') return reply(response, 200, { headers: request.headers });
  reply(response, 404, 'not found', 'text/plain');
}

async function load<T>(dir: string, name: string): Promise<T> {
  return (await import(pathToFileURL(join(dir, `${name}.ts`)).href)) as T;
}

type PetStoreModule = typeof import('../../fixtures/expected/petstore.js');
type AsksModule = typeof import('../../fixtures/expected/asks.js');
type HttpBinModule = typeof import('../../fixtures/expected/httpbin.js');

let petstore: PetStoreModule;
let asks: AsksModule;
let httpbin: HttpBinModule;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      route(request, body, response);
    });
  });
  server.on('connection', (socket: Socket) => {
    open++;
    mostOpen = Math.max(mostOpen, open);
    socket.on('close', () => open--);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // Generate into a fresh folder, exactly as a user would, then import what was written.
  const out = scratch('e2e');
  const result = await generate({ specs: ['petstore', 'asks', 'httpbin'].map((name) => join(FIXTURES, `${name}.yaml`)), outDir: out });
  expect(result.diagnostics).toEqual([]);
  petstore = await load(out, 'petstore');
  asks = await load(out, 'asks');
  httpbin = await load(out, 'httpbin');
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('generated clients against a loopback server', () => {
  it('petstore: typed calls send the right requests and resolve to parsed bodies', async () => {
    await using api = new petstore.PetStore({ baseLocation: base });
    seen.length = 0;
    const pets = await api.listPets({ query: { limit: 10 } });
    expect(pets).toEqual([{ id: 1, name: 'Rex' }]);
    const pet = await api.getPet({ petId: 1 });
    expect(pet.tag).toBe('dog');
    const created = await api.createPet({ body: { name: 'Fido' }, headers: { 'X-Trace': 'a' } });
    expect(created).toEqual({ id: 2, name: 'Fido' });
    expect(seen.map((request) => `${request.method} ${request.url}`)).toEqual(['GET /v1/pets?limit=10', 'GET /v1/pets/1', 'POST /v1/pets']);
    const post = seen[2]!;
    expect(post.headers['x-source']).toBe('generated');
    expect(post.headers['x-trace']).toBe('a');
    expect(post.headers['accept']).toBe('application/json');
    expect(post.headers['content-type']).toBe('application/json');
    expect(JSON.parse(post.body)).toEqual({ name: 'Fido' });
  });

  it('petstore: the argument may be left out when nothing in it is required', async () => {
    await using api = new petstore.PetStore({ baseLocation: base });
    seen.length = 0;
    await api.listPets();
    expect(seen[0]!.url).toBe('/v1/pets');
  });

  it('petstore: path params are percent-encoded, one segment each', async () => {
    await using api = new petstore.PetStore({ baseLocation: base });
    seen.length = 0;
    // The type says number; a caller escaping the types still cannot walk out of the segment.
    await expect(api.getPet({ petId: '../../admin?x=1' as unknown as number })).rejects.toBeInstanceOf(HTTPError);
    expect(seen[0]!.url).toBe('/v1/pets/..%2F..%2Fadmin%3Fx%3D1');
  });

  it('petstore: a non-2xx rejects with HTTPError carrying status, headers and body', async () => {
    await using api = new petstore.PetStore({ baseLocation: base });
    const error = await api.getPet({ petId: 404 }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(HTTPError);
    const http = error as HTTPError;
    expect(http.status).toBe(404);
    expect(http.body).toEqual({ error: 'no such pet' });
    expect(http.headers['content-type']).toBe('application/json');
  });

  it('petstore: withResponse() gives the full response too', async () => {
    await using api = new petstore.PetStore({ baseLocation: base });
    const { data, response } = await api.getPet({ petId: 1 }).withResponse();
    expect(data.name).toBe('Rex');
    expect(response.status).toBe(200);
    expect(response.url).toBe(`${base}/v1/pets/1`);
  });

  it('petstore: constructor options override the spec, headers merge, and Session methods remain', async () => {
    await using api = new petstore.PetStore({ baseLocation: base, endpoint: '/v1', headers: { Accept: 'text/plain', 'X-App': 'test' } });
    seen.length = 0;
    const raw = await api.get('/pets');
    expect(raw.status).toBe(200);
    expect(seen[0]!.headers['accept']).toBe('text/plain');
    expect(seen[0]!.headers['x-app']).toBe('test');
    expect(api.connections).toBe(20);
    await using other = new petstore.PetStore({ baseLocation: base, connections: 3 });
    expect(other.connections).toBe(3);
  });

  it('asks: 1,000 numbered calls under /asks/test, never more than 20 connections at once', async () => {
    await using api = new asks.AsksTest({ baseLocation: base });
    seen.length = 0;
    mostOpen = 0;
    const texts = await Promise.all(Array.from({ length: 1000 }, (_, index) => api.numbered({ n: index + 1 })));
    expect(texts[0]).toBe('number 1');
    expect(texts[999]).toBe('number 1000');
    expect(new Set(seen.map((request) => request.url)).size).toBe(1000);
    expect(seen.every((request) => request.headers['applies-to'] === 'all requests')).toBe(true);
    expect(mostOpen).toBeGreaterThan(1);
    expect(mostOpen).toBeLessThanOrEqual(20);
  });

  it('httpbin: a path with no response resolves to undefined; path headers are sent', async () => {
    await using api = new httpbin.HttpBin({ baseLocation: base });
    await expect(api.status({ code: 204 })).resolves.toBeUndefined();
    const echoed = await api.requestHeaders();
    expect(echoed.headers['x-echo']).toBe('headers');
    expect(echoed.headers['user-agent']).toBe('sessiongen-httpbin');
  });
});
