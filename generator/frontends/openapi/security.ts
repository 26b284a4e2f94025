/**
 * `securitySchemes` and `security` to per-scheme credentials: http basic, bearer and digest as
 * themselves, apiKey in a header, the query or a cookie by its name, oauth2 and openIdConnect as a
 * bearer token the user supplies. Each scheme becomes an optional constructor option; each
 * operation keeps its own `security` (OR of ANDs, scopes dropped: they are not sent) where it
 * differs from the root's. An alternative naming a scheme the document lacks is left out with a
 * warning; one naming a scheme of a type the client cannot send is left out too (that type was warned of).
 */
import { TOKEN } from '../../model/http-token.js';
import { schemeOptionName, UniqueNames } from '../../model/names.js';
import type { AuthModel, SecurityModel, SecuritySchemeModel } from '../../model/types.js';
import { child, entries, kindOf } from './context.js';
import type { Context, Node } from './context.js';
import { textDocs } from './docs.js';

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

export interface Security {
  readonly schemes: readonly SecuritySchemeModel[];
  /** Every name `components.securitySchemes` defines, usable or not. */
  readonly defined: ReadonlySet<string>;
}

/** The document's security schemes, in document order, each with its constructor option. */
export function readSecuritySchemes(ctx: Context, root: Node): Security {
  const node = child(child(root, 'components'), 'securitySchemes');
  ctx.object(node);
  const names = new UniqueNames();
  const schemes: SecuritySchemeModel[] = [];
  const defined = new Set<string>();
  for (const [wireName, site] of entries(node)) {
    defined.add(wireName);
    const scheme = ctx.deref(site);
    const auth = scheme === undefined ? undefined : toAuth(ctx, scheme);
    if (auth === undefined) continue;
    schemes.push({ wireName, name: names.claim(schemeOptionName(wireName)), auth, docs: textDocs(ctx.object(scheme!)) });
  }
  return { schemes, defined };
}

/** A `security` list as alternatives of usable scheme names, or undefined where there is none. */
export function readSecurity(ctx: Context, node: Node, security: Security): SecurityModel | undefined {
  if (node.value === undefined) return undefined;
  const usable = new Set(security.schemes.map((scheme) => scheme.wireName));
  const alternatives: string[][] = [];
  for (const requirement of ctx.list(node)) {
    const object = ctx.object(requirement);
    if (object === undefined) continue;
    const names = Object.keys(object);
    const unknown = names.find((name) => !security.defined.has(name));
    if (unknown !== undefined) ctx.report('unknownSecurityScheme', child(requirement, unknown), unknown, [...security.defined]);
    if (names.every((name) => usable.has(name))) alternatives.push(names);
  }
  return alternatives;
}

/** Whether two security lists send the same. */
function sameSecurity(a: SecurityModel | undefined, b: SecurityModel | undefined): boolean {
  return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
}

/**
 * The client's security and each method's own where it differs. Without a root `security` the
 * one more than half the operations name stands in for it (Slack and Twilio name theirs on every operation),
 * and an operation naming none then says `[]`: the same calls, without a literal on every method.
 */
export function securityOf<M extends { readonly security: SecurityModel | undefined }>(root: SecurityModel | undefined, methods: readonly M[]): { security: SecurityModel | undefined; methods: M[] } {
  let client = root;
  if (root === undefined) {
    const counts = new Map<string, { security: SecurityModel; count: number }>();
    for (const { security } of methods) {
      if (security === undefined || security.length === 0) continue;
      const key = JSON.stringify(security);
      const seen = counts.get(key) ?? { security, count: 0 };
      counts.set(key, { security, count: seen.count + 1 });
    }
    // Only one can be named by more than half.
    client = [...counts.values()].find(({ count }) => count * 2 > methods.length)?.security;
  }
  const own = (security: SecurityModel | undefined): SecurityModel | undefined => {
    if (security === undefined) return client === root ? undefined : [];
    return sameSecurity(security, client) ? undefined : security;
  };
  return { security: client, methods: methods.map((method) => ({ ...method, security: own(method.security) })) };
}


