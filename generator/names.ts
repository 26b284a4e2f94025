/**
 * Which spec names can become which TypeScript names. The generator refuses a bad name with
 * a clear error rather than renaming it: a renamed method is one the user cannot find.
 */

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
  'integer', 'null', 'Record',
]);

/**
 * Members of Session (and of every object) a generated method must not replace. `then` is here
 * because a client with a `then` method would be treated as a promise by `await`.
 * A test checks this list against the runtime Session so it stays complete.
 */
export const SESSION_MEMBERS: ReadonlySet<string> = new Set([
  'get', 'head', 'post', 'put', 'delete', 'options', 'patch', 'request', 'close', 'map', 'callApi',
  'headers', 'params', 'cookies', 'hooks', 'baseLocation', 'endpoint', 'connections', 'openConnections',
  'queuedCalls', 'closed', 'constructor', 'then',
  'toString', 'toLocaleString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable',
]);

export function isReservedMethodName(name: string): boolean {
  return SESSION_MEMBERS.has(name) || name.startsWith('_') || name.startsWith('#');
}

/**
 * Keys a path parameter cannot take: they sit beside the parameters in a method's argument
 * (call options today and the ones the runtime is expected to grow), or they are the names the
 * generated method body uses for its own variables.
 */
export const RESERVED_PARAM_NAMES: ReadonlySet<string> = new Set([
  'query', 'body', 'headers', 'cookies', 'timeout', 'signal', 'params', 'json', 'form', 'path', 'auth',
  'hooks', 'retry', 'verbose', 'redirect', 'maxRedirects', 'args', 'options',
]);

/** Names the emitted file imports or declares itself. */
export const IMPORTED_NAMES: ReadonlySet<string> = new Set([
  'ApiCall', 'CallOptions', 'Session', 'SessionOptions', 'encodePathParam', 'BasicAuth', 'DigestAuth', 'BearerAuth',
  'readJson', 'readText', 'readNone',
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
