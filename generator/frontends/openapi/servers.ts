/**
 * `servers` to base locations. The document's first server, with each `{variable}` replaced by
 * its default, is split into the client's `baseLocation` (scheme and host) and `endpoint` (its
 * path), so a user can point the client at another host (GitHub Enterprise) and keep the rest.
 * A relative first server (`/api/v3`) gives only the endpoint, with a warning: the user passes
 * the base location. Per-path and per-operation `servers` replace both for that method, as one
 * absolute URL; a relative one is resolved against the document's first server as URLs resolve
 * (`files` gives `.../v1/files`, `/files` replaces the path).
 */
import { child, entries, isObject } from './context.js';
import type { Context, Node } from './context.js';

export interface RootLocation {
  readonly baseLocation: string | undefined;
  readonly endpoint: string | undefined;
  /** The first server as one absolute URL, when it is one: what relative per-operation servers resolve against. */
  readonly absolute: string | undefined;
}

const PLACEHOLDER_BASE = 'http://relative.invalid';

/** The first server's URL with its variables' defaults in, or undefined when there is none. */
function firstServerUrl(ctx: Context, servers: Node): { url: string; node: Node } | undefined {
  const first = ctx.list(servers)[0];
  if (first === undefined) return undefined;
  const server = ctx.object(first);
  if (server === undefined) return undefined;
  const url = ctx.string(child(first, 'url'));
  if (url === undefined) {
    if (server['url'] === undefined) ctx.report('missingKey', first, 'url');
    return undefined;
  }
  const variables = child(first, 'variables');
  const values = new Map(entries(variables).map(([name, variable]) => [name, variable.value]));
  const filled = url.replace(/\{([^}]*)\}/g, (_, name: string) => {
    const variable = values.get(name);
    if (isObject(variable) && variable['default'] !== undefined) return String(variable['default']);
    // Invalid without a default, but the first allowed value is what a user would pick.
    const fallback = isObject(variable) && Array.isArray(variable['enum']) ? variable['enum'][0] : undefined;
    const used = fallback === undefined ? '' : String(fallback);
    ctx.report('serverVariableDefault', variables.value === undefined ? first : variables, name, used);
    return used;
  });
  return { url: filled, node: first };
}

function trimSlash(path: string): string {
  return path.replace(/\/+$/, '');
}

function absoluteUrl(url: string): URL | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function readRootServers(ctx: Context, servers: Node): RootLocation {
  const first = firstServerUrl(ctx, servers);
  if (first === undefined) return { baseLocation: undefined, endpoint: undefined, absolute: undefined };
  const absolute = absoluteUrl(first.url);
  if (absolute !== undefined) {
    const endpoint = trimSlash(absolute.pathname);
    return { baseLocation: absolute.origin, endpoint: endpoint === '' ? undefined : endpoint, absolute: `${absolute.origin}${endpoint}` };
  }
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(first.url)) {
    ctx.report('unsupportedConstruct', child(first.node, 'url'), `the server URL ${JSON.stringify(first.url)}`, 'only http and https are used; pass baseLocation when you construct the client');
    return { baseLocation: undefined, endpoint: undefined, absolute: undefined };
  }
  ctx.report('relativeServer', child(first.node, 'url'), first.url);
  const endpoint = trimSlash(new URL(first.url, `${PLACEHOLDER_BASE}/`).pathname);
  return { baseLocation: undefined, endpoint: endpoint === '' ? undefined : endpoint, absolute: undefined };
}

/**
 * A path's or operation's own first server: undefined when it has none, else `url` as an absolute
 * URL (undefined when it is the document's own, or unusable).
 */
export function readMethodServer(ctx: Context, servers: Node, root: RootLocation): { url: string | undefined } | undefined {
  const first = firstServerUrl(ctx, servers);
  if (first === undefined) return undefined;
  let resolved = absoluteUrl(first.url);
  if (resolved === undefined && root.absolute !== undefined && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(first.url)) {
    resolved = absoluteUrl(new URL(first.url, `${root.absolute}/`).href);
  }
  if (resolved === undefined) {
    ctx.report('unsupportedConstruct', child(first.node, 'url'), `the server URL ${JSON.stringify(first.url)} here`, 'the document\'s own base location is used');
    return { url: undefined };
  }
  const url = `${resolved.origin}${trimSlash(resolved.pathname)}`;
  return { url: url === root.absolute ? undefined : url };
}
