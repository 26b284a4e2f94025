/**
 * Parameters of one operation: the path item's merged with the operation's own (the operation's
 * replaces one with the same name and location), `$ref`s followed, path ones in placeholder
 * order first. Query `style`/`explode` map to the runtime's QueryStyle: form+explode (the
 * default) repeats the key, form without explode joins with commas, spaceDelimited,
 * pipeDelimited and deepObject as named. Header parameters `Accept`, `Content-Type` and
 * `Authorization` are ignored, as the OpenAPI specification says. A path parameter with
 * `x-multi-segment: true` keeps its slashes (each segment encoded).
 */
import { TOKEN } from '../../model/http-token.js';
import { paramName } from '../../model/names.js';
import type { ParamLocation, ParamModel, QueryStyle, TypeRef } from '../../model/types.js';
import { child, isObject, kindOf } from './context.js';
import type { Context, JsonObject, Node } from './context.js';
import { paramDocs } from './docs.js';
import type { Schemas } from './schema.js';

const STRING: TypeRef = { kind: 'builtin', name: 'string' };

const LOCATIONS: readonly string[] = ['path', 'query', 'header', 'cookie'];
const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

interface RawParam {
  readonly site: Node;
  readonly node: Node;
  readonly param: JsonObject;
  readonly name: string;
  readonly in: ParamLocation;
}

function queryStyle(ctx: Context, node: Node, param: JsonObject): QueryStyle {
  const style = param['style'] ?? 'form';
  const explode = param['explode'] ?? style === 'form';
  switch (style) {
    case 'form':
      return explode === false ? 'comma' : 'repeat';
    case 'spaceDelimited':
      return 'space';
    case 'pipeDelimited':
      return 'pipe';
    case 'deepObject':
      return 'deepObject';
    default:
      ctx.report('unsupportedConstruct', child(node, 'style'), `query style ${JSON.stringify(style)}`, 'the value is sent as repeated keys');
      return 'repeat';
  }
}

function readRaw(ctx: Context, site: Node): RawParam | undefined {
  const node = ctx.deref(site);
  const param = node === undefined ? undefined : ctx.object(node);
  if (node === undefined || param === undefined) return undefined;
  const name = param['name'];
  const location = param['in'];
  if (name === undefined) {
    ctx.report('missingKey', node, 'name');
    return undefined;
  }
  if (typeof name !== 'string') {
    ctx.report('wrongType', child(node, 'name'), 'a string', kindOf(name));
    return undefined;
  }
  if (typeof location !== 'string' || !LOCATIONS.includes(location)) {
    ctx.report('wrongType', child(node, 'in'), 'one of path, query, header, cookie', JSON.stringify(location ?? null));
    return undefined;
  }
  if (name === '' || (location !== 'query' && location !== 'path' && !TOKEN.test(name))) {
    // No request can carry it (a header or cookie name must be a token), and a spec could not name it.
    ctx.report('unsupportedConstruct', child(node, 'name'), `a ${location} parameter named ${JSON.stringify(name)}`, 'it is left out');
    return undefined;
  }
  return { site, node, param, name, in: location as ParamLocation };
}

function paramType(ctx: Context, schemas: Schemas, raw: RawParam): { type: TypeRef; schema: unknown } {
  const schema = child(raw.node, 'schema');
  if (schema.value !== undefined) return { type: schemas.type(schema), schema: schema.value };
  const content = child(raw.node, 'content');
  const first = isObject(content.value) ? Object.keys(content.value)[0] : undefined;
  if (first !== undefined) {
    const mediaSchema = child(child(content, first), 'schema');
    ctx.report('unsupportedConstruct', content, `a parameter serialized as ${JSON.stringify(first)}`, 'its value is typed from the schema and sent with the default style');
    return { type: schemas.type(mediaSchema), schema: mediaSchema.value };
  }
  return { type: { kind: 'builtin', name: 'string' }, schema: undefined };
}

/**
 * `x-multi-segment: true` (GitHub's file paths, branch names): a path value whose slashes separate
 * segments. On a query, header or cookie parameter it changes nothing (a slash there is sent
 * encoded and read back as a slash), so it is read on path parameters only.
 */
function multiSegment(ctx: Context, raw: RawParam): boolean {
  const flag = raw.param['x-multi-segment'];
  if (flag === undefined || raw.in !== 'path') return false;
  if (typeof flag !== 'boolean') {
    // A vendor extension: worth a word, not a stop.
    ctx.report('unsupportedConstruct', child(raw.node, 'x-multi-segment'), `x-multi-segment ${JSON.stringify(flag)} (not true or false)`, 'the value is sent as one segment');
    return false;
  }
  return flag;
}

function toModel(ctx: Context, schemas: Schemas, raw: RawParam): ParamModel {
  const { type: declared, schema } = paramType(ctx, schemas, raw);
  let type = declared;
  if (raw.in !== 'query' && !schemas.isScalar(declared)) {
    // A list or object in a path segment, header or cookie has a style of its own (`a,b`, `;x=1`) the runtime does not write.
    ctx.report('unsupportedConstruct', raw.site, `a ${raw.in} parameter that is a list or an object`, 'it is typed string: pass the value written as the document says');
    type = { kind: 'builtin', name: 'string' };
  }
  const style = raw.in === 'query' ? queryStyle(ctx, raw.node, raw.param) : 'repeat';
  if (raw.in === 'path' && raw.param['style'] !== undefined && raw.param['style'] !== 'simple') {
    ctx.report('unsupportedConstruct', child(raw.node, 'style'), `path style ${JSON.stringify(raw.param['style'])}`, 'the value is sent in the simple style');
  }
  return {
    in: raw.in,
    wireName: raw.name,
    name: paramName(raw.name, raw.in, type),
    required: raw.in === 'path' || raw.param['required'] === true,
    type,
    style,
    ...(multiSegment(ctx, raw) ? { multiSegment: true } : {}),
    docs: paramDocs(raw.param, schema),
    origin: ctx.origin(raw.site),
  };
}

/** The operation's parameters; `path` is the path key, its node and its placeholders. */
export function readParameters(
  ctx: Context,
  schemas: Schemas,
  itemParams: Node,
  opParams: Node,
  path: { readonly key: string; readonly node: Node; readonly placeholders: readonly string[] },
): ParamModel[] {
  const { placeholders } = path;
  const merged = new Map<string, RawParam>();
  for (const site of [...ctx.list(itemParams), ...ctx.list(opParams)]) {
    const raw = readRaw(ctx, site);
    if (raw === undefined) continue;
    if (raw.in === 'header' && IGNORED_HEADERS.has(raw.name.toLowerCase())) continue;
    merged.set(`${raw.in}\u0000${raw.in === 'header' ? raw.name.toLowerCase() : raw.name}`, raw);
  }
  const pathParams: ParamModel[] = [];
  // A placeholder may stand twice in a path (`/{id}/x/{id}`): one parameter fills both.
  for (const placeholder of new Set(placeholders)) {
    const raw = merged.get(`path\u0000${placeholder}`);
    if (raw !== undefined) {
      pathParams.push(toModel(ctx, schemas, raw));
      continue;
    }
    ctx.report('placeholderWithoutParam', path.node, placeholder);
    pathParams.push({
      in: 'path',
      wireName: placeholder,
      name: paramName(placeholder, 'path', STRING),
      required: true,
      type: { kind: 'builtin', name: 'string' },
      style: 'repeat',
      docs: {},
      origin: ctx.origin(path.node),
    });
  }
  const others: ParamModel[] = [];
  for (const raw of merged.values()) {
    if (raw.in !== 'path') others.push(toModel(ctx, schemas, raw));
    else if (!placeholders.includes(raw.name)) ctx.report('pathParamWithoutPlaceholder', raw.site, raw.name, path.key);
  }
  return [...pathParams, ...others];
}
