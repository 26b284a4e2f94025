import { InvalidOptionError } from './errors.js';
import { NoProxy } from './no-proxy.js';

/** One proxy: where it listens and what it is told in `Proxy-Authorization`. */
export interface ProxyServer {
  readonly hostname: string;
  readonly port: string;
  /** `Basic ...` from the proxy URL's user and password; sent to the proxy only. */
  readonly authorization: string | undefined;
  /** The proxy URL with its password masked, for messages. */
  readonly shown: string;
}

/** Environment variables as `trustEnv` reads them; `process.env` by default. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** Parses a proxy URL. A value without a scheme is taken as http, as requests and curl do. */
export function parseProxy(option: string, text: string): ProxyServer {
  if (typeof text !== 'string' || text.trim() === '') throw new InvalidOptionError(option, `expected a proxy URL such as http://user:pass@proxy:3128; got ${JSON.stringify(text)}`);
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    throw new InvalidOptionError(option, `not a URL: ${JSON.stringify(text)}`);
  }
  const shown = url.password === '' ? url.origin : `${url.protocol}//${url.username}:***@${url.host}`;
  // https and SOCKS proxies are not supported: refused by name, never silently sent in the clear.
  if (url.protocol !== 'http:') throw new InvalidOptionError(option, `only http:// proxies are supported (https origins go through them by CONNECT); got ${shown}`);
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  const authorization = user === '' && password === '' ? undefined : `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  return { hostname: url.hostname, port: url.port === '' ? '80' : url.port, authorization, shown };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/**
 * A variable as requests reads it: the lower-case name first, then the upper-case one. Under CGI
 * (REQUEST_METHOD set) `HTTP_PROXY` is a client's `Proxy:` request header, not configuration
 * (httpoxy), so only `http_proxy` counts there, as in Python's urllib.
 */
function variable(env: Environment, name: string): string | undefined {
  const lower = nonEmpty(env[name.toLowerCase()]);
  if (lower !== undefined) return lower;
  if (name === 'HTTP_PROXY' && env['REQUEST_METHOD'] !== undefined) return undefined;
  return nonEmpty(env[name]);
}

/** Which proxy, if any, each origin's connections go through. */
export class ProxyRoutes {
  readonly #http: ProxyServer | undefined;
  readonly #https: ProxyServer | undefined;
  readonly #noProxy: NoProxy | undefined;

  constructor(http: ProxyServer | undefined, https: ProxyServer | undefined, noProxy: string | undefined) {
    this.#http = http;
    this.#https = https;
    this.#noProxy = noProxy === undefined ? undefined : new NoProxy(noProxy);
  }

  /** The proxy for connections to `origin` (`scheme://host[:port]`), or undefined to go direct. */
  route(origin: string): ProxyServer | undefined {
    const url = new URL(origin);
    const proxy = url.protocol === 'https:' ? this.#https : this.#http;
    if (proxy === undefined || this.#noProxy?.bypasses(url) === true) return undefined;
    return proxy;
  }
}

/**
 * The session's routes: `proxy` for every origin, else (with `trustEnv`) `HTTP_PROXY` for http
 * origins and `HTTPS_PROXY` for https ones (`ALL_PROXY` for either), bypassed per `NO_PROXY`.
 * With both, `proxy` replaces the environment's proxies and `NO_PROXY` still applies, as in
 * requests. Undefined when no call goes through a proxy.
 */
export function toProxyRoutes(proxy: string | undefined, trustEnv: boolean | undefined, env: Environment = process.env): ProxyRoutes | undefined {
  if (trustEnv !== undefined && typeof trustEnv !== 'boolean') throw new InvalidOptionError('trustEnv', `expected true or false; got ${String(trustEnv)}`);
  const given = proxy === undefined ? undefined : parseProxy('proxy', proxy);
  if (trustEnv !== true) return given === undefined ? undefined : new ProxyRoutes(given, given, undefined);
  const fromEnv = (name: string): ProxyServer | undefined => {
    const value = variable(env, name) ?? variable(env, 'ALL_PROXY');
    return value === undefined ? undefined : parseProxy(`trustEnv (${name})`, value);
  };
  const http = given ?? fromEnv('HTTP_PROXY');
  const https = given ?? fromEnv('HTTPS_PROXY');
  if (http === undefined && https === undefined) return undefined;
  return new ProxyRoutes(http, https, variable(env, 'NO_PROXY'));
}
