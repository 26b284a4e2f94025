import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { SessionOptions } from '../../runtime/index.js';
import { useHarness } from '../helpers/harness.js';

const h = useHarness();

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** Every User-Agent line the server got, in order, as raw header lines (node:http would keep only the first). */
async function userAgents(session: SessionOptions, call: SessionOptions['headers']): Promise<string[]> {
  let lines: string[] = [];
  const server = await h.server((request: IncomingMessage, response: ServerResponse) => {
    lines = [];
    for (let i = 0; i < request.rawHeaders.length; i += 2) {
      if (request.rawHeaders[i]!.toLowerCase() === 'user-agent') lines.push(request.rawHeaders[i + 1]!);
    }
    response.end();
  });
  const s = h.session(server.origin, session);
  await (await s.get('/', call === undefined ? {} : { headers: call })).dump();
  return lines;
}

describe('the default User-Agent', () => {
  it('is sessiongen/<version of package.json> on every call', async () => {
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    expect(await userAgents({}, undefined)).toEqual([`sessiongen/${version}`]);
  });

  it('is replaced, never doubled, by a session header of any case', async () => {
    expect(await userAgents({ headers: { 'User-Agent': 'MyApp/2.0' } }, undefined)).toEqual(['MyApp/2.0']);
    expect(await userAgents({ headers: { 'USER-AGENT': 'Shout/1' } }, undefined)).toEqual(['Shout/1']);
  });

  it("is replaced by a call's header, over the session's", async () => {
    expect(await userAgents({ headers: { 'user-agent': 'Session/1' } }, { 'User-Agent': 'Call/1' })).toEqual(['Call/1']);
  });

  it("is dropped by a call's or the session's null", async () => {
    expect(await userAgents({}, { 'user-agent': null })).toEqual([]);
    expect(await userAgents({ headers: { 'User-Agent': null } }, undefined)).toEqual([]);
  });
});
