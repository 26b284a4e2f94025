/**
 * Where a call goes when the document names its own server for it (Stripe's `POST /v1/files` on
 * files.stripe.com, GitHub's asset upload on uploads.github.com), and which origins the session's
 * credentials may go to. The user's `servers` option maps a document's server URLs to other ones;
 * an operation's own server that is not mapped is used as it is only while the session's base
 * location is still the document's own, else the call follows the session's base location: a
 * client pointed at a mock never reaches the real host of an operation it did not map.
 */
import { InvalidOptionError } from './errors.js';
import { parseBase } from './url.js';
import type { ParsedBase } from './url.js';

/** The document's server URLs (as it writes them, a trailing `/` or not) to the URLs to use instead. */
export type ServerMap = Readonly<Record<string, string>>;

/** A server URL as they are compared: parsed, without a trailing slash. */
export function serverKey(option: string, url: string): string {
  const parsed = parseBase(option, url);
  return (parsed.origin + parsed.pathname).replace(/\/+$/, '');
}

export class Servers {
  readonly #targets = new Map<string, ParsedBase>();
  /** Origins the user named as targets: credentials may go there. */
  readonly origins = new Set<string>();

  constructor(map: ServerMap | undefined) {
    if (map === undefined) return;
    if (typeof map !== 'object' || map === null || Array.isArray(map)) throw new InvalidOptionError('servers', 'expected an object mapping the document\'s server URLs to yours');
    for (const [from, to] of Object.entries(map)) {
      if (typeof to !== 'string') throw new InvalidOptionError('servers', `the server ${JSON.stringify(from)} maps to ${typeof to}; expected a URL`);
      const target = parseBase(`servers[${JSON.stringify(from)}]`, to);
      this.#targets.set(serverKey('servers', from), target);
      this.origins.add(target.origin);
    }
  }

  /** The user's URL for a document's server, when mapped; `option` names the URL when it is no URL. */
  mapped(url: string, option = 'server'): ParsedBase | undefined {
    return this.#targets.size === 0 ? undefined : this.#targets.get(serverKey(option, url));
  }
}
