import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type * as ToughCookie from 'tough-cookie';
import type { CookieJar } from 'tough-cookie';
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

/** Stores what a response set. A cookie the rules refuse (wrong domain, public suffix) is dropped, not thrown. */
export async function storeCookies(jar: CookieJar, url: string, setCookie: string | string[] | undefined): Promise<void> {
  if (setCookie === undefined) return;
  for (const line of Array.isArray(setCookie) ? setCookie : [setCookie]) {
    await jar.setCookie(line, url, { ignoreError: true });
  }
}
