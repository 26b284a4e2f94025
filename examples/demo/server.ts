// A tiny pet store on loopback, so the demo needs no network.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Pet {
  id: number;
  name: string;
  tag?: string;
}

export async function startPetServer(): Promise<{ server: Server; url: string }> {
  const pets: Pet[] = [{ id: 1, name: 'Rex', tag: 'dog' }];
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const send = (status: number, value: unknown): void => {
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      };
      const match = /^\/v1\/pets\/(\d+)$/.exec(url.pathname);
      if (url.pathname === '/v1/pets' && request.method === 'GET') {
        const limit = Number(url.searchParams.get('limit') ?? pets.length);
        send(200, pets.slice(0, limit));
      } else if (url.pathname === '/v1/pets' && request.method === 'POST') {
        const pet = { id: pets.length + 1, ...(JSON.parse(body) as Omit<Pet, 'id'>) };
        pets.push(pet);
        send(201, pet);
      } else if (match !== null) {
        const pet = pets.find((candidate) => candidate.id === Number(match[1]));
        if (pet === undefined) send(404, { error: `no pet ${match[1]}` });
        else send(200, pet);
      } else send(404, { error: 'not found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
