import { createHash, randomBytes } from 'node:crypto';
import { InvalidOptionError } from './errors.js';
import { isCookiePair } from './cookies.js';
import { isToken, setHeader } from './headers.js';
import type { PreparedRequest } from './hooks.js';
import type { SessionResponse } from './response.js';

/**
 * An auth scheme: `apply` signs each request; `challenge`, when present, may answer a response
 * (a 401 with a challenge) with a signed request to send instead.
 */
export interface AuthHandler {
  apply(request: PreparedRequest): PreparedRequest | void | Promise<PreparedRequest | void>;
  challenge?(request: PreparedRequest, response: SessionResponse): PreparedRequest | undefined | Promise<PreparedRequest | undefined>;
}

export type AuthFunction = (request: PreparedRequest) => PreparedRequest | void | Promise<PreparedRequest | void>;

/** `['user', 'pass']` is Basic; or a scheme object; or any function that takes the request and returns it changed. */
export type Auth = readonly [string, string] | AuthHandler | AuthFunction;

export class BasicAuth implements AuthHandler {
  readonly #header: string;

  constructor(username: string, password: string) {
    if (username.includes(':')) throw new InvalidOptionError('auth', 'a Basic auth username cannot contain ":"');
    this.#header = 'Basic ' + Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
  }

  apply(request: PreparedRequest): void {
    request.headers['authorization'] = this.#header;
  }
}

export class BearerAuth implements AuthHandler {
  readonly #header: string;

  constructor(token: string) {
    if (/[\r\n\0]/.test(token)) throw new InvalidOptionError('auth', 'a bearer token cannot hold CR, LF or NUL');
    this.#header = `Bearer ${token}`;
  }

  apply(request: PreparedRequest): void {
    request.headers['authorization'] = this.#header;
  }
}

export interface ApiKeyOptions {
  /** The header, query parameter or cookie that carries the key, spelled as the API documents it. */
  readonly name: string;
  readonly in: 'header' | 'query' | 'cookie';
  readonly key: string;
}

/**
 * An API key in a header, the query or a cookie (OpenAPI's `apiKey` scheme). Like every auth it is
 * sent only to the call's own origin, never on after a redirect to another. Verbose lines show the
 * header's name with `***`, and `***` for the query value; cookies are never logged.
 */
export class ApiKeyAuth implements AuthHandler {
  readonly name: string;
  readonly in: ApiKeyOptions['in'];
  readonly #key: string;
  readonly #queryPair: string;

  constructor(options: ApiKeyOptions) {
    const { name, key } = options;
    if (options.in !== 'header' && options.in !== 'query' && options.in !== 'cookie') {
      throw new InvalidOptionError('auth', `an API key goes in a header, the query or a cookie; got ${JSON.stringify(options.in)}`);
    }
    if (typeof name !== 'string' || name === '' || typeof key !== 'string') throw new InvalidOptionError('auth', 'an API key needs a name and a key, both strings');
    if (options.in === 'header' && (!isToken(name) || /[\r\n\0]/.test(key))) {
      throw new InvalidOptionError('auth', `header ${JSON.stringify(name)} cannot carry this key (a name must be an HTTP token; a key cannot hold CR, LF or NUL)`);
    }
    if (options.in === 'cookie' && !isCookiePair(name, key)) throw new InvalidOptionError('auth', `cookie ${JSON.stringify(name)} cannot carry this key as it is`);
    this.name = name;
    this.in = options.in;
    this.#key = key;
    this.#queryPair = encodeURIComponent(name) + '=' + encodeURIComponent(key);
  }

  apply(request: PreparedRequest): void {
    if (this.in === 'header') {
      setHeader(request.headers, this.name.toLowerCase(), this.#key);
    } else if (this.in === 'query') {
      // Appended as it is, so the rest of the query keeps its exact bytes (a literal comma stays one).
      request.url += (request.url.includes('?') ? '&' : '?') + this.#queryPair;
    } else {
      const cookie = request.headers['cookie'];
      const pair = this.name + '=' + this.#key;
      request.headers['cookie'] = cookie === undefined ? pair : [cookie].flat().concat(pair).join('; ');
    }
  }
}

/** Parses `Digest realm="x", nonce="y", qop="auth"` out of a WWW-Authenticate value that may hold several challenges. */
export function parseDigestChallenge(header: string | string[] | undefined): Record<string, string> | undefined {
  for (const value of Array.isArray(header) ? header : header === undefined ? [] : [header]) {
    const start = value.search(/(^|[\s,])Digest\s/i);
    if (start === -1) continue;
    const params: Record<string, string> = Object.create(null) as Record<string, string>;
    const rest = value.slice(value.toLowerCase().indexOf('digest', start) + 6);
    const pattern = /\s*([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*(?:,|$)/gy;
    let match: RegExpExecArray | null;
    while ((match = pattern.exec(rest)) !== null && match[0] !== '') {
      params[match[1]!.toLowerCase()] = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : match[3]!;
    }
    if (params['nonce'] !== undefined && params['realm'] !== undefined) return params;
  }
  return undefined;
}

const DIGEST_HASHES: Record<string, string> = { 'MD5': 'md5', 'MD5-SESS': 'md5', 'SHA-256': 'sha256', 'SHA-256-SESS': 'sha256', 'SHA-512-256': 'sha512-256', 'SHA-512-256-SESS': 'sha512-256' };

interface DigestState {
  readonly challenge: Record<string, string>;
  readonly origin: string;
  count: number;
}

/**
 * The request target of `url` when it is on exactly `origin`, else undefined. A bare prefix test would
 * let `http://host:80` match `http://host:8080/`, and so sign for another origin.
 */
function targetOn(origin: string, url: string): string | undefined {
  if (!url.startsWith(origin)) return undefined;
  const rest = url.slice(origin.length);
  if (rest === '') return '/';
  return rest.startsWith('/') || rest.startsWith('?') ? rest : undefined;
}

function quote(value: string): string {
  return '"' + value.replace(/["\\]/g, '\\$&') + '"';
}

/**
 * HTTP Digest (RFC 7616): MD5 and SHA-256 (and their -sess forms), `qop=auth`. After the first
 * challenge the nonce is kept and counted, so later calls sign up front: one round trip per nonce.
 */
export class DigestAuth implements AuthHandler {
  readonly #username: string;
  readonly #password: string;
  #state: DigestState | undefined;

  constructor(username: string, password: string) {
    this.#username = username;
    this.#password = password;
  }

  apply(request: PreparedRequest): void {
    const state = this.#state;
    const uri = state === undefined ? undefined : targetOn(state.origin, request.url);
    if (state !== undefined && uri !== undefined) request.headers['authorization'] = this.#sign(request, state, uri);
  }

  challenge(request: PreparedRequest, response: SessionResponse): PreparedRequest | undefined {
    if (response.status !== 401) return undefined;
    const challenge = parseDigestChallenge(response.headers['www-authenticate']);
    if (challenge === undefined) return undefined;
    const algorithm = (challenge['algorithm'] ?? 'MD5').toUpperCase();
    if (DIGEST_HASHES[algorithm] === undefined) return undefined;
    const signed = String(request.headers['authorization'] ?? '').startsWith('Digest ');
    const stale = challenge['stale']?.toLowerCase() === 'true';
    // A signed request refused without `stale=true` means the credentials are wrong; signing again would loop.
    if (signed && !stale) return undefined;
    const url = new URL(request.url);
    const state: DigestState = { challenge, origin: url.origin, count: 0 };
    this.#state = state;
    // As sent on the request line; a URL spelled unlike its origin (an explicit default port) is sent parsed.
    const uri = targetOn(url.origin, request.url) ?? url.pathname + url.search;
    return { ...request, headers: { ...request.headers, authorization: this.#sign(request, state, uri) } };
  }

  #sign(request: PreparedRequest, state: DigestState, uri: string): string {
    const { challenge } = state;
    const algorithm = (challenge['algorithm'] ?? 'MD5').toUpperCase();
    const hashName = DIGEST_HASHES[algorithm]!;
    const hash = (text: string): string => createHash(hashName).update(text, 'utf8').digest('hex');
    const realm = challenge['realm']!;
    const nonce = challenge['nonce']!;
    const qops = (challenge['qop'] ?? '').split(',').map((item) => item.trim().toLowerCase());
    const useQop = qops.includes('auth');
    if (challenge['qop'] !== undefined && !useQop) {
      throw new InvalidOptionError('auth', `the server asks for Digest qop=${challenge['qop']}; only qop=auth is supported`);
    }
    state.count += 1;
    const nc = state.count.toString(16).padStart(8, '0');
    const cnonce = randomBytes(16).toString('hex');
    let ha1 = hash(`${this.#username}:${realm}:${this.#password}`);
    if (algorithm.endsWith('-SESS')) ha1 = hash(`${ha1}:${nonce}:${cnonce}`);
    const ha2 = hash(`${request.method}:${uri}`);
    const digest = useQop ? hash(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`) : hash(`${ha1}:${nonce}:${ha2}`);
    const parts = [
      `username=${quote(this.#username)}`,
      `realm=${quote(realm)}`,
      `nonce=${quote(nonce)}`,
      `uri=${quote(uri)}`,
      `algorithm=${challenge['algorithm'] ?? 'MD5'}`,
      `response=${quote(digest)}`,
    ];
    if (challenge['opaque'] !== undefined) parts.push(`opaque=${quote(challenge['opaque'])}`);
    if (useQop) parts.push('qop=auth', `nc=${nc}`, `cnonce=${quote(cnonce)}`);
    return 'Digest ' + parts.join(', ');
  }
}

/** One AuthHandler for whatever form the `auth` option took. */
export function toAuthHandler(auth: Auth | undefined): AuthHandler | undefined {
  if (auth === undefined) return undefined;
  if (Array.isArray(auth)) {
    const [username, password] = auth as readonly [unknown, unknown];
    if (typeof username !== 'string' || typeof password !== 'string') {
      throw new InvalidOptionError('auth', "expected ['user', 'pass'], an auth object, or a function");
    }
    return new BasicAuth(username, password);
  }
  if (typeof auth === 'function') return { apply: auth as AuthFunction };
  if (typeof auth === 'object' && auth !== null && typeof (auth as AuthHandler).apply === 'function') return auth as AuthHandler;
  throw new InvalidOptionError('auth', "expected ['user', 'pass'], an auth object with apply(), or a function");
}
