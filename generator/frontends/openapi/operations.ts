/**
 * `paths` to methods, one per operation, in document order. Where each method sits and what it is
 * called there (`repos.getContent`, `customers.list`) is resources.ts's one rule, over every
 * operation of the document at once. The wire name (the operationId, or `get /pets/{petId}`)
 * goes to JSDoc. A `#` in a path key (a trick to list two operations on one path) and what follows
 * it are not sent, as a browser would not send them either. `trace` has no Session method and is left out with a warning.
 */
import { argsTypeName, errorTypeName } from '../../model/names.js';
import { placeOperations } from './resources.js';
import type { OperationFacts } from './resources.js';
import { HTTP_METHODS, NO_CALL_DEFAULTS } from '../../model/types.js';
import type { HttpMethod, MethodModel, TypeRef } from '../../model/types.js';
import { child, entries } from './context.js';
import type { Context, Node } from './context.js';
import { textDocs } from './docs.js';
import { detectPagination } from './pagination.js';
import { readParameters } from './parameters.js';
import { parsePathTemplate } from './path-template.js';
import { readRequestBody } from './request-body.js';
import { readResponses, withAlsoServed, withStream } from './responses.js';
import type { Schemas } from './schema.js';
import { readSecurity } from './security.js';
import type { Security } from './security.js';
import { readMethodServer } from './servers.js';
import type { RootLocation } from './servers.js';

const OPERATION_KEYS: ReadonlySet<string> = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** What every operation shares: the document's servers and security schemes. */
export interface Shared {
  readonly root: RootLocation;
  readonly security: Security;
}

/** An operation before it is placed: where it sits and its names come from every operation at once. */
type Unplaced = Omit<MethodModel, 'resource' | 'name' | 'argsType' | 'errorType'>;

function readOperation(ctx: Context, schemas: Schemas, shared: Shared, item: Node, op: Node, key: string, path: { key: string; node: Node; placeholders: readonly string[]; parts: MethodModel['path'] }): Unplaced | undefined {
  const operation = ctx.object(op);
  if (operation === undefined) return undefined;
  const httpMethod = key.toUpperCase() as HttpMethod;
  const operationId = typeof operation['operationId'] === 'string' && operation['operationId'].trim() !== '' ? operation['operationId'] : undefined;
  // Without an operationId the wire name, which JSDoc shows, is the route: `get /pets/{petId}`.
  const wireName = operationId ?? `${key} ${path.key}`;
  const { result: read, offer, also, errors, resultSite } = readResponses(ctx, schemas, child(op, 'responses'), httpMethod);
  const body = readRequestBody(ctx, schemas, child(op, 'requestBody'));
  const result = withStream(ctx, schemas, read, offer, body);
  const params = readParameters(ctx, schemas, child(item, 'parameters'), child(op, 'parameters'), path);
  const { root } = shared;
  return {
    wireName,
    // The media types a call may ask for with `accept`: all but the result's own and a stream the body asks for.
    docs: withAlsoServed(textDocs(operation), result.stream === undefined ? also : also.filter((mediaType) => mediaType !== offer?.media.mediaType)),
    httpMethod,
    path: path.parts,
    baseLocation: (readMethodServer(ctx, child(op, 'servers'), root) ?? readMethodServer(ctx, child(item, 'servers'), root))?.url,
    // The operation's own, as written; securityOf keeps it only where it differs from the client's.
    security: readSecurity(ctx, child(op, 'security'), shared.security),
    params,
    body,
    headers: [],
    result,
    errors,
    pagination: detectPagination(ctx, schemas, { operation: op, httpMethod, params, result, response: resultSite }),
    defaults: NO_CALL_DEFAULTS,
    origin: ctx.origin(op),
  };
}

/** Whether `type` is an array, through named aliases (the classic petstore's `Pets`): a list to read. */
function isList(type: TypeRef | undefined, named: ReadonlyMap<string, TypeRef>, seen = new Set<string>()): boolean {
  if (type?.kind === 'array') return true;
  if (type?.kind !== 'named' || seen.has(type.name)) return false;
  seen.add(type.name);
  return isList(named.get(type.name), named, seen);
}

/** The operation's own `x-` keys, for the placement rule. */
function extensionsOf(operation: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(operation).filter(([key]) => key.startsWith('x-')));
}

export function readOperations(ctx: Context, schemas: Schemas, paths: Node, shared: Shared): MethodModel[] {
  const methods: Unplaced[] = [];
  const facts: Omit<OperationFacts, 'lists'>[] = [];
  const sites: Node[] = [];
  ctx.object(paths);
  for (const [key, site] of entries(paths)) {
    if (key.startsWith('x-')) continue;
    const item = ctx.deref(site);
    if (item === undefined || ctx.object(item) === undefined) continue;
    let pathKey = key;
    if (!pathKey.startsWith('/')) {
      ctx.report('unsupportedConstruct', site, `a path without a leading "/" (${JSON.stringify(key)})`, 'it is read as if it had one');
      pathKey = `/${key}`;
    }
    const hash = pathKey.indexOf('#');
    if (hash !== -1) {
      ctx.report('unsupportedConstruct', site, `a "#" in the path ${JSON.stringify(key)}`, `the path is sent as ${JSON.stringify(pathKey.slice(0, hash))}`);
      pathKey = pathKey.slice(0, hash);
    }
    const template = parsePathTemplate(pathKey);
    if ('error' in template) {
      ctx.report('badPathTemplate', site, key, template.error);
      continue;
    }
    const path = { key: pathKey, node: site, placeholders: template.placeholders, parts: template.parts };
    for (const [operationKey, op] of entries(item)) {
      if (!OPERATION_KEYS.has(operationKey)) continue;
      if (!(HTTP_METHODS as readonly string[]).includes(operationKey.toUpperCase())) {
        ctx.report('unsupportedConstruct', op, `the ${operationKey.toUpperCase()} method`, 'the operation is left out; call it with session.request()');
        continue;
      }
      const method = readOperation(ctx, schemas, shared, item, op, operationKey, path);
      if (method === undefined) continue;
      const operation = ctx.object(op)!;
      methods.push(method);
      sites.push(op);
      facts.push({
        httpMethod: method.httpMethod,
        pathKey,
        operationId: typeof operation['operationId'] === 'string' && operation['operationId'].trim() !== '' ? operation['operationId'].trim() : undefined,
        tags: Array.isArray(operation['tags']) ? (operation['tags'] as unknown[]) : [],
        extensions: extensionsOf(operation),
      });
    }
  }
  // Named types are all read once every operation is: only then can an alias be followed.
  const named = new Map(schemas.types.map((type) => [type.name, type.type]));
  const placements = placeOperations(facts.map((fact, index) => ({ ...fact, lists: methods[index]!.pagination !== undefined || isList(methods[index]!.result.type, named) })));
  return methods.map((method, index) => {
    const { resource, name, ignored } = placements[index]!;
    if (ignored !== undefined) ctx.report('placementExtension', sites[index]!, ignored);
    return { ...method, resource, name, argsType: argsTypeName(resource, name), errorType: errorTypeName(resource, name) };
  });
}
