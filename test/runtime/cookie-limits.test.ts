import { describe, expect, it } from 'vitest';
import { useHarness } from '../helpers/harness.js';

/**
 * Issue 10, item 11: the browser limits on what a peer may store (RFC 6265 §6.1): about 4096
 * bytes a cookie, 180 a domain with the oldest evicted first, so no later call is refused for them.
 */
const h = useHarness();

function cookieNames(header: string | undefined): string[] {
  return header === undefined ? [] : header.split('; ').map((pair) => pair.split('=', 1)[0]!);
}

describe('cookie limits', () => {
  it('a cookie over 4096 bytes (name and value) is not stored; one of exactly 4096 is', async () => {
    const server = await h.server((request, response) => {
      if (request.url === '/set') response.setHeader('set-cookie', ['big=' + 'x'.repeat(8 * 1024), 'edge=' + 'y'.repeat(4096 - 5), 'small=1']);
      response.end();
    });
    const s = h.session(server.origin, { persistCookies: true });
    await (await s.get('/set')).dump();
    await (await s.get('/check')).dump();
    expect(cookieNames(server.received[1]!.headers.cookie).sort()).toEqual(['edge', 'small']);
  });

  it('700 cookies from one origin keep the newest 180, the oldest evicted first, and the next call is not refused', async () => {
    let next = 0;
    const server = await h.server((request, response) => {
      if (request.url === '/set') response.setHeader('set-cookie', Array.from({ length: 100 }, () => `c${next++}=v; Path=/`));
      response.end();
    });
    const s = h.session(server.origin, { persistCookies: true });
    for (let i = 0; i < 7; i++) await (await s.get('/set')).dump();
    const check = await s.get('/check');
    await check.dump();
    expect(check.status).toBe(200);
    const sent = cookieNames(server.received.at(-1)!.headers.cookie);
    expect(sent).toHaveLength(180);
    expect(new Set(sent)).toEqual(new Set(Array.from({ length: 180 }, (_, i) => `c${520 + i}`)));
  });
});
