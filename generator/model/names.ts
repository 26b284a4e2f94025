/**
 * The one rule that turns what an API calls things (operation names, placeholders, header and
 * query names, schema names) into TypeScript names, shared by every front end. It follows
 * TypeScript's conventions: methods and resources in camelCase, types in PascalCase, neither with
 * underscores; parameters keep the API's own key wherever it is already an identifier.
 *
 * - A name is split into words at every run of characters that are not ASCII letters or digits
 *   (`_`, `-`, `.`, `/`, spaces...), accents taken off first (`über` is `uber`); a trailing comparison is read as a word first, so the name
 *   says what it sends: `StartTime<` gives `startTimeBefore`, `>` `After`, `<=` `AtOrBefore`,
 *   `>=` `AtOrAfter`, `!=` and `<>` `Not` (Twilio's date filters).
 * - Methods and resources join the words in camelCase (`chat_postMessage` gives `chatPostMessage`,
 *   `get-content` `getContent`, `GetCustomers` `getCustomers`, `URLs` `urls`); types and classes
 *   in PascalCase (`deleted_external_account` gives `DeletedExternalAccount`). The words keep
 *   their own inner capitals, so `postMessage` stays one word.
 * - A parameter that is already an identifier keeps its name (`per_page`, as Octokit's), since it
 *   is also the key users know from the API's reference; any other is joined in camelCase
 *   (`asset-id` gives `assetId`, Stripe's `created[lt]` gives `createdLt`); a header parameter is
 *   always camelCase (`X-GitHub-Api-Version` gives `xGitHubApiVersion`).
 * - A name that would start with a digit gets `_` before it; a method on the class named like a
 *   Session member, a type named like one TypeScript or the file keeps, and a parameter named like
 *   a reserved word or a call option get `_` after it (`delete_`, `Promise_`, `default_`): the only
 *   underscores a made name has.
 * - Names that still come out the same, or differ only by letter case, are told apart by what
 *   they send, never by a look-alike (model/checks.ts, with a warning): a query parameter keeps its
 *   wire name as a quoted key (`'start-time'`), a path, header or cookie parameter gets its place
 *   appended (`idHeader`), a method is named from its HTTP method and path (`getPetsPetId`).
 *
 * The wire name is always sent exactly, and JSDoc shows it where the two differ.
 */
import type { TypeRef } from './types.js';

/** ASCII identifiers only, so every name reads the same in every editor and terminal. */
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function isIdentifierName(name: string): boolean {
  return IDENTIFIER.test(name);
}

/** Words that cannot name a variable, class or type in strict-mode TypeScript modules. */
export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  'await', 'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do',
  'else', 'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'implements', 'import',
  'in', 'instanceof', 'interface', 'let', 'new', 'null', 'package', 'private', 'protected', 'public',
  'return', 'static', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while',
  'with', 'yield', 'arguments', 'eval',
]);

/** Names TypeScript keeps for its own types; a declared type cannot take them. */
export const RESERVED_TYPE_NAMES: ReadonlySet<string> = new Set([
  'any', 'bigint', 'boolean', 'never', 'number', 'object', 'string', 'symbol', 'undefined', 'unknown', 'void',
  'integer', 'null', 'Record', 'Uint8Array', 'Promise', 'Readable',
]);

/**
 * Members of Session (and of every object) a generated method must not replace. `then` is here
 * because a client with a `then` method would be treated as a promise by `await`.
 * A test checks this list against the runtime Session so it stays complete.
 */
export const SESSION_MEMBERS: ReadonlySet<string> = new Set([
  'get', 'head', 'post', 'put', 'delete', 'options', 'patch', 'request', 'close', 'map', 'callApi', 'callPaged',
  'headers', 'params', 'cookies', 'hooks', 'baseLocation', 'endpoint', 'connections', 'openConnections',
  'queuedCalls', 'closed', 'constructor', 'then',
  'toString', 'toLocaleString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', '__proto__',
]);

/** What a comparison at the end of a name filters by, as a word of the name. */
export const COMPARISON_WORDS: Readonly<Record<string, string>> = {
  '<=': 'AtOrBefore',
  '>=': 'AtOrAfter',
  '!=': 'Not',
  '<>': 'Not',
  '<': 'Before',
  '>': 'After',
};

const TRAILING_COMPARISON = /(<=|>=|!=|<>|<|>)$/;

/** The parts of a name between the runs of characters an identifier cannot hold, a trailing comparison as its word. */
function nameParts(wire: string): string[] {
  const words = wire.replace(TRAILING_COMPARISON, (operator) => ` ${COMPARISON_WORDS[operator]!}`);
  return words.split(/[^A-Za-z0-9_$]+/).filter((part) => part !== '');
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** `URLs` gives `urls`, `XMLHttp` `xmlHttp`, `GetCustomers` `getCustomers`: a leading run of capitals lowered as one word. */
function lowerLeadingWord(word: string): string {
  const run = /^[A-Z]+/.exec(word)?.[0].length ?? 0;
  if (run === word.length) return word.toLowerCase();
  if (run <= 1) return lowerFirst(word);
  // `URLs` is the acronym's plural; in `XMLHttp` the run's last capital starts the next word.
  const keep = word.slice(run) === 's' ? run : run - 1;
  return word.slice(0, keep).toLowerCase() + word.slice(keep);
}

/** The words of a name: its parts between characters that are not ASCII letters or digits. */
function words(wire: string): string[] {
  // Accents come off rather than the letters they sit on: `ünïcode` is `unicode`, not `nCode`.
  const plain = wire.normalize('NFKD').replace(/\p{M}/gu, '');
  const spaced = plain.replace(TRAILING_COMPARISON, (operator) => ` ${COMPARISON_WORDS[operator]!}`);
  return spaced.split(/[^A-Za-z0-9]+/).filter((part) => part !== '');
}

function digitSafe(name: string): string {
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** A method or resource name in camelCase: `chat_postMessage` gives `chatPostMessage`. */
export function camelName(wire: string, fallback: string): string {
  const parts = words(wire);
  if (parts.length === 0) return fallback;
  return digitSafe(lowerLeadingWord(parts[0]!) + parts.slice(1).map(upperFirst).join(''));
}

/** A type or class name in PascalCase: `deleted_external_account` gives `DeletedExternalAccount`. */
export function pascalName(wire: string, fallback: string): string {
  const parts = words(wire);
  if (parts.length === 0) return fallback;
  return digitSafe(parts.map(upperFirst).join(''));
}

function camelJoin(parts: readonly string[], fallback: string): string {
  if (parts.length === 0) return fallback;
  const joined = lowerFirst(parts[0]!) + parts.slice(1).map(upperFirst).join('');
  return /^[0-9]/.test(joined) ? `_${joined}` : joined;
}

/** An identifier for `wire`: kept when it is one, else its parts in camelCase. */
export function identifierFor(wire: string, fallback: string): string {
  return isIdentifierName(wire) ? wire : camelJoin(nameParts(wire), fallback);
}

/** A method's or resource's name as a front end makes it: camelCase. Where it sits decides the rest (memberName). */
export function methodName(wire: string): string {
  return camelName(wire, 'operation');
}

/**
 * Members of every resource object, which a method or resource under it must not replace:
 * the runtime's ResourceBase (its `callApi`, `callPaged`) and every object's, `then` for `await`.
 */
export const RESOURCE_MEMBERS: ReadonlySet<string> = new Set([
  'callApi', 'callPaged', 'constructor', 'then', ...Object.getOwnPropertyNames(Object.prototype),
]);

/**
 * A method or resource name where it sits: keywords are fine (they are property names); on the
 * class, Session's own members are not, on a resource object its own are not; those get `_`.
 */
export function memberName(name: string, onClient: boolean): string {
  return (onClient ? SESSION_MEMBERS : RESOURCE_MEMBERS).has(name) ? `${name}_` : name;
}

/** Whether every value of `type` is a string, so it fits a call option that takes a string. */
function isStringType(type: TypeRef): boolean {
  if (type.kind === 'builtin') return type.name === 'string';
  if (type.kind === 'literal') return typeof type.value === 'string';
  return type.kind === 'union' && type.members.every(isStringType);
}

/**
 * A parameter's key in the method's argument (or in its `query`). A header parameter that is the
 * header a string call option sets (`Idempotency-Key`, `Accept`) keeps that option's key, the same
 * header with the same meaning, so long as its type is a string; of another type it gets `_` too.
 */
export function paramName(wire: string, location: 'path' | 'query' | 'header' | 'cookie', type: TypeRef): string {
  const name = location === 'header' ? camelJoin(nameParts(wire), 'header') : identifierFor(wire, 'param');
  if (location === 'header' && HEADER_OPTIONS.has(name) && isStringType(type)) return name;
  // Query keys sit in their own object, where only the generated code's variables could clash.
  const reserved = location === 'query' ? RESERVED_WORDS.has(name) : RESERVED_PARAM_NAMES.has(name) || RESERVED_WORDS.has(name);
  return reserved ? `${name}_` : name;
}

/** A type or class name: the identifier with a capital first letter. */
export function typeName(wire: string): string {
  const name = pascalName(wire, 'Type');
  return RESERVED_TYPE_NAMES.has(name) || IMPORTED_NAMES.has(name) ? `${name}_` : name;
}

/** A method's full name in PascalCase, the stem of its own types: `repos` and `getContent` give `ReposGetContent`. */
export function qualifiedTypeStem(resource: readonly string[], method: string): string {
  return pascalName([...resource, method].join(' '), 'Operation');
}

/** Names made for a method's own types: `repos.getContent` gives `ReposGetContentArgs` and `ReposGetContentError`. */
export function argsTypeName(resource: readonly string[], method: string): string {
  return `${qualifiedTypeStem(resource, method)}Args`;
}

export function errorTypeName(resource: readonly string[], method: string): string {
  return `${qualifiedTypeStem(resource, method)}Error`;
}

/** A resource object's class: `accounts.people` gives `AccountsPeopleResource`. */
export function resourceClassName(path: readonly string[]): string {
  return `${pascalName(path.join(' '), 'Api')}Resource`;
}

export function optionsTypeName(client: string): string {
  return `${client}Options`;
}

/**
 * Hands out names in one namespace: the first claim of a name gets it, a later one gets the
 * lowest free numeric suffix. Deterministic for the same order of claims.
 */
export class UniqueNames {
  readonly #taken = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const name of reserved) this.#taken.add(name);
  }

  claim(name: string): string {
    let unique = name;
    for (let suffix = 2; this.#taken.has(unique); suffix++) unique = `${name}${suffix}`;
    this.#taken.add(unique);
    return unique;
  }
}

/**
 * Keys a parameter cannot take as they are: they sit beside the parameters in a method's
 * argument (its call options, `query` and `body`), or name the generated method's own variables.
 * A test checks the call options against the runtime's CallOptions so the list stays complete.
 */
export const RESERVED_PARAM_NAMES: ReadonlySet<string> = new Set([
  'headers', 'cookies', 'timeout', 'signal', 'auth', 'hooks', 'retry', 'maxRedirects', 'security', 'idempotencyKey',
  'query', 'body', 'args', 'options',
  'accept',
]);

/**
 * SessionOptions' own keys (a security scheme's constructor option cannot take one) and the
 * constructor's own variable. A test checks the list against the runtime's SessionOptions.
 */
export const SESSION_OPTION_NAMES: ReadonlySet<string> = new Set([
  'baseLocation', 'endpoint', 'headers', 'params', 'connections', 'persistCookies', 'keepAlive', 'timeout', 'signal',
  'auth', 'authSchemes', 'security', 'servers', 'documentServer', 'hooks', 'retry', 'maxRedirects', 'verbose', 'tls',
  'decompress', 'idempotencyKey', 'rateLimit', 'proxy', 'trustEnv', 'dispatcher', 'rest', 'options', 'undefined',
]);

/**
 * The constructor option of a security scheme: its name in lower camelCase (`ApiKeyAuth` gives
 * `apiKeyAuth`, `accountSid_authToken` stays), with `_` appended where it is a SessionOptions key or
 * a reserved word.
 */
export function schemeOptionName(wire: string): string {
  const name = lowerFirst(identifierFor(wire, 'credentials'));
  return SESSION_OPTION_NAMES.has(name) || RESERVED_WORDS.has(name) ? `${name}_` : name;
}

/**
 * Call options that set one header: a header parameter of that name means the same thing, so it
 * keeps the option's key (a document's `Accept` parameter is the `accept` option, typed its way).
 */
const HEADER_OPTIONS: ReadonlySet<string> = new Set(['accept', 'idempotencyKey']);

/** Names the emitted file imports or declares itself. */
export const IMPORTED_NAMES: ReadonlySet<string> = new Set([
  'ApiCall', 'CallOptions', 'Session', 'SessionOptions', 'encodePathParam', 'encodePathSegments', 'BasicAuth', 'DigestAuth', 'BearerAuth',
  'ApiKeyAuth', 'HTTPError', 'FileInput', 'RequestBody', 'ResponseStream', 'queryParams',
  'readJson', 'readText', 'readBytes', 'readStream', 'readNone', 'readEvents', 'readTextEvents', 'readJsonLines',
  'EventStream', 'JsonLines', 'PagedCall',
  'MultipartFields',
  'readJsonOrText', 'StreamingArgs', 'NonStreamingArgs', 'ResourceBase',
]);

function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      const cost = a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

/** The closest candidate, if it is close enough to be a likely typo. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
