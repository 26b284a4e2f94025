import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type * as ToughCookie from 'tough-cookie';
import type { Cookie, CookieJar } from 'tough-cookie';
import { InvalidOptionError } from './errors.js';
import { isToken } from './headers.js';

let toughCookie: typeof ToughCookie | undefined;

/**
 * tough-cookie, loaded on first use: most sessions keep no cookies, and loading it costs about
 * 13 MB (the public suffix list) in every process. require() of its ES module (Node 20.19 and
 * later) returns the very module an `import` does, so the user's CookieJar and Cookie classes
 * and ours are the same; Node 20.18 cannot require an ES module and gets the CommonJS build.
 */
function loadToughCookie(): typeof ToughCookie {
  if (toughCookie !== undefined) return toughCookie;
  const require = createRequire(import.meta.url);
  try {
    toughCookie = require(fileURLToPath(import.meta.resolve('tough-cookie'))) as typeof ToughCookie;
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ERR_REQUIRE_ESM') throw error;
    toughCookie = require('tough-cookie') as typeof ToughCookie;
  }
  return toughCookie;
}

/**
 * A jar for a session that persists cookies. tough-cookie applies the cookie rules (domain,
 * path, Secure, expiry, public suffixes); Secure cookies are kept off plain http even on
 * localhost, where tough-cookie would otherwise allow them.
 */
export function newCookieJar(): CookieJar {
  const { CookieJar } = loadToughCookie();
  return new CookieJar(undefined, { rejectPublicSuffixes: true, allowSecureOnLocal: false });
}

// A cookie name is a token; a value may not hold controls, whitespace, `"`, `,`, `;` or `\` (RFC 6265 §4.1.1).
const COOKIE_VALUE = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/;

/** A name and value that can stand in a Cookie header as they are. */
export function isCookiePair(name: string, value: string): boolean {
  return isToken(name) && COOKIE_VALUE.test(value);
}

/** The Cookie header for one call: the jar's cookies for the URL, with the call's own over them by name. */
export async function cookieHeader(
  jar: CookieJar | undefined,
  url: string,
  callCookies: Record<string, string> | undefined,
): Promise<string | undefined> {
  // The jar may hold two cookies of one name for different paths; both are sent, longest path first.
  let pairs: [string, string][] = [];
  if (jar !== undefined) {
    for (const cookie of await jar.getCookies(url)) pairs.push([cookie.key, cookie.value]);
  }
  if (callCookies !== undefined) {
    const names = Object.keys(callCookies);
    pairs = pairs.filter(([name]) => !names.includes(name));
    for (const name of names) {
      const value = callCookies[name]!;
      if (!isCookiePair(name, value)) {
        throw new InvalidOptionError('cookies', `cookie ${JSON.stringify(name)} has a name or value that cannot be sent in a Cookie header`);
      }
      pairs.push([name, value]);
    }
  }
  if (pairs.length === 0) return undefined;
  return pairs.map(([name, value]) => name + '=' + value).join('; ');
}

// The limits browsers apply (RFC 6265 §6.1 asks for at least these, and Chrome and Firefox stop
// near them): without them a peer can fill the jar until every later call's Cookie header is
// refused (431) by the very server that set them.
const MAX_COOKIE_BYTES = 4096;
const MAX_PER_DOMAIN = 180;
const MAX_COOKIES = 3000;

/** The bytes of a Set-Cookie line's name=value, the part sent back with every call. */
function pairBytes(line: string): number {
  const semicolon = line.indexOf(';');
  return Buffer.byteLength(semicolon === -1 ? line : line.slice(0, semicolon));
}

function created(cookie: Cookie): number {
  return cookie.creation instanceof Date ? cookie.creation.getTime() : 0;
}

function oldestFirst(a: Cookie, b: Cookie): number {
  const age = created(a) - created(b);
  return age !== 0 ? age : a.creationIndex - b.creationIndex;
}

/** Evicts the oldest cookies of any domain over its count, then the oldest overall past the total. */
async function enforceLimits(jar: CookieJar): Promise<void> {
  const all = await jar.store.getAllCookies();
  if (all.length <= MAX_PER_DOMAIN) return;
  all.sort(oldestFirst);
  const perDomain = new Map<string, number>();
  for (const cookie of all) perDomain.set(cookie.domain ?? '', (perDomain.get(cookie.domain ?? '') ?? 0) + 1);
  let total = all.length;
  for (const cookie of all) {
    const domain = cookie.domain ?? '';
    const count = perDomain.get(domain)!;
    if (count <= MAX_PER_DOMAIN && total <= MAX_COOKIES) continue;
    await jar.store.removeCookie(cookie.domain ?? null, cookie.path ?? null, cookie.key);
    perDomain.set(domain, count - 1);
    total--;
  }
}

/**
 * Stores what a response set. A cookie the rules refuse (wrong domain, public suffix) or over 4096
 * bytes is dropped, not thrown; past the per-domain or total count the oldest cookies go first.
 */
export async function storeCookies(jar: CookieJar, url: string, setCookie: string | string[] | undefined): Promise<void> {
  if (setCookie === undefined) return;
  let stored = false;
  for (const line of Array.isArray(setCookie) ? setCookie : [setCookie]) {
    if (pairBytes(line) > MAX_COOKIE_BYTES) continue;
    if ((await jar.setCookie(line, url, { ignoreError: true })) !== undefined) stored = true;
  }
  if (stored) await enforceLimits(jar);
}
