import { describe, expect, it } from 'vitest';
import { ApiKeyAuth, InvalidOptionError, queryParams } from '../../runtime/index.js';
import { localhostOrigin, useHarness } from '../helpers/harness.js';

const h = useHarness();

describe('ApiKeyAuth', () => {
  it('sends the key in the named header, with the call, and shows it masked in verbose lines', async () => {
    const server = await h.server();
    const lines: string[] = [];
    const s = h.session(server.origin, { auth: new ApiKeyAuth({ name: 'X-Api-Key', in: 'header', key: 'sk_live_123' }), verbose: (line) => lines.push(line) });
    await (await s.get('/a')).dump();
    expect(server.received[0]!.headers['x-api-key']).toBe('sk_live_123');
    expect(server.received[0]!.headers.authorization).toBeUndefined();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/ -> GET http:\/\/127\.0\.0\.1:\d+\/a \[X-Api-Key \*\*\*\]$/);
    expect(lines.join('\n')).not.toContain('sk_live_123');
  });

  it('appends the key to the query, leaving the rest of the target byte for byte, and masks it in every line', async () => {
    const server = await h.server((_request, response) => {
      response.statusCode = 500;
      response.end();
    });
    const lines: string[] = [];
    // retry: 0: the 500 only gives a status line to log, one per call.
    const s = h.session(server.origin, { auth: new ApiKeyAuth({ name: 'code', in: 'query', key: 'k y&=' }), verbose: (line) => lines.push(line), retry: 0 });
    await (await s.get('/items/%2E%2E/x', { params: queryParams({ ids: ['a', 'b'] }, { ids: 'comma' }) })).dump();
    await (await s.get('/plain')).dump();
    expect(server.received.map((r) => r.url)).toEqual(['/items/%2E%2E/x?ids=a,b&code=k%20y%26%3D', '/plain?code=k%20y%26%3D']);
    expect(lines.join('\n')).not.toContain('k%20y');
    expect(lines[0]).toContain('/items/%2E%2E/x?ids=a,b&code=***');
    expect(lines[1]).toContain(' <- 500 GET ');
    expect(lines[1]).toContain('code=***');
  });

  it("adds the key to the Cookie header, after the jar's and the call's cookies", async () => {
    const server = await h.server();
    const s = h.session(server.origin, { auth: new ApiKeyAuth({ name: 'token', in: 'cookie', key: 'xoxb-1' }) });
    await (await s.get('/only')).dump();
    await (await s.get('/with', { cookies: { theme: 'dark' } })).dump();
    expect(server.received.map((r) => r.headers.cookie)).toEqual(['token=xoxb-1', 'theme=dark; token=xoxb-1']);
  });

  it.each(['header', 'query', 'cookie'] as const)('in a %s: never sent on after a redirect to another origin', async (placement) => {
    const other = await h.server();
    const server = await h.server((request, response) => {
      if (request.url?.startsWith('/start')) response.writeHead(302, { location: `${localhostOrigin(other)}/elsewhere` });
      response.end();
    });
    const s = h.session(server.origin, { auth: new ApiKeyAuth({ name: 'api_key', in: placement, key: 'secret-key' }) });
    await (await s.get('/start')).dump();
    const first = server.received[0]!;
    const sent = placement === 'header' ? first.headers['api_key'] : placement === 'query' ? first.url : first.headers.cookie;
    expect(sent).toContain('secret-key');
    const elsewhere = other.received[0]!;
    expect(elsewhere.url).toBe('/elsewhere');
    expect(elsewhere.headers['api_key']).toBeUndefined();
    expect(elsewhere.headers.cookie).toBeUndefined();
    expect(JSON.stringify(elsewhere.headers)).not.toContain('secret-key');
  });

  it('follows a same-origin redirect with the key', async () => {
    const server = await h.server((request, response) => {
      if (request.url === '/start') response.writeHead(307, { location: '/next' });
      response.end();
    });
    const s = h.session(server.origin, { auth: new ApiKeyAuth({ name: 'X-Key', in: 'header', key: 'k' }) });
    await (await s.get('/start')).dump();
    expect(server.received.map((r) => [r.url, r.headers['x-key']])).toEqual([['/start', 'k'], ['/next', 'k']]);
  });

  it('refuses names and keys that cannot be sent as they are', () => {
    expect(() => new ApiKeyAuth({ name: 'X Key', in: 'header', key: 'k' })).toThrow(InvalidOptionError);
    expect(() => new ApiKeyAuth({ name: 'X-Key', in: 'header', key: 'k\r\nX-Evil: 1' })).toThrow(InvalidOptionError);
    expect(() => new ApiKeyAuth({ name: 'sid', in: 'cookie', key: 'a;b' })).toThrow(InvalidOptionError);
    expect(() => new ApiKeyAuth({ name: 'k', in: 'body' as 'query', key: 'k' })).toThrow(/header, the query or a cookie/);
  });
});
