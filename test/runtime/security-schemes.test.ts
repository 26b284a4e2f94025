/**
 * The runtime side of per-scheme credentials (`authSchemes`, `security`) and of the `servers` map
 * with a call's own `server`, on a plain Session against loopback servers.
 */
import { describe, expect, it } from 'vitest';
import { ApiKeyAuth, BasicAuth, BearerAuth, InvalidOptionError } from '../../runtime/index.js';
import { useHarness } from '../helpers/harness.js';

const h = useHarness();

describe('authSchemes and security', () => {
  const schemes = { user: new BasicAuth('ann', 'pw'), token: new BearerAuth('t1'), qkey: new ApiKeyAuth({ name: 'api_key', in: 'query', key: 'q s' }), hkey: new ApiKeyAuth({ name: 'X-Key', in: 'header', key: 'h1' }) };

  it('sends the first alternative whose schemes were all given; several schemes together; [] or an empty alternative none', async () => {
    const server = await h.server();
    const lines: string[] = [];
    const { user: _user, ...withoutBasic } = schemes;
    const s = h.session(server.origin, { authSchemes: withoutBasic, security: [['user'], ['token']], verbose: (line) => lines.push(line) });
    await (await s.get('/root')).dump();
    await (await s.get('/and', { security: [['user', 'token'], ['qkey', 'hkey']] })).dump();
    await (await s.get('/none', { security: [] })).dump();
    await (await s.get('/optional', { security: [[], ['token']] })).dump();
    await (await s.get('/unknown', { security: [['nowhere']] })).dump();
    await (await s.get('/own-auth', { auth: ['bob', 'x'] })).dump();
    expect(server.received.map((request) => [request.url, request.headers.authorization, request.headers['x-key']])).toEqual([
      ['/root', 'Bearer t1', undefined],
      ['/and?api_key=q%20s', undefined, 'h1'],
      ['/none', undefined, undefined],
      ['/optional', undefined, undefined],
      ['/unknown', undefined, undefined],
      ['/own-auth', `Basic ${Buffer.from('bob:x').toString('base64')}`, undefined],
    ]);
    // Both keys of the AND alternative are masked in the log.
    expect(lines[2]).toMatch(/ -> GET http:\/\/127\.0\.0\.1:\d+\/and\?api_key=\*\*\* \[X-Key \*\*\*\]$/);
  });

  it('a session auth wins over the schemes', async () => {
    const server = await h.server();
    const s = h.session(server.origin, { authSchemes: schemes, security: [['token']], auth: new BearerAuth('session') });
    await (await s.get('/a')).dump();
    expect(server.received.map((request) => request.headers.authorization)).toEqual(['Bearer session']);
  });

  it('refuses a security that is not a list of lists of names', () => {
    expect(() => h.session('http://127.0.0.1:9', { security: ['token'] as never })).toThrow(InvalidOptionError);
    expect(() => h.session('http://127.0.0.1:9', { security: [['token']] })).not.toThrow();
  });
});

describe('servers and a call\'s own server', () => {
  it('goes to the mapped URL, to the server itself on the document\'s base, else to the base with the server\'s path', async () => {
    const [base, mapped] = await Promise.all([h.server(), h.server()]);
    const onDocument = h.session({ baseLocation: base.origin, documentServer: `${base.origin}/`, endpoint: '/v1', authSchemes: { token: new BearerAuth('t1') }, security: [['token']] });
    await (await onDocument.get('/up', { server: `${mapped.origin}/files/` })).dump();
    const elsewhere = h.session({ baseLocation: `${base.origin}/mock`, documentServer: 'https://api.example.com', endpoint: '/v1', authSchemes: { token: new BearerAuth('t1') }, security: [['token']] });
    await (await elsewhere.get('/up', { server: 'https://files.example.com/files' })).dump();
    const map = h.session({ baseLocation: 'https://api.example.com', documentServer: 'https://api.example.com', servers: { 'https://files.example.com/files/': `${mapped.origin}/m`, 'https://api.example.com': base.origin }, authSchemes: { token: new BearerAuth('t1') }, security: [['token']] });
    await (await map.get('/up', { server: 'https://files.example.com/files' })).dump();
    await (await map.get('/plain')).dump();
    expect(mapped.received.map((request) => [request.url, request.headers.authorization])).toEqual([
      ['/files/up', 'Bearer t1'],
      ['/m/up', 'Bearer t1'],
    ]);
    expect(base.received.map((request) => [request.url, request.headers.authorization])).toEqual([
      ['/mock/files/up', 'Bearer t1'],
      ['/plain', 'Bearer t1'],
    ]);
  });

  it('sends the session\'s credentials only to the origins named, a call\'s own auth where it goes', async () => {
    const [base, other] = await Promise.all([h.server(), h.server()]);
    const s = h.session(base.origin, { auth: new BearerAuth('t1') });
    await (await s.get(`${other.origin}/by-hand`)).dump();
    await (await s.get(`${other.origin}/own`, { auth: new BearerAuth('mine') })).dump();
    await (await s.get(`${base.origin}/full-url-on-base`)).dump();
    expect(other.received.map((request) => [request.url, request.headers.authorization])).toEqual([['/by-hand', undefined], ['/own', 'Bearer mine']]);
    expect(base.received.map((request) => [request.url, request.headers.authorization])).toEqual([['/full-url-on-base', 'Bearer t1']]);
  });

  it('refuses a map that is not URLs to URLs, naming the option', () => {
    expect(() => h.session({ servers: { 'https://a.example': 'ftp://b.example' } })).toThrow(/servers\["https:\/\/a\.example"\]/);
    expect(() => h.session({ servers: { 'not a url': 'http://b.example' } })).toThrow(InvalidOptionError);
    expect(() => h.session({ servers: { 'https://a.example': 1 as never } })).toThrow(/servers/);
  });
});
