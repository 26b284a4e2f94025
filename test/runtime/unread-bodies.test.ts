import { describe, expect, it } from 'vitest';
import { BodyUsedError } from '../../runtime/index.js';
import type { Handler } from '../helpers/server.js';
import { rejection, useHarness } from '../helpers/harness.js';

const h = useHarness();

const MIB = Buffer.alloc(1024 * 1024);
for (let i = 0; i < MIB.length; i++) MIB[i] = (i * 31 + 7) % 256;

const routes: Handler = (request, response) => {
  if (request.url?.startsWith('/huge')) response.end(Buffer.alloc(20 * MIB.length, 1));
  else if (request.url?.startsWith('/large')) response.end(MIB);
  else response.end(`small ${request.url}`);
};

describe('responses whose bodies are never read', () => {
  it('with connections: 1, three calls with small unread bodies all complete', async () => {
    const server = await h.server(routes);
    const s = h.session(server.origin, { connections: 1 });
    const first = await s.get('/1');
    const second = await s.get('/2');
    const third = await s.get('/3');
    expect([first.status, second.status, third.status]).toEqual([200, 200, 200]);
    expect(server.received.map((r) => r.url)).toEqual(['/1', '/2', '/3']);
    expect(await second.text()).toBe('small /2');
  });

  it('with connections: 1, three calls with 1 MiB unread bodies all complete, and the bodies are still whole', async () => {
    const server = await h.server(routes);
    const s = h.session(server.origin, { connections: 1 });
    const first = await s.get('/large/1');
    const second = await s.get('/large/2');
    const third = await s.get('/large/3');
    expect(server.received.map((r) => r.url)).toEqual(['/large/1', '/large/2', '/large/3']);
    expect(Buffer.from(await first.bytes()).equals(MIB)).toBe(true);
    const streamed: Buffer[] = [];
    for await (const chunk of second.stream()) streamed.push(chunk as Buffer);
    expect(Buffer.concat(streamed).equals(MIB)).toBe(true);
    expect(Buffer.from(await third.bytes()).equals(MIB)).toBe(true);
    // Drained, not broken: the one connection carried every call.
    expect(server.totalSockets).toBe(1);
    expect(s.openConnections).toBe(1);
  });

  it('mixes large and small unread bodies, then reads the earlier large one whole', async () => {
    const server = await h.server(routes);
    const s = h.session(server.origin, { connections: 1 });
    const large = await s.get('/large');
    const small = await s.get('/small');
    const last = await s.get('/large/again');
    expect(small.status).toBe(200);
    expect(last.status).toBe(200);
    expect(Buffer.from(await large.bytes()).equals(MIB)).toBe(true);
    expect(await small.text()).toBe('small /small');
  });

  it('concurrent calls behind an unread large body all complete', async () => {
    const server = await h.server(routes);
    const s = h.session(server.origin, { connections: 1 });
    const responses = await Promise.all([s.get('/large/a'), s.get('/large/b'), s.get('/c'), s.get('/large/d')]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(Buffer.from(await responses[0]!.bytes()).equals(MIB)).toBe(true);
    expect(Buffer.from(await responses[3]!.bytes()).equals(MIB)).toBe(true);
    expect(server.peakSockets).toBe(1);
  });

  it('a dumped body frees the connection without keeping the data', async () => {
    const server = await h.server(routes);
    const s = h.session(server.origin, { connections: 1 });
    const large = await s.get('/large');
    await large.dump();
    expect(await (await s.get('/after')).text()).toBe('small /after');
    expect(server.totalSockets).toBe(1);
  });

  it('an unread body over the 16 MiB drain limit is dropped so a waiting call can go, and reading it then says why', async () => {
    const server = await h.server(routes);
    const s = h.session(server.origin, { connections: 1 });
    const huge = await s.get('/huge');
    const next = await s.get('/small');
    expect(await next.text()).toBe('small /small');
    const error = await rejection(huge.bytes());
    expect(error).toBeInstanceOf(BodyUsedError);
    expect((error as Error).message).toMatch(/left unread while other calls waited/);
  });
});
