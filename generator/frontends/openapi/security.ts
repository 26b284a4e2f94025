/**
 * `securitySchemes` to the client's auth: http basic, bearer and digest as themselves, apiKey
 * in a header, the query or a cookie by its name, oauth2 and openIdConnect as a bearer token
 * the user supplies. The constructor takes one secret, so of several schemes the client uses
 * the first that the root `security` names (else the first an operation names, else the first
 * defined) and a warning names the others, which a user can still give per call as `auth`.
 */
import { TOKEN } from '../../model/http-token.js';
import type { AuthModel } from '../../model/types.js';
import { child, entries, isObject, kindOf } from './context.js';
import type { Context, Node } from './context.js';

function toAuth(ctx: Context, node: Node): AuthModel | undefined {
  const scheme = ctx.object(node);
  if (scheme === undefined) return undefined;
  const type = scheme['type'];
  switch (type) {
    case 'http': {
      const name = typeof scheme['scheme'] === 'string' ? scheme['scheme'].toLowerCase() : '';
      if (name === 'basic' || name === 'bearer' || name === 'digest') return { scheme: name };
      ctx.report('unsupportedConstruct', child(node, 'scheme'), `the http auth scheme ${JSON.stringify(scheme['scheme'] ?? null)}`, 'give credentials per call with the auth option');
      return undefined;
    }
    case 'apiKey': {
      const where = scheme['in'];
      const name = scheme['name'];
      if (typeof name !== 'string') {
        ctx.report('wrongType', child(node, 'name'), 'a string', kindOf(name));
        return undefined;
      }
      if (where !== 'header' && where !== 'query' && where !== 'cookie') {
        ctx.report('wrongType', child(node, 'in'), 'one of header, query, cookie', kindOf(where));
        return undefined;
      }
      if (name === '' || (where !== 'query' && !TOKEN.test(name))) {
        // No request can carry it, and a spec's api_key could not name it.
        ctx.report('unsupportedConstruct', child(node, 'name'), `an apiKey ${where} named ${JSON.stringify(name)}`, 'give credentials per call with the auth option');
        return undefined;
      }
      return { scheme: 'apiKey', in: where, name };
    }
    case 'oauth2':
    case 'openIdConnect':
      return { scheme: 'bearer' };
    default:
      ctx.report('unsupportedConstruct', child(node, 'type'), `the security scheme type ${JSON.stringify(type ?? null)}`, 'the client has no auth of its own for it');
      return undefined;
  }
}

/** Scheme names a `security` list names, in order. */
export function securityNames(ctx: Context, security: Node): string[] {
  return ctx.list(security).flatMap((requirement) => (isObject(requirement.value) ? Object.keys(requirement.value) : []));
}

export function readAuth(ctx: Context, root: Node, operationSchemes: readonly string[]): AuthModel | undefined {
  const schemes = child(child(root, 'components'), 'securitySchemes');
  ctx.object(schemes);
  const defined = new Map(entries(schemes));
  if (defined.size === 0) return undefined;
  const order = [...securityNames(ctx, child(root, 'security')), ...operationSchemes, ...defined.keys()];
  for (const name of new Set(order)) {
    const site = defined.get(name);
    const node = site === undefined ? undefined : ctx.deref(site);
    const auth = node === undefined ? undefined : toAuth(ctx, node);
    if (auth === undefined) continue;
    if (defined.size > 1) ctx.report('authChoice', schemes, name, [...defined.keys()].filter((other) => other !== name));
    return auth;
  }
  return undefined;
}
