/**
 * The spec's auth keys: `auth` (one scheme whose secret the constructor requires, sent on every
 * call), or `security_schemes` (each scheme an optional constructor option, named from its key)
 * with `security` at the top and per path: alternatives in order, an item that is a list naming
 * schemes sent together, `[]` sending none. What `import` prints for an OpenAPI document's security.
 */
import type { DiagnosticSink } from '../../diagnostics.js';
import { schemeOptionName, UniqueNames } from '../../model/names.js';
import type { AuthModel, SecurityModel, SecuritySchemeModel } from '../../model/types.js';
import { TOKEN } from './headers.js';
import type { SpecNode } from './load.js';
import { checkKeys, describe, expectMap, expectString, join } from './nodes.js';
import { API_KEY_PLACES, AUTH_SCHEMES, SECURITY_SCHEME_KEYS } from './spec-format.js';

function choice<T extends string>(node: SpecNode, at: string, choices: readonly T[], sink: DiagnosticSink): T | undefined {
  const value = expectString(node, at, sink);
  if (value === undefined) return undefined;
  const found = choices.find((candidate) => candidate === value);
  if (found === undefined) sink.report('badChoice', node.position, at, choices, value);
  return found;
}

/**
 * `basic` (digest, bearer), or `{ scheme: api_key, in: header, name: X-API-Key }`; in
 * `security_schemes` a map may also have a `description`.
 */
export function readAuth(node: SpecNode, at: string, sink: DiagnosticSink, withDescription = false): { auth: AuthModel; description: string | undefined } | undefined {
  if (node.kind !== 'map') {
    const scheme = choice(node, at, AUTH_SCHEMES, sink);
    if (scheme === 'api_key') sink.report('apiKeyPlace', node.position, at);
    return scheme === undefined || scheme === 'api_key' ? undefined : { auth: { scheme }, description: undefined };
  }
  const allowed = withDescription ? SECURITY_SCHEME_KEYS : { scheme: SECURITY_SCHEME_KEYS.scheme, in: SECURITY_SCHEME_KEYS.in, name: SECURITY_SCHEME_KEYS.name };
  const keys = checkKeys(node, allowed, at, sink);
  const scheme = keys.has('scheme') ? choice(keys.get('scheme')!.value, join(at, 'scheme'), AUTH_SCHEMES, sink) : undefined;
  const place = keys.has('in') ? choice(keys.get('in')!.value, join(at, 'in'), API_KEY_PLACES, sink) : undefined;
  const name = keys.has('name') ? expectString(keys.get('name')!.value, join(at, 'name'), sink) : undefined;
  const description = keys.has('description') ? expectString(keys.get('description')!.value, join(at, 'description'), sink) : undefined;
  if (scheme !== 'api_key') return scheme === undefined ? undefined : { auth: { scheme }, description };
  if (place === undefined || name === undefined || name === '') {
    // An empty name would leave the client without its auth, silently.
    if (!keys.has('in') || !keys.has('name') || name === '') sink.report('apiKeyPlace', node.position, at);
    return undefined;
  }
  // The runtime refuses a header or cookie name that is not a token: the constructor would always throw.
  if (place !== 'query' && !TOKEN.test(name)) {
    sink.report(place === 'header' ? 'badHeaderName' : 'badCookieName', keys.get('name')!.value.position, join(at, 'name'), name);
    return undefined;
  }
  return { auth: { scheme: 'apiKey', in: place, name }, description };
}

/** `security_schemes`: each key a scheme, its constructor option named from the key by the one rule. */
export function readSecuritySchemes(node: SpecNode, sink: DiagnosticSink): SecuritySchemeModel[] {
  const map = expectMap(node, 'security_schemes', sink);
  const names = new UniqueNames();
  const schemes: SecuritySchemeModel[] = [];
  for (const entry of map?.entries ?? []) {
    const read = readAuth(entry.value, join('security_schemes', entry.key), sink, true);
    if (read === undefined) continue;
    schemes.push({ wireName: entry.key, name: names.claim(schemeOptionName(entry.key)), auth: read.auth, docs: read.description === undefined ? {} : { description: read.description } });
  }
  return schemes;
}

/** `security: [a, [b, c], []]`: alternatives of scheme names; a name `security_schemes` lacks is reported and its alternative left out. */
export function readSecurity(node: SpecNode, at: string, schemes: readonly string[], sink: DiagnosticSink): SecurityModel | undefined {
  if (node.kind !== 'list') {
    sink.report('wrongType', node.position, at, 'a list of scheme names', describe(node));
    return undefined;
  }
  const alternatives: string[][] = [];
  node.items.forEach((item, index) => {
    const itemAt = `${at}[${index}]`;
    const parts = item.kind === 'list' ? item.items : [item];
    const names = parts.map((part) => expectString(part, itemAt, sink));
    if (names.some((name) => name === undefined)) return;
    const unknown = names.find((name) => !schemes.includes(name!));
    if (unknown !== undefined) {
      sink.report('unknownSecurityScheme', item.position, itemAt, unknown, schemes);
      return;
    }
    alternatives.push(names as string[]);
  });
  return alternatives;
}
