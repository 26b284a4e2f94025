import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BasicAuth, DigestAuth } from '../../runtime/index.js';
import type { Session, SessionOptions } from '../../runtime/index.js';
import { startHttpbin } from '../helpers/httpbin.js';
import type { Httpbin } from '../helpers/httpbin.js';
import { useHarness } from '../helpers/harness.js';

// Debian's python3-httpbin: a server no one here wrote. One process for the whole file.
let httpbin: Httpbin;
beforeAll(async () => {
  httpbin = await startHttpbin();
}, 30_000);
afterAll(async () => {
  await httpbin?.stop();
});

const h = useHarness();

/** A session on httpbin that keeps its verbose lines, so requests can be counted. */
function session(options: SessionOptions = {}): { s: Session; requests: () => string[] } {
  const lines: string[] = [];
  const s = h.session(httpbin.origin, { ...options, verbose: (line) => lines.push(line) });
  return { s, requests: () => lines.filter((line) => line.includes(' -> ')) };
}

describe('httpbin: Basic auth', () => {
  it('/basic-auth/user/passwd accepts BasicAuth and the [user, pass] form', async () => {
    const { s } = session();
    const response = await s.get('/basic-auth/user/passwd', { auth: new BasicAuth('user', 'passwd') });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ authenticated: true, user: 'user' });
    const tuple = await s.get('/basic-auth/user/passwd', { auth: ['user', 'passwd'] });
    expect(tuple.status).toBe(200);
    await tuple.dump();
  });

  it('a wrong password gets the 401', async () => {
    const { s, requests } = session();
    const response = await s.get('/basic-auth/user/passwd', { auth: new BasicAuth('user', 'wrong') });
    expect(response.status).toBe(401);
    await response.dump();
    expect(requests()).toHaveLength(1);
  });
});

describe.each(['MD5', 'SHA-256'])('httpbin: Digest auth with %s', (algorithm) => {
  it(`/digest-auth/auth/user/passwd/${algorithm} authenticates, and a second call takes one request`, async () => {
    const { s, requests } = session({ auth: new DigestAuth('user', 'passwd') });
    const path = `/digest-auth/auth/user/passwd/${algorithm}`;
    const response = await s.get(path);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ authenticated: true, user: 'user' });
    expect(requests()).toHaveLength(2);
    const again = await s.get(path);
    expect(again.status).toBe(200);
    await again.dump();
    expect(requests()).toHaveLength(3);
  });

  it('with require-cookie, the signed answer carries the cookie set on the challenge (persistCookies)', async () => {
    // retry: 0 because Debian's httpbin may answer 500 below, which is not what this test is about.
    const { s, requests } = session({ auth: new DigestAuth('user', 'passwd'), persistCookies: true, retry: 0 });
    const response = await s.get(`/digest-auth/auth/user/passwd/${algorithm}/never`, { params: { 'require-cookie': 'true' } });
    // Without the cookie httpbin challenges again (401) or refuses (403). With it, the request gets
    // past the cookie check to the signature check, which Debian's httpbin (Python 3) fails with a
    // 500 whenever the URL has a query (str + bytes in check_digest_auth); a fixed httpbin says 200.
    expect([200, 500]).toContain(response.status);
    await response.dump();
    expect(requests()).toHaveLength(2);
    expect((await s.cookies!.getCookies(httpbin.origin)).map((c) => c.key)).toContain('fake');
  });

  it('a wrong password gets the 401 after one answer to the challenge', async () => {
    const { s, requests } = session();
    const response = await s.get(`/digest-auth/auth/user/passwd/${algorithm}`, { auth: new DigestAuth('user', 'wrong') });
    expect(response.status).toBe(401);
    await response.dump();
    expect(requests()).toHaveLength(2);
  });
});

describe('httpbin: cookies', () => {
  it('/cookies/set?name=value stores the cookie (through its redirect) and /cookies shows it', async () => {
    const { s } = session({ persistCookies: true });
    const set = await s.get('/cookies/set', { params: { name: 'value', other: 'two' } });
    expect(set.status).toBe(200);
    expect(set.redirects).toHaveLength(1);
    expect(await set.json()).toEqual({ cookies: { name: 'value', other: 'two' } });
    const shown = await s.get('/cookies');
    expect(await shown.json()).toEqual({ cookies: { name: 'value', other: 'two' } });
    const stored = await s.cookies!.getCookies(httpbin.origin + '/');
    expect(stored.map((c) => `${c.key}=${c.value}`).sort()).toEqual(['name=value', 'other=two']);
  });

  it('without persistCookies nothing is kept', async () => {
    const { s } = session();
    await (await s.get('/cookies/set?name=value')).dump();
    expect(await (await s.get('/cookies')).json()).toEqual({ cookies: {} });
  });
});

describe('httpbin: redirects', () => {
  it('/redirect/3 ends at /get with a chain of 3', async () => {
    const { s, requests } = session();
    const response = await s.get('/redirect/3');
    expect(response.status).toBe(200);
    expect(new URL(response.url).pathname).toBe('/get');
    expect(response.redirects).toHaveLength(3);
    expect(new URL(response.redirects[0]!).pathname).toBe('/redirect/3');
    expect(((await response.json()) as { url: string }).url).toMatch(/\/get$/);
    expect(requests()).toHaveLength(4);
  });

  it('/redirect/3 with maxRedirects: 0 is the 302 itself', async () => {
    const { s } = session({ maxRedirects: 0 });
    const response = await s.get('/redirect/3');
    expect(response.status).toBe(302);
    await response.dump();
  });

  it('/redirect-to with status_code=307 keeps a POST and its body; 303 makes it a GET', async () => {
    const { s } = session();
    const kept = await s.post('/redirect-to', { params: { url: '/anything', status_code: 307 }, json: { kept: true } });
    expect(kept.status).toBe(200);
    const echoed = (await kept.json()) as { method: string; json: unknown };
    expect(echoed.method).toBe('POST');
    expect(echoed.json).toEqual({ kept: true });
    expect(kept.redirects).toHaveLength(1);

    const changed = await s.post('/redirect-to', { params: { url: '/anything', status_code: 303 }, json: { kept: true } });
    const asGet = (await changed.json()) as { method: string; data: string; headers: Record<string, string> };
    expect(asGet.method).toBe('GET');
    expect(asGet.data).toBe('');
    expect(asGet.headers['Content-Type']).toBeUndefined();
  });
});

describe('httpbin: status codes', () => {
  it('/status/503 with retries ends with 503 after limit + 1 attempts', async () => {
    const { s, requests } = session({ retry: { limit: 2, backoff: 1, maxBackoff: 5 } });
    const response = await s.get('/status/503');
    expect(response.status).toBe(503);
    await response.dump();
    expect(requests()).toHaveLength(3);
    expect(requests()[2]).toMatch(/retry 2/);
  });

  it('/status/418 is returned as it is, not retried', async () => {
    const { s, requests } = session({ retry: { limit: 2, backoff: 1 } });
    const response = await s.get('/status/418');
    expect(response.status).toBe(418);
    await response.text();
    expect(requests()).toHaveLength(1);
  });
});
