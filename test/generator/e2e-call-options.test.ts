/**
 * The spec keys the generator passes through to the runtime, end to end: a client generated with
 * `auth`, `retry`, `max_redirects` and `timeout` calling loopback servers through the real runtime.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BearerAuth, HTTPError, TimeoutError } from 'sessiongen/runtime';
import { generate } from '../../generator/generate.js';
import { digestServer } from '../helpers/digest.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { FIXTURES, scratch } from './helpers.js';

type SecuredModule = typeof import('../../fixtures/expected/secured.js');
type TokensModule = typeof import('../../fixtures/expected/tokens.js');

/** A spec for the Digest test: the same shape as secured.yaml's whoami, with `auth: digest`. */
const DIGEST_SPEC = 'client: Vault\nauth: digest\npaths:\n  open:\n    path: /vault\n    response: Record<string, unknown>\n';

interface VaultModule {
  readonly Vault: new (options: { credentials: { username: string; password: string }; baseLocation: string }) => {
    open(): PromiseLike<Record<string, unknown>>;
    close(): Promise<void>;
  };
}

const hits = new Map<string, number>();
let server: TestServer;
let secured: SecuredModule;
let tokens: TokensModule;
let vault: VaultModule;

function hit(path: string): number {
  const count = (hits.get(path) ?? 0) + 1;
  hits.set(path, count);
  return count;
}

beforeAll(async () => {
  server = await startServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const count = hit(path);
    const json = (status: number, body: unknown): void => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (path === '/v1/whoami' || path === '/me') return json(200, { id: 1, owner: 'ann', authorization: request.headers.authorization ?? null });
    // Answers 503 twice, then 200: only a call that retries at least twice gets through.
    if (path === '/flaky' || path === '/steady' || path === '/v1/accounts/7') {
      if (count <= 2) return json(503, { error: 'busy' });
      return path === '/v1/accounts/7' ? json(200, { id: 7, owner: 'bob' }) : (response.writeHead(200, { 'content-type': 'text/plain' }), void response.end('ok'));
    }
    if (path === '/slow') {
      const timer = setTimeout(() => response.end('late'), 2000);
      response.on('close', () => clearTimeout(timer));
      return;
    }
    if (path === '/moved') {
      response.writeHead(302, { location: '/me' });
      return void response.end();
    }
    json(404, { error: 'not found' });
  });

  const out = scratch('e2e-call-options');
  writeFileSync(join(out, 'vault.yaml'), DIGEST_SPEC);
  const result = await generate({ specs: [join(FIXTURES, 'secured.yaml'), join(FIXTURES, 'tokens.yaml'), join(out, 'vault.yaml')], outDir: out });
  expect(result.diagnostics).toEqual([]);
  const load = async <T>(name: string): Promise<T> => (await import(pathToFileURL(join(out, `${name}.ts`)).href)) as T;
  secured = await load('secured');
  tokens = await load('tokens');
  vault = await load('vault');
});

afterAll(async () => {
  await server.close();
});

describe('auth named by the spec', () => {
  it('basic: the constructor credentials become the Authorization header', async () => {
    await using api = new secured.Secured({ baseLocation: server.origin, credentials: { username: 'ann', password: 's3cret:pw' } });
    const account = (await api.whoami()) as unknown as { authorization: string };
    expect(account.authorization).toBe(`Basic ${Buffer.from('ann:s3cret:pw').toString('base64')}`);
  });

  it('bearer: the constructor token becomes the Authorization header', async () => {
    await using api = new tokens.Tokens({ baseLocation: server.origin, token: 'tok-123' });
    expect((await api.me())['authorization']).toBe('Bearer tok-123');
  });

  it('an explicit auth option still replaces the spec scheme, and a call may replace it too', async () => {
    await using api = new tokens.Tokens({ baseLocation: server.origin, token: 'unused', auth: new BearerAuth('from-options') });
    expect((await api.me())['authorization']).toBe('Bearer from-options');
    expect((await api.me({ auth: new BearerAuth('per-call') }))['authorization']).toBe('Bearer per-call');
  });

  for (const algorithm of ['MD5', 'SHA-256'] as const) {
    it(`digest (${algorithm}): the constructor credentials answer an RFC 7616 challenge`, async () => {
      const digest = digestServer({ algorithm, username: 'ann', password: 'pw' });
      const digestHost = await startServer(digest.handler);
      try {
        const api = new vault.Vault({ baseLocation: digestHost.origin, credentials: { username: 'ann', password: 'pw' } });
        try {
          expect(await api.open()).toEqual({ authenticated: true, user: 'ann' });
          expect(await api.open()).toEqual({ authenticated: true, user: 'ann' });
        } finally {
          await api.close();
        }
        // One challenge, then both calls signed on the same nonce (nc 1, then 2).
        expect(digest.attempts.map((attempt) => `${attempt.outcome} ${attempt.nc ?? ''}`.trim())).toEqual(['challenged', 'ok 00000001', 'ok 00000002']);
      } finally {
        await digestHost.close();
      }
    });
  }
});

describe('retry, max_redirects and timeout from the spec', () => {
  it('a path with `retry: 2` is retried on 503 until it succeeds; a path without it has the default (2 retries) unless the client turns it off', async () => {
    hits.clear();
    await using api = new tokens.Tokens({ baseLocation: server.origin, token: 't' });
    await expect(api.flaky()).resolves.toBe('ok');
    expect(hits.get('/flaky')).toBe(3);
    await expect(api.steady()).resolves.toBe('ok');
    expect(hits.get('/steady')).toBe(3);
    hits.clear();
    await using off = new tokens.Tokens({ baseLocation: server.origin, token: 't', retry: false });
    const error = await off.steady().then(() => undefined, (reason: unknown) => reason);
    expect(error).toBeInstanceOf(HTTPError);
    expect((error as HTTPError).status).toBe(503);
    expect(hits.get('/steady')).toBe(1);
    // The path's own `retry: 2` is over the client's.
    await expect(off.flaky()).resolves.toBe('ok');
    expect(hits.get('/flaky')).toBe(3);
  });

  it("the call's own retry replaces the path's", async () => {
    hits.clear();
    await using api = new tokens.Tokens({ baseLocation: server.origin, token: 't' });
    await expect(api.flaky({ retry: 0 })).rejects.toBeInstanceOf(HTTPError);
    expect(hits.get('/flaky')).toBe(1);
  });

  it("the spec's session retry applies to every call, constructor options replace it, and a path's own is over both", async () => {
    const credentials = { username: 'ann', password: 'pw' };
    hits.clear();
    await using api = new secured.Secured({ baseLocation: server.origin, credentials });
    const retried = await api.get('/accounts/7');
    expect(retried.status).toBe(200);
    expect(hits.get('/v1/accounts/7')).toBe(3);

    hits.clear();
    await using noRetry = new secured.Secured({ baseLocation: server.origin, credentials, retry: 0 });
    expect((await noRetry.get('/accounts/7')).status).toBe(503);
    expect(hits.get('/v1/accounts/7')).toBe(1);

    hits.clear();
    await expect(noRetry.getAccount({ id: 7 })).resolves.toEqual({ id: 7, owner: 'bob' });
    expect(hits.get('/v1/accounts/7')).toBe(3);
  });

  it("a path's `timeout` fires with TimeoutError, and a call may give a longer one", async () => {
    await using api = new tokens.Tokens({ baseLocation: server.origin, token: 't' });
    const started = performance.now();
    await expect(api.slow()).rejects.toBeInstanceOf(TimeoutError);
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it("a path's `max_redirects: 0` returns the redirect itself; other paths follow", async () => {
    await using api = new tokens.Tokens({ baseLocation: server.origin, token: 't' });
    const error = await api.moved().then(() => undefined, (reason: unknown) => reason);
    expect(error).toBeInstanceOf(HTTPError);
    expect((error as HTTPError).status).toBe(302);
    const followed = await api.get('/moved');
    expect(followed.url).toBe(`${server.origin}/me`);
  });
});
