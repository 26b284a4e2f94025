import type { ResponseHeaders } from './response.js';
import { parseRetryAfter } from './retry.js';

/**
 * Above this an `X-RateLimit-Reset` is a Unix time in seconds (GitHub, Twitter); below, seconds
 * from now (some APIs send a delta under the same name). 10^9 s is 2001: no delta is that long.
 */
const EPOCH_SECONDS = 1e9;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** A whole, non-negative number of the header's text, else undefined: a wrong value must not hold the queue. */
function count(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : undefined;
}

/** `X-RateLimit-Remaining: 0` with `X-RateLimit-Reset` (epoch seconds, or a delta when small): ms to wait. */
function githubWait(headers: ResponseHeaders, now: number): number | undefined {
  if (count(first(headers['x-ratelimit-remaining'])) !== 0) return undefined;
  const reset = count(first(headers['x-ratelimit-reset']));
  if (reset === undefined) return undefined;
  return reset > EPOCH_SECONDS ? Math.max(0, reset * 1000 - now) : reset * 1000;
}

/** The IETF draft's separate fields: `RateLimit-Remaining: 0` and `RateLimit-Reset` in delta seconds. */
function draftFieldsWait(headers: ResponseHeaders): number | undefined {
  if (count(first(headers['ratelimit-remaining'])) !== 0) return undefined;
  const reset = count(first(headers['ratelimit-reset']));
  return reset === undefined ? undefined : reset * 1000;
}

/**
 * The draft's one `RateLimit` field, in both its shapes: a list of policies with parameters
 * (`"default";r=0;t=30`, draft 07 on) or a dictionary (`limit=10, remaining=0, reset=30`, up to
 * draft 06). The longest reset among exhausted policies, in ms.
 */
function draftFieldWait(value: string | string[] | undefined): number | undefined {
  if (value === undefined) return undefined;
  const members = (Array.isArray(value) ? value.join(',') : value).split(',');
  let wait: number | undefined;
  if (members.some((member) => member.includes(';'))) {
    for (const member of members) {
      const params = new Map(member.split(';').slice(1).map((param) => splitPair(param)));
      const remaining = count(params.get('r'));
      const reset = count(params.get('t'));
      if (remaining === 0 && reset !== undefined) wait = Math.max(wait ?? 0, reset * 1000);
    }
    return wait;
  }
  const dictionary = new Map(members.map((member) => splitPair(member)));
  const reset = count(dictionary.get('reset'));
  return count(dictionary.get('remaining')) === 0 && reset !== undefined ? reset * 1000 : undefined;
}

function splitPair(text: string): [string, string | undefined] {
  const at = text.indexOf('=');
  if (at === -1) return [text.trim().toLowerCase(), undefined];
  return [text.slice(0, at).trim().toLowerCase(), text.slice(at + 1)];
}

/**
 * How long, in ms, the server asks the session to stop sending: its quota is used up (any of the
 * headers above says 0 remain) or it answered 429 with `Retry-After`. The longest of what they
 * say; undefined when none of them asks for a pause.
 */
export function rateLimitWait(status: number, headers: ResponseHeaders, now = Date.now()): number | undefined {
  let wait: number | undefined;
  for (const each of [githubWait(headers, now), draftFieldsWait(headers), draftFieldWait(headers['ratelimit']), status === 429 ? parseRetryAfter(headers['retry-after'], now) : undefined]) {
    if (each !== undefined) wait = Math.max(wait ?? 0, each);
  }
  return wait;
}
