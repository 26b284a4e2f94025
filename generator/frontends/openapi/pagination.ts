/**
 * Whether an operation's result is one page of many, and how to ask for the next: read from a
 * vendor extension that says it, else from the document's shapes where only one fits. The rule
 * (docs/openapi.md, "Detected pagination"), first match wins:
 *
 * 1. `x-speakeasy-pagination` or `x-fern-pagination` on the operation, as its vendor documents it
 *    (the first of the two when both); one that names a parameter or a response field the
 *    operation lacks is a warning, not a guess.
 * 2. A `Link` header on the result's response: GitHub's `rel="next"`.
 * 3. The server says where the next page is (GET only; names are matched exactly):
 *    - `url`: a string field `next_page_uri`, `next_page_url`, `nextPageUri`, `nextPageUrl`,
 *      `next_url`, `nextUrl`, or `next` with `format: uri`, at the top of the body or one object
 *      down (Twilio, Django REST framework);
 *    - `cursor` from the body: a query parameter P and a string or number field `next_P` (or
 *      `nextP`) at the top of the body or one object down (Slack's `cursor` and
 *      `response_metadata.next_cursor`, Stripe's search `page` and `next_page`), with a boolean
 *      `has_more` (or `hasMore`) at the top as the end marker when there is one;
 *    - `cursor` from the last item: a string query parameter (no format) `starting_after` or
 *      `after` and a boolean `has_more` at the top of the body; the cursor is the body's `last_id`
 *      (OpenAI) or else the last item's `id` (Stripe).
 * 4. The client counts (GET only): `offset` with `limit` (style offset), or `page` with
 *    `per_page`, `page_size`, `perPage` or `pageSize` (style page, from 1), both integers.
 *
 * The items are the body when it is a list, else its one top-level list field, else its one
 * top-level list of objects. Two shapes of the same step, or several lists that could hold the
 * items, are a warning and no paging.
 */
import { elementType, typeAtPath } from '../../model/types.js';
import type { BodyPath, FieldModel, HttpMethod, PaginationModel, ParamModel, ResultModel, TypeRef } from '../../model/types.js';
import { child, isObject } from './context.js';
import type { Context, JsonObject, Node } from './context.js';
import type { Schemas } from './schema.js';

/** What the detection reads of one operation. */
export interface PagingSite {
  /** The operation object, where extensions are and warnings point. */
  readonly operation: Node;
  readonly httpMethod: HttpMethod;
  readonly params: readonly ParamModel[];
  readonly result: ResultModel;
  /** The response the result comes from (its `headers` may name `Link`). */
  readonly response: Node | undefined;
}

type Rule = PaginationModel;
/** A rule before its items are known. */
type Shape = Rule extends infer T ? (T extends unknown ? Omit<T, 'items' | 'itemType'> : never) : never;
type Types = ReadonlyMap<string, TypeRef>;

/** A shape that fits, with what the warnings call it. */
interface Fit {
  readonly name: string;
  readonly rule: Shape | undefined;
}

const URL_FIELDS: readonly string[] = ['next_page_uri', 'next_page_url', 'nextPageUri', 'nextPageUrl', 'next_url', 'nextUrl'];
const AFTER_PARAMS: readonly string[] = ['starting_after', 'after'];
const PAGE_SIZE_PARAMS: readonly string[] = ['per_page', 'page_size', 'perPage', 'pageSize'];
/** The YAML spec writes body paths as dotted keys, and `last_item.` starts a last-item cursor: such keys cannot round-trip. */
const UNSPEAKABLE = (key: string): boolean => key === '' || key.includes('.') || key === 'last_item';

/** Named types are followed at most this many times in a row (a named type that names itself ends there). */
const MAX_HOPS = 16;

/** The type with named types and `T | null` followed to what it is. */
function resolved(type: TypeRef, types: Types): TypeRef {
  let current = type;
  for (let hops = 0; hops < MAX_HOPS; hops++) {
    if (current.kind === 'named') {
      const target = types.get(current.name);
      if (target === undefined) return current;
      current = target;
      continue;
    }
    if (current.kind === 'union') {
      const members = current.members.filter((member) => !(member.kind === 'builtin' && member.name === 'null'));
      if (members.length === 1) {
        current = members[0]!;
        continue;
      }
    }
    return current;
  }
  return current;
}

/** An object type's own fields (an `allOf` gives its members'). */
function fieldsOf(type: TypeRef, types: Types, depth = 0): readonly FieldModel[] {
  const target = resolved(type, types);
  if (target.kind === 'object') return target.fields;
  if (target.kind === 'intersection' && depth < MAX_HOPS) return target.members.flatMap((member) => fieldsOf(member, types, depth + 1));
  return [];
}

function isBuiltin(type: TypeRef | undefined, types: Types, ...names: readonly string[]): boolean {
  if (type === undefined) return false;
  const target = resolved(type, types);
  return target.kind === 'builtin' && names.includes(target.name);
}

/** A field at the top of the body or one object down, with its path. */
interface Placed {
  readonly path: BodyPath;
  readonly field: FieldModel;
}

/** The body's fields at the top and one object down, in document order: where next cursors and URLs are looked for. */
function nearFields(body: TypeRef, types: Types): Placed[] {
  const found = new Map<string, Placed>();
  // The first of a name wins: an allOf may name one field in several members, and it is one field.
  const add = (path: BodyPath, field: FieldModel): void => {
    const key = path.join('.');
    if (!found.has(key)) found.set(key, { path, field });
  };
  for (const field of fieldsOf(body, types)) {
    if (UNSPEAKABLE(field.name)) continue;
    add([field.name], field);
    for (const inner of fieldsOf(field.type, types)) if (!UNSPEAKABLE(inner.name)) add([field.name, inner.name], inner);
  }
  return [...found.values()];
}

type Items = { readonly items: BodyPath; readonly itemType: TypeRef } | { readonly lists: readonly string[] };

/** Whether a list's elements are objects (records an API pages through) rather than strings or numbers. */
function holdsObjects(element: TypeRef, types: Types): boolean {
  const target = resolved(element, types);
  return target.kind === 'object' || target.kind === 'intersection' || (target.kind === 'union' && target.members.some((member) => fieldsOf(member, types).length > 0));
}

/**
 * The body when it is a list, else its one top-level list field, else its one list of objects
 * (Google's `unreachable: string[]` beside the items); `lists` names the candidates otherwise.
 */
function pageItems(body: TypeRef, types: Types): Items {
  const whole = elementType(body, types);
  if (whole !== undefined) return { items: [], itemType: whole };
  // Each name once (an allOf may name a list in several members), its type as the YAML front end
  // finds it from `items`, so an imported spec pages the same.
  const names = [...new Set(fieldsOf(body, types).map((field) => field.name))].filter((name) => !UNSPEAKABLE(name));
  const lists: { readonly name: string; readonly element: TypeRef }[] = [];
  for (const name of names) {
    const field = typeAtPath(body, [name], types);
    const element = field === undefined ? undefined : elementType(field, types);
    if (element !== undefined) lists.push({ name, element });
  }
  const objects = lists.length > 1 ? lists.filter((list) => holdsObjects(list.element, types)) : lists;
  if (objects.length === 1) return { items: [objects[0]!.name], itemType: objects[0]!.element };
  return { lists: lists.map((list) => list.name) };
}

function capitalized(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** Step 3: the shapes where the server says where the next page is. */
function serverShapes(body: TypeRef, query: readonly ParamModel[], types: Types, items: Items): Fit[] {
  const fits: Fit[] = [];
  const near = nearFields(body, types);
  if (near.length === 0) return fits;
  const paths = (found: readonly Placed[]): string => found.map((placed) => placed.path.join('.')).join(', ');
  const urls = near.filter(({ field }) => (URL_FIELDS.includes(field.name) || (field.name === 'next' && field.docs.format === 'uri')) && isBuiltin(field.type, types, 'string'));
  if (urls.length > 0) fits.push({ name: `a next page URL (${paths(urls)})`, rule: urls.length === 1 ? { style: 'url', next: urls[0]!.path } : undefined });
  const hasMore = fieldsOf(body, types).find((field) => (field.name === 'has_more' || field.name === 'hasMore') && isBuiltin(field.type, types, 'boolean'));
  const nexts = near.filter(({ field }) => field.name.startsWith('next'));
  for (const param of nexts.length === 0 ? [] : query) {
    const names = [`next_${param.wireName}`, `next${capitalized(param.wireName)}`];
    const cursors = nexts.filter(({ field }) => names.includes(field.name) && isBuiltin(field.type, types, 'string', 'integer', 'number'));
    if (cursors.length === 0) continue;
    fits.push({
      name: `a cursor ${paths(cursors)} for ${JSON.stringify(param.wireName)}`,
      rule: cursors.length === 1 ? { style: 'cursor', param: param.wireName, cursor: { from: 'body', path: cursors[0]!.path }, hasMore: hasMore === undefined ? undefined : [hasMore.name] } : undefined,
    });
  }
  // A string: an `after` that is a number or a date-time filters by time, and an item's id is no value for it.
  const after = query.find((param) => AFTER_PARAMS.includes(param.wireName) && isBuiltin(param.type, types, 'string') && param.docs.format === undefined);
  if (after !== undefined && hasMore?.name === 'has_more') {
    const lastId = near.some(({ path, field }) => path.length === 1 && field.name === 'last_id' && isBuiltin(field.type, types, 'string'));
    const itemId = 'itemType' in items && typeAtPath(items.itemType, ['id'], types) !== undefined;
    if (lastId || itemId) {
      fits.push({
        name: `${JSON.stringify(after.wireName)} with has_more`,
        rule: { style: 'cursor', param: after.wireName, cursor: lastId ? { from: 'body', path: ['last_id'] } : { from: 'lastItem', path: ['id'] }, hasMore: ['has_more'] },
      });
    }
  }
  return fits;
}

/** Step 4: the shapes where the client counts offsets or pages. */
function countedShapes(query: readonly ParamModel[], types: Types): Fit[] {
  const integer = (name: string): boolean => query.some((param) => param.wireName === name && isBuiltin(param.type, types, 'integer', 'number'));
  const fits: Fit[] = [];
  if (integer('offset') && integer('limit')) fits.push({ name: '"offset" with "limit"', rule: { style: 'offset', param: 'offset' } });
  const size = PAGE_SIZE_PARAMS.find(integer);
  if (integer('page') && size !== undefined) fits.push({ name: `"page" with ${JSON.stringify(size)}`, rule: { style: 'page', param: 'page', start: undefined } });
  return fits;
}

function withItems(rule: Shape, items: Items): Rule | undefined {
  return 'itemType' in items ? ({ ...rule, items: items.items, itemType: items.itemType } as Rule) : undefined;
}

/** One step's fits to a rule: exactly one, with its items found; anything else is reported. */
function chooseFit(ctx: Context, site: PagingSite, fits: readonly Fit[], items: Items): Rule | undefined {
  if (fits.length === 0) return undefined;
  if (fits.length > 1 || fits[0]!.rule === undefined) {
    ctx.report('ambiguousPagination', site.operation, fits.map((fit) => fit.name));
    return undefined;
  }
  const rule = withItems(fits[0]!.rule, items);
  if (rule === undefined && 'lists' in items && items.lists.length > 1) ctx.report('pageItemsAmbiguous', site.operation, fits[0]!.name, items.lists);
  return rule;
}

/** GitHub's paging: a `Link` header on the result's response. */
function hasLinkHeader(ctx: Context, response: Node | undefined): boolean {
  const node = response === undefined ? undefined : ctx.deref(response);
  const headers = node === undefined || !isObject(node.value) ? undefined : node.value['headers'];
  return isObject(headers) && Object.keys(headers).some((name) => name.toLowerCase() === 'link');
}

/** The page rule of one operation, or undefined; see the module comment for the rule. */
export function detectPagination(ctx: Context, schemas: Schemas, site: PagingSite): PaginationModel | undefined {
  const body = site.result.reading === 'json' ? site.result.type : undefined;
  const types = schemas.typeMap();
  const operation = isObject(site.operation.value) ? site.operation.value : {};
  for (const name of EXTENSIONS) {
    // Looked up before a node is made for it: most operations have none, and GitHub has 1,223.
    if (!Object.hasOwn(operation, name)) continue;
    const node = child(site.operation, name);
    if (body === undefined) {
      ctx.report('badPaginationExtension', node, name, 'the result is not a JSON body');
      return undefined;
    }
    const read = name === 'x-speakeasy-pagination' ? readSpeakeasy(node, site, types) : readFern(node, site, types);
    if (typeof read === 'string') {
      ctx.report('badPaginationExtension', node, name, read);
      return undefined;
    }
    return read;
  }
  if (Object.hasOwn(operation, 'x-pagination')) ctx.report('unsupportedConstruct', child(site.operation, 'x-pagination'), 'the x-pagination extension', 'it has no one published format, so it is not read; say it with x-speakeasy-pagination or x-fern-pagination');
  if (body === undefined) return undefined;
  if (hasLinkHeader(ctx, site.response)) return withItems({ style: 'link' }, pageItems(body, types));
  if (site.httpMethod !== 'GET') return undefined;
  const query = site.params.filter((param) => param.in === 'query');
  const items = pageItems(body, types);
  // Every shape needs the items somewhere: a body with no list at all is not a page (most operations).
  if ('lists' in items && items.lists.length === 0) return undefined;
  const served = serverShapes(body, query, types, items);
  if (served.length > 0) return chooseFit(ctx, site, served, items);
  return chooseFit(ctx, site, countedShapes(query, types), items);
}

// ---- vendor extensions ----------------------------------------------------------------------

const EXTENSIONS = ['x-speakeasy-pagination', 'x-fern-pagination'] as const;

/** A query parameter the operation has, by name; a reason otherwise. */
function queryParam(site: PagingSite, name: unknown, what: string): string | { readonly param: string } {
  if (typeof name !== 'string') return `${what} is not a parameter name`;
  const param = site.params.find((candidate) => candidate.wireName === name);
  if (param === undefined) return `${what} names the parameter ${JSON.stringify(name)}, which the operation does not have`;
  if (param.in !== 'query') return `${what} names the ${param.in} parameter ${JSON.stringify(name)}; only a query parameter can carry the next page`;
  return { param: name };
}

/**
 * A response path as the extension writes it: Speakeasy's JSONPath (`$.data`, `$.data[-1].id`)
 * or Fern's `$response.data`; `[-1]` (the last item) only where `lastItem` allows it.
 */
function responsePath(text: unknown, prefix: '$' | '$response', what: string): string | { readonly path: BodyPath; readonly last?: BodyPath } {
  if (typeof text !== 'string') return `${what} is not a path`;
  const pattern = prefix === '$' ? /^\$((?:\.[A-Za-z0-9_-]+)*)(?:\[-1\]((?:\.[A-Za-z0-9_-]+)+))?$/ : /^\$response((?:\.[A-Za-z0-9_-]+)+)()$/;
  const match = pattern.exec(text);
  if (match === null) return `${what} ${JSON.stringify(text)} is not a path sessiongen reads (${prefix === '$' ? '$.key.key, or $.list[-1].key for the last item' : '$response.key.key'})`;
  const keys = (part: string | undefined): BodyPath => (part === undefined || part === '' ? [] : part.slice(1).split('.'));
  return match[2] === undefined || match[2] === '' ? { path: keys(match[1]) } : { path: keys(match[1]), last: keys(match[2]) };
}

/** The path must lead somewhere in the result type; `check` says what it must be. */
function fieldAt(body: TypeRef, path: BodyPath, types: Types, what: string, check: (type: TypeRef) => boolean, expected: string): string | undefined {
  if (path.some(UNSPEAKABLE)) return `${what} has a key sessiongen cannot write in a spec`;
  const type = typeAtPath(body, path, types);
  if (type === undefined) return `${what} names ${JSON.stringify(path.join('.'))}, which the response does not have`;
  return check(type) ? undefined : `${what} names ${JSON.stringify(path.join('.'))}, which is not ${expected}`;
}

function itemsAt(body: TypeRef, path: BodyPath | undefined, types: Types, what: string): string | { readonly items: BodyPath; readonly itemType: TypeRef } {
  if (path === undefined) {
    const found = pageItems(body, types);
    return 'itemType' in found ? found : `it names no results, and the response has ${found.lists.length === 0 ? 'no list' : `several lists (${found.lists.join(', ')})`}`;
  }
  const problem = fieldAt(body, path, types, what, (type) => elementType(type, types) !== undefined, 'a list');
  return problem ?? { items: path, itemType: elementType(typeAtPath(body, path, types)!, types)! };
}

/** `x-speakeasy-pagination`: `type` offsetLimit, cursor or url; `inputs` in the query; `outputs` as JSONPath. */
function readSpeakeasy(node: Node, site: PagingSite, types: Types): Rule | string {
  const body = site.result.type!;
  const value = node.value;
  if (!isObject(value)) return 'it is not an object';
  const inputs = Array.isArray(value['inputs']) ? value['inputs'].filter(isObject) : [];
  const outputs: JsonObject = isObject(value['outputs']) ? value['outputs'] : {};
  const input = (type: string): JsonObject | undefined => inputs.find((entry) => entry['type'] === type);
  const fromQuery = (entry: JsonObject, type: string): string | { readonly param: string } =>
    entry['in'] !== 'parameters' ? `its ${type} input is in ${JSON.stringify(entry['in'])}; only a query parameter can carry the next page` : queryParam(site, entry['name'], `its ${type} input`);
  let results: BodyPath | undefined;
  if (outputs['results'] !== undefined) {
    const read = responsePath(outputs['results'], '$', 'outputs.results');
    if (typeof read === 'string') return read;
    if (read.last !== undefined) return 'outputs.results cannot name the last item';
    results = read.path;
  }
  const found = itemsAt(body, results, types, 'outputs.results');
  if (typeof found === 'string') return found;
  switch (value['type']) {
    case 'offsetLimit': {
      const offset = input('offset');
      const page = input('page');
      if (offset !== undefined && page !== undefined) return 'it has both an offset and a page input';
      const entry = offset ?? page;
      if (entry === undefined) return 'an offsetLimit needs an offset or a page input';
      const param = fromQuery(entry, offset !== undefined ? 'offset' : 'page');
      if (typeof param === 'string') return param;
      return offset !== undefined ? { style: 'offset', param: param.param, ...found } : { style: 'page', param: param.param, start: undefined, ...found };
    }
    case 'cursor': {
      const entry = input('cursor');
      if (entry === undefined) return 'a cursor needs a cursor input';
      const param = fromQuery(entry, 'cursor');
      if (typeof param === 'string') return param;
      const next = responsePath(outputs['nextCursor'], '$', 'outputs.nextCursor');
      if (typeof next === 'string') return next;
      if (next.last !== undefined) {
        if (next.path.join('.') !== found.items.join('.')) return `outputs.nextCursor takes the last item of ${JSON.stringify(next.path.join('.'))}, not of the results`;
        const problem = fieldAt(found.itemType, next.last, types, 'outputs.nextCursor', () => true, '');
        return problem ?? { style: 'cursor', param: param.param, cursor: { from: 'lastItem', path: next.last }, hasMore: undefined, ...found };
      }
      const problem = fieldAt(body, next.path, types, 'outputs.nextCursor', (type) => isBuiltin(type, types, 'string', 'integer', 'number'), 'a string or a number');
      return problem ?? { style: 'cursor', param: param.param, cursor: { from: 'body', path: next.path }, hasMore: undefined, ...found };
    }
    case 'url': {
      const next = responsePath(outputs['nextUrl'], '$', 'outputs.nextUrl');
      if (typeof next === 'string') return next;
      if (next.last !== undefined) return 'outputs.nextUrl cannot name the last item';
      const problem = fieldAt(body, next.path, types, 'outputs.nextUrl', (type) => isBuiltin(type, types, 'string'), 'a string');
      return problem ?? { style: 'url', next: next.path, ...found };
    }
    default:
      return `its type ${JSON.stringify(value['type'])} is not offsetLimit, cursor or url`;
  }
}

/** Fern's `$request.name`: a query parameter by name. */
function requestParam(site: PagingSite, text: unknown, what: string): string | { readonly param: string } {
  const match = typeof text === 'string' ? /^\$request\.([^.]+)$/.exec(text) : null;
  if (match === null) return `${what} ${JSON.stringify(text)} is not $request.<query parameter>`;
  return queryParam(site, match[1], what);
}

/**
 * `x-fern-pagination`: `cursor` + `next_cursor`, `offset` (a page number that goes up by one, or
 * with `step` an offset that goes up by the items read), or `next_uri`/`next_path`; `results`;
 * `has-next-page`.
 */
function readFern(node: Node, site: PagingSite, types: Types): Rule | string {
  const body = site.result.type!;
  const value = node.value;
  if (!isObject(value)) return 'it is not an object';
  let results: BodyPath | undefined;
  if (value['results'] !== undefined) {
    const read = responsePath(value['results'], '$response', 'results');
    if (typeof read === 'string') return read;
    results = read.path;
  }
  const found = itemsAt(body, results, types, 'results');
  if (typeof found === 'string') return found;
  let hasMore: BodyPath | undefined;
  if (value['has-next-page'] !== undefined) {
    const read = responsePath(value['has-next-page'], '$response', 'has-next-page');
    if (typeof read === 'string') return read;
    const problem = fieldAt(body, read.path, types, 'has-next-page', (type) => isBuiltin(type, types, 'boolean'), 'a boolean');
    if (problem !== undefined) return problem;
    hasMore = read.path;
  }
  const schemes = ['cursor', 'offset', 'next_uri', 'next_path'].filter((key) => value[key] !== undefined);
  if (schemes.length !== 1) return schemes.length === 0 ? 'it names none of cursor, offset, next_uri, next_path' : `it names ${schemes.join(' and ')}; give one`;
  switch (schemes[0]) {
    case 'cursor': {
      const param = requestParam(site, value['cursor'], 'cursor');
      if (typeof param === 'string') return param;
      const next = responsePath(value['next_cursor'], '$response', 'next_cursor');
      if (typeof next === 'string') return next;
      const problem = fieldAt(body, next.path, types, 'next_cursor', (type) => isBuiltin(type, types, 'string', 'integer', 'number'), 'a string or a number');
      return problem ?? { style: 'cursor', param: param.param, cursor: { from: 'body', path: next.path }, hasMore, ...found };
    }
    case 'offset': {
      if (hasMore !== undefined) return 'has-next-page with offset paging is not followed by sessiongen (an empty page ends it)';
      const param = requestParam(site, value['offset'], 'offset');
      if (typeof param === 'string') return param;
      if (value['step'] === undefined) return { style: 'page', param: param.param, start: undefined, ...found };
      const step = requestParam(site, value['step'], 'step');
      return typeof step === 'string' ? step : { style: 'offset', param: param.param, ...found };
    }
    default: {
      if (hasMore !== undefined) return `has-next-page with ${schemes[0]} is not followed by sessiongen (no next URL ends it)`;
      const key = schemes[0]!;
      const next = responsePath(value[key], '$response', key);
      if (typeof next === 'string') return next;
      const problem = fieldAt(body, next.path, types, key, (type) => isBuiltin(type, types, 'string'), 'a string');
      return problem ?? { style: 'url', next: next.path, ...found };
    }
  }
}
