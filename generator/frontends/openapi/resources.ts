/**
 * Where each operation of an OpenAPI document goes in the generated client: the chain of resource
 * objects it hangs on (`client.customers.sources`) and its method name there (`list`). Pure and
 * deterministic: the same operations, in the same order, always give the same placements. Names are
 * made by `camelName` only; reserved names and clashes are the model checks' business, for every
 * front end alike. The first rule that applies wins:
 *
 * 1. Speakeasy: `x-speakeasy-group` (a string, dots nest: `a.b` is `a` then `b`; of a list, Speakeasy's
 *    "several namespaces", the first, with a warning) and `x-speakeasy-name-override` (a string).
 * 2. Fern: `x-fern-sdk-group-name` (a string, one level, or a list of strings, one level each) and
 *    `x-fern-sdk-method-name` (a string).
 *    For both, with only the group the method is named by the later rules; with only Speakeasy's name,
 *    the later rules give the group (Speakeasy's tags default). Fern's own documentation puts a method
 *    with a name and no group on the client itself, so that one goes on the class.
 *    A value of the wrong type, or one with no letters or digits, is not used: `ignored` says so.
 * 3. Stripe's `x-stripeOperations` / `x-stripeResource` are not read: they sit on component schemas,
 *    not on operations, and turning their `x-resourceId` into a resource needs rules stripe-node does
 *    not publish (`customer` is `customers`, `balance` stays `balance`). The path rule stands in.
 * 4. An operationId with `/` in it (GitHub's `repos/get-content`), or else with `.` (Google's
 *    `youtube.captions.list`, Twitter's `blocks.destroy`): every part but the last is a resource, the
 *    last the method (`repos.getContent`, exactly Octokit's names). A first part that every dotted
 *    operationId of the document shares, each with a resource after it, is the API's own name and
 *    is dropped: YouTube's is `captions.list`, as Google's client for it says.
 * 5. The first tag that is a non-empty string: dots nest (`admin.apps`). The method is the
 *    operationId without the tag's words in front, compared word by word without regard to case
 *    (tag `chat`, `chat_postMessage` gives `chat.postMessage`; a camelCase hump is a word break too,
 *    so tag `Credit Notes` and `creditNotesAdd` give `creditNotes.add`); all of it where it does not start with
 *    them or is nothing else; the path rule's verb without an operationId.
 * 6. The path. Leading segments that only name a version or the API (`v1`, `v2.1`, `v1beta1`,
 *    `2010-04-01`, `api`, `rest`) are passed over; a file extension (`Accounts.json`) is dropped, and a query
 *    written into the path key goes to the end of the name instead (OpenAI's `POST /responses?beta=true`
 *    is `responses.createBetaTrue`). A static segment names a
 *    resource; a segment with a placeholder is one item of the resource before it, and paths that
 *    differ only in placeholder names are one path. A static path is a collection where some path of
 *    the document continues it with an item (`/v1/customers` beside `/v1/customers/{customer}`); being
 *    continued by static segments alone does not make one (`/v1/balance` beside `/v1/balance/history`
 *    stays a singleton, `/v1/tax` beside `/v1/tax/settings` a namespace). By the last segment:
 *    - an item: GET `retrieve`, PUT/PATCH/POST `update`, DELETE `del` (stripe-node's words);
 *    - a collection: GET `list`, POST `create`, PUT/PATCH `update`, DELETE `del`;
 *    - otherwise an action on the resources before it, named by the segment, where an item stands
 *      anywhere before it, the path before it is a collection, or the path before it has operations of
 *      its own (`POST /v1/customers/{customer}/sources/{id}/verify` is `customers.sources.verify`,
 *      `GET /v1/customers/search` `customers.search`, `GET /v1/apps/secrets/find` `apps.secrets.find`).
 *      An action after an action adds its word to that one (`/v1/credit_notes/preview/lines` is
 *      `creditNotes.previewLines`), so that no name is both a method and a resource. The bare word is
 *      the name when it is the path's only operation besides HEAD and OPTIONS and not a DELETE;
 *      otherwise the path is really a thing of its own and each method puts its singleton word in
 *      front (`retrieveCashBalance`, `updateCashBalance`, `deleteDiscount`: stripe-node's names, with
 *      `delete`, a fine word inside a name, for `del`);
 *    - otherwise a collection after all where its GET reads a list (an array, or pages: Stripe's
 *      `/v1/apps/secrets` is `apps.secrets.list` and `create`), else a singleton: with a GET on the
 *      path, GET `retrieve`, POST/PUT/PATCH `update`, DELETE `del` (`/v1/tax/settings`,
 *      `/v1/balance`); without, POST `create` (`/v1/account_links`).
 *    HEAD and OPTIONS are `head` and `options` wherever GET would take a REST verb, and go in front of
 *    an action (`headCashBalance`). Where two methods of one path would take the same word, PATCH
 *    keeps `update`, PUT takes `replace` and POST `create`, and, should that be taken too, the HTTP
 *    method's own word, so the methods of one path always have different names.
 * 7. A path with no resource segment (`/`, `/v1`) leaves the method on the class, named by its
 *    operationId or, without one, as on a singleton.
 */
import { camelName } from '../../model/names.js';
import type { HttpMethod } from '../../model/types.js';

export interface OperationFacts {
  readonly httpMethod: HttpMethod;
  /** `/v1/customers/{customer}`: a leading `/`, no `#...`. */
  readonly pathKey: string;
  /** Trimmed and non-empty, or undefined. */
  readonly operationId: string | undefined;
  /** The operation's `tags` as written (they may hold non-strings). */
  readonly tags: readonly unknown[];
  /** The operation's own `x-*` keys, raw values. */
  readonly extensions: Readonly<Record<string, unknown>>;
  /** Whether it reads a list: an array, or pages of items. */
  readonly lists: boolean;
}

/** Which rule placed the operation. */
export type PlacedBy = 'x-speakeasy' | 'x-fern' | 'operationId' | 'tag' | 'path';

export interface Placement {
  /** Resource names from the client down, each a camelCase identifier (may be empty: on the class). */
  readonly resource: readonly string[];
  /** The method's camelCase name within that resource. */
  readonly name: string;
  readonly by: PlacedBy;
  /** Set when an extension was present but not (wholly) used: what to warn, a sentence, e.g. 'x-speakeasy-group is a number, so it is not used'. */
  readonly ignored?: string;
}

/** All operations of one document at once: the path rule looks at the other paths. */
export function placeOperations(operations: readonly OperationFacts[]): Placement[] {
  const paths = new DocumentIndex(operations);
  return operations.map((operation) => {
    const read = readExtensions(operation.extensions);
    const placement = placeBy(EXTENSION_RULES, operation, read, paths);
    return read.ignored.length === 0 ? placement : { ...placement, ignored: read.ignored.join('; ') };
  });
}

// ---- rules 1 and 2: the generators' extensions ----

/** What an extension pair says; `undefined` where it is absent or unusable. */
interface Override {
  readonly group: readonly string[] | undefined;
  readonly name: string | undefined;
}

interface Extensions {
  readonly speakeasy: Override;
  readonly fern: Override;
  readonly ignored: string[];
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  const type = typeof value;
  return type === 'object' ? 'an object' : type === 'undefined' ? 'undefined' : `a ${type}`;
}

/** The camelCase name of a non-empty string, or the reason it is not one. */
function nameOf(value: unknown): string | { readonly why: string } {
  if (typeof value !== 'string') return { why: `is ${describe(value)}` };
  const name = camelName(value, '');
  return name === '' ? { why: value.trim() === '' ? 'is empty' : 'has no letters or digits' } : name;
}

function readName(extensions: Readonly<Record<string, unknown>>, key: string, ignored: string[]): string | undefined {
  if (!(key in extensions)) return undefined;
  const name = nameOf(extensions[key]);
  if (typeof name === 'string') return name;
  ignored.push(`${key} ${name.why}, so it is not used`);
  return undefined;
}

/** Group names, every one usable, or the reason they are not: `part` says what one of them is to the reader. */
function groupOf(parts: readonly unknown[], part: string): readonly string[] | { readonly why: string } {
  if (parts.length === 0) return { why: 'is empty' };
  const names: string[] = [];
  for (const item of parts) {
    if (typeof item !== 'string') return { why: `holds ${describe(item)}` };
    const name = nameOf(item);
    if (typeof name !== 'string') return { why: `has ${part} that ${name.why}` };
    names.push(name);
  }
  return names;
}

function readSpeakeasyGroup(value: unknown, ignored: string[]): readonly string[] | undefined {
  const key = 'x-speakeasy-group';
  let group = value;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      ignored.push(`${key} is empty, so it is not used`);
      return undefined;
    }
    if (value.length > 1) ignored.push(`${key} lists ${value.length} groups; the method is placed under the first only, as one client has one place for it`);
    group = value[0];
  }
  const names = typeof group !== 'string' ? { why: group === value ? `is ${describe(value)}` : `holds ${describe(group)}` } : group.trim() === '' ? { why: 'is empty' } : groupOf(group.split('.'), 'a part');
  if (!('why' in names)) return names;
  ignored.push(`${key} ${names.why}, so it is not used`);
  return undefined;
}

function readFernGroup(value: unknown, ignored: string[]): readonly string[] | undefined {
  const names = Array.isArray(value) ? groupOf(value, 'a name') : typeof value === 'string' ? groupOf([value], 'a name') : { why: `is ${describe(value)}` };
  if (!('why' in names)) return names;
  ignored.push(`x-fern-sdk-group-name ${names.why}, so it is not used`);
  return undefined;
}

function readExtensions(extensions: Readonly<Record<string, unknown>>): Extensions {
  const ignored: string[] = [];
  const speakeasy: Override = {
    group: 'x-speakeasy-group' in extensions ? readSpeakeasyGroup(extensions['x-speakeasy-group'], ignored) : undefined,
    name: readName(extensions, 'x-speakeasy-name-override', ignored),
  };
  const fern: Override = {
    group: 'x-fern-sdk-group-name' in extensions ? readFernGroup(extensions['x-fern-sdk-group-name'], ignored) : undefined,
    name: readName(extensions, 'x-fern-sdk-method-name', ignored),
  };
  return { speakeasy, fern, ignored };
}

// ---- the chain ----

type Rule = (operation: OperationFacts, read: Extensions, paths: DocumentIndex, later: () => Placement) => Placement | undefined;

function placeBy(rules: readonly Rule[], operation: OperationFacts, read: Extensions, paths: DocumentIndex): Placement {
  const [rule, ...rest] = rules;
  if (rule === undefined) return byPath(operation, paths);
  const later = (): Placement => placeBy(rest, operation, read, paths);
  return rule(operation, read, paths, later) ?? later();
}

/** An extension pair: both given, or one with what the later rules say for the other. */
function byOverride(override: Override, by: PlacedBy, later: () => Placement, nameAloneOnClass: boolean): Placement | undefined {
  const { group, name } = override;
  if (group !== undefined && name !== undefined) return { resource: group, name, by };
  if (group !== undefined) return { resource: group, name: later().name, by };
  if (name !== undefined) return { resource: nameAloneOnClass ? [] : later().resource, name, by };
  return undefined;
}

const EXTENSION_RULES: readonly Rule[] = [
  (_operation, read, _paths, later) => byOverride(read.speakeasy, 'x-speakeasy', later, false),
  (_operation, read, _paths, later) => byOverride(read.fern, 'x-fern', later, true),
  (operation, _read, index) => byNamespacedId(operation.operationId, index.sharedIdHead),
  (operation, _read, paths) => byTag(operation, paths),
];

// ---- rule 4: `namespace/name` and `namespace.name` operationIds ----

/** The operationId's parts at its `/`s (GitHub's), or else at its `.`s (Google's, Twitter's, Microsoft Graph's). */
function idParts(operationId: string): string[] {
  const separator = operationId.includes('/') ? '/' : '.';
  return operationId.split(separator).filter((part) => part !== '');
}

/**
 * The first part every dotted operationId of the document shares when each has a resource left
 * after it: the API's own name (`youtube.captions.list` is the YouTube client's `captions.list`).
 */
function sharedIdHead(operations: readonly OperationFacts[]): string | undefined {
  const dotted = operations.flatMap((operation) => (operation.operationId !== undefined && !operation.operationId.includes('/') && operation.operationId.includes('.') ? [idParts(operation.operationId)] : []));
  const head = dotted[0]?.[0];
  return head !== undefined && dotted.every((parts) => parts.length >= 3 && parts[0] === head) ? head : undefined;
}

function byNamespacedId(operationId: string | undefined, sharedHead: string | undefined): Placement | undefined {
  if (operationId === undefined || !/[/.]/.test(operationId)) return undefined;
  const parts = idParts(operationId);
  const kept = !operationId.includes('/') && parts[0] === sharedHead ? parts.slice(1) : parts;
  const names = kept.map((part) => camelName(part, ''));
  if (names.length < 2 || names.includes('')) return undefined;
  return { resource: names.slice(0, -1), name: names.at(-1)!, by: 'operationId' };
}

// ---- rule 5: tags ----

/** The words of a name: between characters that are not ASCII letters or digits, and at its camelCase humps. */
function wordsOf(text: string): string[] {
  // camelCase humps are word breaks too: Apideck's tag `Credit Notes` heads `creditNotesAdd`.
  return text.split(/[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/).filter((word) => word !== '');
}

/** The resource a tag names: dots nest, empty parts are passed over (`admin.apps` is `admin` then `apps`). */
export function tagResource(tag: string): string[] {
  return tag.split('.').map((part) => camelName(part, '')).filter((name) => name !== '');
}

function byTag(operation: OperationFacts, paths: DocumentIndex): Placement | undefined {
  const tag = operation.tags.find((item): item is string => typeof item === 'string' && item.trim() !== '');
  if (tag === undefined) return undefined;
  const resource = tagResource(tag);
  if (resource.length === 0) return undefined;
  const { operationId } = operation;
  if (operationId === undefined) return { resource, name: pathPlacement(operation, paths).name, by: 'tag' };
  const tagWords = wordsOf(tag).map((word) => word.toLowerCase());
  const idWords = wordsOf(operationId);
  const prefixed = idWords.length > tagWords.length && tagWords.every((word, index) => idWords[index]!.toLowerCase() === word);
  const name = camelName(prefixed ? idWords.slice(tagWords.length).join('_') : operationId, '');
  return name === '' ? undefined : { resource, name, by: 'tag' };
}

// ---- rules 6 and 7: the path ----

const VERSION = /^(v\d+([._]\d+)*([a-z]+\d*)?|\d{4}-\d{2}(-\d{2})?|api|rest)$/i;
const EXTENSION = /\.(json|xml|ya?ml|csv|txt|html?)$/i;
/** Stands for every placeholder segment in a path's shape, so `/a/{x}` and `/a/{y}` are one path. */
const ITEM = '{}';

/** The path's segments that say something: versions in front, file extensions and a query written into the key gone, placeholders as ITEM. */
function segmentsOf(pathKey: string): string[] {
  const segments = pathKey
    .replace(/\?.*$/, '')
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => (segment.includes('{') ? ITEM : segment.replace(EXTENSION, '')));
  let start = 0;
  while (start < segments.length && VERSION.test(segments[start]!)) start++;
  return segments.slice(start);
}

/** What the rules need to know of the whole document: its paths, and the API's name in dotted operationIds. */
class DocumentIndex {
  /** Shapes (segments joined by `/`) that some path continues with an item. */
  readonly #collections = new Set<string>();
  /** The HTTP methods of each shape. */
  readonly #methods = new Map<string, Set<HttpMethod>>();
  /** Shapes whose GET reads a list. */
  readonly #listed = new Set<string>();

  /** The first part of the dotted operationIds that only names the API (rule 4). */
  readonly sharedIdHead: string | undefined;

  constructor(operations: readonly OperationFacts[]) {
    this.sharedIdHead = sharedIdHead(operations);
    for (const { pathKey, httpMethod, lists } of operations) {
      const segments = segmentsOf(pathKey);
      const shape = segments.join('/');
      if (httpMethod === 'GET' && lists) this.#listed.add(shape);
      const methods = this.#methods.get(shape) ?? new Set<HttpMethod>();
      methods.add(httpMethod);
      this.#methods.set(shape, methods);
      segments.forEach((segment, index) => {
        if (segment === ITEM && index > 0) this.#collections.add(segments.slice(0, index).join('/'));
      });
    }
  }

  isCollection(segments: readonly string[]): boolean {
    return segments.length > 0 && segments.at(-1) !== ITEM && this.#collections.has(segments.join('/'));
  }

  /** Whether the path's GET reads a list: then it is a collection without an item path too (Stripe's `/v1/apps/secrets`). */
  isListed(segments: readonly string[]): boolean {
    return this.#listed.has(segments.join('/'));
  }

  methods(segments: readonly string[]): ReadonlySet<HttpMethod> {
    return this.#methods.get(segments.join('/')) ?? new Set();
  }
}

type Verbs = Readonly<Record<HttpMethod, string>>;

const ITEM_VERBS: Verbs = { GET: 'retrieve', PUT: 'update', PATCH: 'update', POST: 'update', DELETE: 'del', HEAD: 'head', OPTIONS: 'options' };
const COLLECTION_VERBS: Verbs = { GET: 'list', POST: 'create', PUT: 'update', PATCH: 'update', DELETE: 'del', HEAD: 'head', OPTIONS: 'options' };
const SINGLETON_VERBS: Verbs = ITEM_VERBS;
const CREATED_VERBS: Verbs = { ...ITEM_VERBS, POST: 'create' };
/** Who keeps a word two methods of one path share, first first; the others take their second word. */
const WORD_ORDER: readonly HttpMethod[] = ['GET', 'DELETE', 'PATCH', 'PUT', 'POST', 'HEAD', 'OPTIONS'];
const SECOND_WORDS: Partial<Record<HttpMethod, string>> = { PUT: 'replace', POST: 'create' };

/** `method`'s word on a path with `methods`, no two methods of the path given one word. */
function verbFor(method: HttpMethod, methods: ReadonlySet<HttpMethod>, verbs: Verbs): string {
  const taken = new Set<string>();
  for (const other of WORD_ORDER) {
    if (other !== method && !methods.has(other)) continue;
    const words = [verbs[other], SECOND_WORDS[other], other.toLowerCase()].filter((word): word is string => word !== undefined);
    const word = words.find((candidate) => !taken.has(candidate))!;
    if (other === method) return word;
    taken.add(word);
  }
  return verbs[method];
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function resourcesOf(segments: readonly string[]): string[] {
  return segments.filter((segment) => segment !== ITEM).map((segment) => camelName(segment, '')).filter((name) => name !== '');
}

/** An action: what it acts on and its word, without the HTTP method's. */
interface Action {
  readonly resource: readonly string[];
  readonly action: string;
}

/**
 * The action a path whose last segment is static names, if it is one (see the header): after an
 * item anywhere before it, after a collection, or after a path with operations of its own. An action
 * after another action joins its word on (`/credit_notes/preview/lines` is `creditNotes.previewLines`),
 * so no name is both a method and a resource.
 */
function actionOf(segments: readonly string[], paths: DocumentIndex): Action | undefined {
  const last = segments.at(-1);
  if (last === undefined || last === ITEM || paths.isCollection(segments)) return undefined;
  const before = segments.slice(0, -1);
  const action = camelName(last, '');
  if (action === '' || before.length === 0) return undefined;
  if (paths.methods(before).size > 0 && !paths.isCollection(before) && before.at(-1) !== ITEM) {
    const inner = actionOf(before, paths);
    if (inner !== undefined) return { resource: inner.resource, action: `${inner.action}${upperFirst(action)}` };
  }
  const acted = before.includes(ITEM) || paths.isCollection(before) || paths.methods(before).size > 0;
  return acted ? { resource: resourcesOf(before), action } : undefined;
}

/** Methods whose name is the bare action word when they are the path's only one (DELETE says what it does to it). */
const BARE_ACTION: ReadonlySet<HttpMethod> = new Set(['GET', 'POST', 'PUT', 'PATCH']);

/** Rule 6's resource and name for an operation, whatever the earlier rules say. */
function pathPlacement(operation: OperationFacts, paths: DocumentIndex): Omit<Placement, 'by'> {
  const placement = restPlacement(operation, paths);
  // A query written into the key tells two operations of one path apart: it says so in the name.
  const query = camelName(/\?(.*)$/.exec(operation.pathKey)?.[1] ?? '', '');
  return query === '' ? placement : { ...placement, name: `${placement.name}${upperFirst(query)}` };
}

function restPlacement(operation: OperationFacts, paths: DocumentIndex): Omit<Placement, 'by'> {
  const { httpMethod } = operation;
  const segments = segmentsOf(operation.pathKey);
  const methods = paths.methods(segments);
  const resource = resourcesOf(segments);
  const singleton = methods.has('GET') ? SINGLETON_VERBS : CREATED_VERBS;
  if (resource.length === 0) return { resource: [], name: verbFor(httpMethod, methods, singleton) };
  if (segments.at(-1) === ITEM) return { resource, name: verbFor(httpMethod, methods, ITEM_VERBS) };
  if (paths.isCollection(segments)) return { resource, name: verbFor(httpMethod, methods, COLLECTION_VERBS) };
  const action = actionOf(segments, paths);
  if (action === undefined) return { resource, name: verbFor(httpMethod, methods, paths.isListed(segments) ? COLLECTION_VERBS : singleton) };
  const acting = [...methods].filter((method) => method !== 'HEAD' && method !== 'OPTIONS');
  const bare = acting.length === 1 && BARE_ACTION.has(httpMethod);
  if (bare) return { resource: action.resource, name: action.action };
  // In front of a word `delete` reads as it should; `del` is only there because `delete` alone is reserved.
  const verb = verbFor(httpMethod, methods, { ...singleton, DELETE: 'delete' });
  return { resource: action.resource, name: `${verb}${upperFirst(action.action)}` };
}

function byPath(operation: OperationFacts, paths: DocumentIndex): Placement {
  const placement = pathPlacement(operation, paths);
  const { operationId } = operation;
  if (placement.resource.length === 0 && operationId !== undefined) {
    const name = camelName(operationId, '');
    if (name !== '') return { resource: [], name, by: 'operationId' };
  }
  return { ...placement, by: 'path' };
}
