import { describe, expect, it } from 'vitest';
import { Session, SessionClosedError } from '../../runtime/index.js';
import { eventually } from '../helpers/server.js';
import { gate, localhostOrigin, neverAnswer, rejection, useHarness } from '../helpers/harness.js';

const h = useHarness();

describe('close()', () => {
  it('rejects the in-flight and the queued calls with SessionClosedError', async () => {
    const server = await h.server(neverAnswer);
    const s = h.session(server.origin, { connections: 1 });
    const inFlight = s.get('/in-flight');
    const queued = s.get('/queued');
    await eventually(() => server.received.length === 1, 'the first call reached the server');
    const settled = Promise.all([rejection(inFlight), rejection(queued)]);
    await s.close();
    const [first, second] = await settled;
    expect(first).toBeInstanceOf(SessionClosedError);
    expect(second).toBeInstanceOf(SessionClosedError);
    expect((second as SessionClosedError).url).toBe(server.origin + '/queued');
    expect(server.received.map((r) => r.url)).toEqual(['/in-flight']);
    await eventually(() => server.openSockets() === 0, 'the server sees its socket closed');
  });

  it('rejects calls made after close, clearly and without sending anything', async () => {
    const server = await h.server();
    const s = h.session(server.origin);
    await (await s.get('/')).dump();
    await s.close();
    expect(s.closed).toBe(true);
    const error = await rejection(s.get('/after'));
    expect(error).toBeInstanceOf(SessionClosedError);
    expect((error as Error).message).toMatch(/closed/);
    expect((error as SessionClosedError).url).toBe(server.origin + '/after');
    expect(server.received.map((r) => r.url)).toEqual(['/']);
    await s.close(); // closing twice is fine
  });

  it('closes idle keep-alive sockets to every origin', async () => {
    const a = await h.server();
    const b = await h.server();
    const s = h.session({ connections: 4 });
    await Promise.all([s.get(a.origin + '/'), s.get(a.origin + '/'), s.get(localhostOrigin(b) + '/')].map(async (call) => (await call).dump()));
    expect(a.openSockets() + b.openSockets()).toBeGreaterThanOrEqual(2);
    await s.close();
    await eventually(() => a.openSockets() + b.openSockets() === 0, 'every socket closed');
    expect(s.openConnections).toBe(0);
  });

  it('leaves a body that had fully arrived readable', async () => {
    const server = await h.server();
    const s = h.session(server.origin);
    const response = await s.get('/');
    await s.close();
    expect(await response.json()).toEqual({ ok: true });
  });

  it('fails a body still arriving at close, instead of hanging', async () => {
    const held = gate();
    const server = await h.server(async (_request, response) => {
      response.write('start');
      await held.wait;
      response.end('end');
    });
    h.defer(held.open);
    const s = h.session(server.origin);
    const response = await s.get('/');
    await s.close();
    expect(await rejection(response.text())).toBeInstanceOf(Error);
  });
});

describe('disposal', () => {
  it('[Symbol.asyncDispose] closes the session', async () => {
    const server = await h.server();
    const s = new Session(server.origin);
    await (await s.get('/')).dump();
    await s[Symbol.asyncDispose]();
    expect(s.closed).toBe(true);
    expect(await rejection(s.get('/'))).toBeInstanceOf(SessionClosedError);
    await eventually(() => server.openSockets() === 0, 'the socket closed');
  });

  it('await using closes the session at the end of the block', async () => {
    const server = await h.server();
    let escaped: Session | undefined;
    {
      await using s = new Session(server.origin);
      escaped = s;
      await (await s.get('/')).dump();
      expect(server.openSockets()).toBe(1);
    }
    expect(escaped.closed).toBe(true);
    expect(await rejection(escaped.get('/'))).toBeInstanceOf(SessionClosedError);
    await eventually(() => server.openSockets() === 0, 'the socket closed');
  });
});
