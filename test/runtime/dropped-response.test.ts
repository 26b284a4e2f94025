import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect, it } from 'vitest';
import type { Session } from '../../runtime/index.js';
import { useHarness } from '../helpers/harness.js';
import { eventually } from '../helpers/server.js';

// A gc() for this test alone, so that a response dropped unread can really be collected.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const h = useHarness();
const LARGE = Buffer.alloc(1024 * 1024, 7);

/** Makes a call and lets its response go unread and unreferenced. */
async function callAndDrop(session: Session): Promise<number> {
  const response = await session.get('/large');
  return response.status;
}

it('a response dropped with its large body unread lets go of its connection once collected', async () => {
  const server = await h.server((_request, response) => {
    response.end(LARGE);
  });
  const s = h.session(server.origin, { connections: 1 });
  expect(await callAndDrop(s)).toBe(200);
  // The body paused unread holds the socket; nothing waits for it, so only collection can free it.
  expect(server.openSockets()).toBe(1);
  await eventually(
    () => {
      gc();
      return server.openSockets() === 0;
    },
    'the dropped response is collected and its exchange ended',
    5000,
  );
  const next = await s.get('/large');
  expect((await next.bytes()).byteLength).toBe(LARGE.length);
});
