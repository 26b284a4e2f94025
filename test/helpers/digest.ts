import { createHash, randomBytes } from 'node:crypto';
import type { Handler } from './server.js';

/** What the Digest server made of one request. */
export interface DigestAttempt {
  readonly url: string;
  /** `challenged`: no credentials; `ok`; `stale`: a good answer to a retired nonce; `refused`: anything else. */
  readonly outcome: 'challenged' | 'ok' | 'stale' | 'refused';
  readonly nonce?: string;
  readonly nc?: string;
  /** Why a signed request was refused. */
  readonly reason?: string;
}

export interface DigestServer {
  readonly handler: Handler;
  readonly attempts: DigestAttempt[];
  /** Retires every nonce handed out so far: the next answer to one gets `stale=true` and a fresh nonce. */
  retireNonces(): void;
}

export interface DigestServerOptions {
  readonly algorithm: 'MD5' | 'SHA-256';
  readonly username: string;
  readonly password: string;
  readonly realm?: string;
  /** The qop list offered; default `auth`. */
  readonly qop?: string;
}

const HASHES = { 'MD5': 'md5', 'SHA-256': 'sha256' } as const;

/** The auth-params of an `Authorization: Digest ...` value (quoted or token values). */
export function parseDigestParams(header: string): Record<string, string> {
  const params: Record<string, string> = {};
  const pattern = /([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g;
  for (const match of header.replace(/^Digest\s+/i, '').matchAll(pattern)) {
    params[match[1]!.toLowerCase()] = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : match[3]!;
  }
  return params;
}

/**
 * A loopback Digest server written from RFC 7616 (not from the client): it checks the response
 * hash with node:crypto, requires qop=auth, a nonce it issued, the request's own URI, and an nc
 * above the last one seen for that nonce, and can retire nonces to send `stale=true`.
 */
export function digestServer(options: DigestServerOptions): DigestServer {
  const realm = options.realm ?? 'test realm@example';
  const opaque = randomBytes(8).toString('hex');
  const hashName = HASHES[options.algorithm];
  const hash = (text: string): string => createHash(hashName).update(text).digest('hex');
  // Issued nonce → the highest nc accepted for it (0 before the first); retired ones are gone.
  const live = new Map<string, number>();
  const retired = new Set<string>();
  const attempts: DigestAttempt[] = [];

  const challenge = (stale: boolean): string => {
    const nonce = randomBytes(12).toString('hex');
    live.set(nonce, 0);
    return `Digest realm="${realm}", qop="${options.qop ?? 'auth'}", algorithm=${options.algorithm}, nonce="${nonce}", opaque="${opaque}"${stale ? ', stale=true' : ''}`;
  };

  const handler: Handler = (request, response) => {
    const url = request.url ?? '';
    const header = request.headers.authorization;
    const refuse = (attempt: DigestAttempt, stale = false): void => {
      attempts.push(attempt);
      response.statusCode = 401;
      response.setHeader('www-authenticate', challenge(stale));
      response.end('unauthorized');
    };
    if (header === undefined || !/^Digest\s/i.test(header)) return refuse({ url, outcome: 'challenged' });
    const p = parseDigestParams(header);
    const base = { url, nonce: p['nonce'], nc: p['nc'] };
    const problems: string[] = [];
    if (p['username'] !== options.username) problems.push('username');
    if (p['realm'] !== realm) problems.push('realm');
    if (p['uri'] !== url) problems.push(`uri ${p['uri']} is not ${url}`);
    if (p['qop'] !== 'auth') problems.push('qop');
    if ((p['algorithm'] ?? 'MD5') !== options.algorithm) problems.push('algorithm');
    if (p['opaque'] !== opaque) problems.push('opaque');
    if (!/^[0-9a-f]{8}$/.test(p['nc'] ?? '')) problems.push('nc format');
    if (!p['cnonce']) problems.push('cnonce');
    const ha1 = hash(`${options.username}:${realm}:${options.password}`);
    const ha2 = hash(`${request.method}:${p['uri']}`);
    const expected = hash(`${ha1}:${p['nonce']}:${p['nc']}:${p['cnonce']}:auth:${ha2}`);
    if (p['response'] !== expected) problems.push('response hash');
    const nonce = p['nonce'] ?? '';
    if (problems.length === 0 && retired.has(nonce)) return refuse({ ...base, outcome: 'stale' }, true);
    const last = live.get(nonce);
    if (last === undefined) problems.push('unknown nonce');
    else if (parseInt(p['nc'] ?? '0', 16) <= last) problems.push(`nc ${p['nc']} not above ${last}`);
    if (problems.length > 0) return refuse({ ...base, outcome: 'refused', reason: problems.join(', ') });
    live.set(nonce, parseInt(p['nc']!, 16));
    attempts.push({ ...base, outcome: 'ok' });
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ authenticated: true, user: options.username }));
  };

  return {
    handler,
    attempts,
    retireNonces() {
      for (const nonce of live.keys()) retired.add(nonce);
      live.clear();
    },
  };
}
