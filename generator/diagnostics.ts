/**
 * Every problem the generator can report about a spec, declared here and only here, so the
 * wording stays consistent, the tests can check that each kind has a case, and users can
 * search one file for what a message means.
 */
import { closest } from './model/names.js';
import { HTTP_METHODS } from './model/types.js';

export interface Position {
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly col: number;
}

function quote(text: string): string {
  return JSON.stringify(text);
}

function didYouMean(suggestion: string | undefined): string {
  return suggestion === undefined ? '' : `; did you mean ${quote(suggestion)}?`;
}

export const DIAGNOSTICS = {
  fileUnreadable: (reason: string) => `cannot read the spec: ${reason}`,
  yamlSyntax: (detail: string) => `YAML syntax error: ${detail}`,
  yamlAliasBomb: (limit: number) => `YAML aliases expand to more than ${limit} nodes; refusing to expand them further`,
  yamlComplexKey: () => 'expected a plain string key',
  duplicateKey: (key: string, first: Position) => `duplicate key ${quote(key)} (first at ${first.line}:${first.col})`,
  unknownKey: (key: string, allowed: readonly string[], suggestion: string | undefined) =>
    `unknown key ${quote(key)}${suggestion === undefined ? `; expected one of ${allowed.join(', ')}` : didYouMean(suggestion)}`,
  missingKey: (key: string) => `missing required key ${quote(key)}`,
  wrongType: (expected: string, got: string) => `expected ${expected}; got ${got}`,
  badMethod: (got: string) => `expected one of ${HTTP_METHODS.join(', ')}; got ${quote(got)}`,
  badChoice: (choices: readonly string[], got: string) => `expected one of ${choices.join(', ')}; got ${quote(got)}${didYouMean(closest(got, choices))}`,
  badBaseLocation: (got: string, reason: string) => `expected an absolute http or https URL (${reason}); got ${quote(got)}`,
  badEndpoint: (got: string) => `expected a path starting with "/" holding only URL path characters; got ${quote(got)}`,
  badPath: (got: string, reason: string) => `invalid path ${quote(got)}: ${reason}`,
  emptyPlaceholder: (path: string) => `path ${quote(path)} has a {placeholder} with no name`,
  badPlaceholder: (name: string) => `placeholder {${name}} cannot hold "/"`,
  duplicatePlaceholder: (name: string) => `placeholder {${name}} appears more than once in the path; one parameter fills every place`,
  paramWithoutPlaceholder: (name: string, path: string) => `parameter ${quote(name)} has no {${name}} placeholder in path ${quote(path)}`,
  duplicateRoute: (method: string, path: string, other: string) => `${method} ${path} is already defined by ${other}; both methods are kept`,
  unknownType: (name: string, suggestion: string | undefined) => `unknown type ${quote(name)}${didYouMean(suggestion)}`,
  badTypeSyntax: (expression: string, reason: string) => `cannot read type ${quote(expression)}: ${reason}`,
  typeCycle: (cycle: readonly string[]) =>
    `type ${quote(cycle[0] ?? '')} refers to itself through ${cycle.join(' -> ')}; a type may refer to itself only inside an object or array`,
  notScalarType: (what: string, type: string) => `${what} must be a string, number, integer or boolean type; got ${type}`,
  notObjectType: (what: string, type: string) => `${what} must be an object type; got ${type}`,
  encodingWithoutFields: (mediaType: string) => `$encoding says how the fields of a form or multipart body are written; this body is sent as ${mediaType}`,
  notTextType: (mediaType: string, type: string) => `a ${mediaType} response is read as text, so its type must be string or unknown; got ${type}`,
  badCookieName: (name: string) => `cookie name ${quote(name)} is not a valid HTTP token`,
  duplicateParam: (name: string) => `parameter ${quote(name)} is declared twice`,
  badErrorStatus: (got: string) => `expected an error status such as 404, 4XX or default; got ${quote(got)}`,
  typeFormTwice: (keys: readonly string[]) => `give one of ${keys.join(' and ')}, not both`,
  bodyTwice: () => 'give body or body?, not both',
  noSharedPagination: () => 'paginate: true needs a paginate rule at the top of the spec',
  badPageNext: (next: string) => `${next} is not a string in the response type, so it cannot hold the next page's URL`,
  badPageItems: (items: string) => `${items} is not an array in the response type, so it cannot hold a page's items`,
  apiKeyPlace: () => 'an api_key auth needs both "in" (header, query or cookie) and "name"',
  badHeaderName: (name: string) => `header name ${quote(name)} is not a valid HTTP token`,
  badHeaderValue: (name: string) => `header ${quote(name)} holds CR, LF or NUL, which could split the request`,
  headResponse: () => 'a HEAD response has no body, so it cannot have a response type',
  badStream: (reason: string) => `stream: ${reason}`,
  badFieldName: () => 'a key needs a name before its "?"',
  unusedResource: (name: string) => `no path is on the resource ${quote(name)}, so its description is not shown anywhere`,
  badMethodPath: (key: string) => `${quote(key)} has an empty name at a dot; a dotted name names resources from the client down, e.g. "customers.list" or "accounts.people"`,
  outputClash: (output: string, other: string) => `would write ${output}, as ${other} does; give the specs different names`,
  resourceCase: (wanted: string, given: string) => `the resource ${quote(wanted)} differs from ${quote(given)} only by letter case, so its methods go on ${quote(given)}`,
  renamedDuplicate: (what: string, wanted: string, given: string, other: string) =>
    `the ${what} ${quote(wanted)} is already taken by ${other}; this one is named ${quote(given)}`,

  // OpenAPI documents (generator/frontends/openapi); `at` is a JSON pointer there.
  jsonSyntax: (detail: string) => `JSON syntax error: ${detail}`,
  swaggerNotSupported: (version: string) =>
    `this is a Swagger ${version} document; sessiongen reads OpenAPI 3.0 and 3.1 only. Convert it first, for example with \`npx swagger2openapi <file> --outfile openapi.json\`, and generate from the result`,
  openapiVersion: (got: string) => `expected an OpenAPI version 3.0.x or 3.1.x; got ${quote(got)}`,
  notOpenApi: () => 'expected an OpenAPI document: an object with an "openapi" version',
  badRef: (ref: string, reason: string) => `cannot resolve $ref ${quote(ref)}: ${reason}`,
  refFileUnreadable: (file: string) => `cannot read ${quote(file)}, which this $ref names`,
  refCycle: (ref: string) => `$ref ${quote(ref)} leads back to itself`,
  schemaTooDeep: (limit: number) => `schemas nest more than ${limit} levels deep here; refusing to read further`,
  badSchemaType: (got: string) => `expected a schema type (string, number, integer, boolean, null, array, object); got ${quote(got)}`,
  badPathTemplate: (path: string, reason: string) => `invalid path ${quote(path)}: ${reason}`,
  remoteRef: (ref: string) => `$ref ${quote(ref)} names a URL; only local files are read, so this is typed unknown`,
  mediaTypeChoice: (what: string, chosen: string, others: readonly string[]) =>
    `${what} offers ${[chosen, ...others].map(quote).join(', ')}; the client uses ${quote(chosen)} (JSON first, then form, multipart, then the rest in document order)`,
  unknownSecurityScheme: (name: string, defined: readonly string[]) =>
    `security names the scheme ${quote(name)}, which is not a defined security scheme; this alternative is left out${didYouMean(closest(name, defined))}`,
  securityNotNamed: (schemes: readonly string[]) =>
    `security schemes are defined (${schemes.map(quote).join(', ')}) but no security names one; each call sends the first of them the client was given credentials for`,
  streamNotAsked: (what: string, stream: string, chosen: string) =>
    `${what} offers ${quote(stream)} beside ${quote(chosen)}, but the request body has no key that asks for it (\`stream: true\` or \`stream_format: "sse"\`); the client uses ${quote(chosen)}`,
  unsupportedConstruct: (what: string, instead: string) => `${what} is not supported; ${instead}`,
  placementExtension: (what: string) => `${what}; where the extensions say nothing, the method is placed by the rules after them (docs/openapi.md, "Resources")`,
  unknownEncodingField: (name: string) => `the encoding names ${quote(name)}, which the body's schema does not have; it is ignored`,
  placeholderWithoutParam: (name: string) => `placeholder {${name}} has no path parameter; it is typed string`,
  pathParamWithoutPlaceholder: (name: string, path: string) => `path parameter ${quote(name)} has no {${name}} in ${quote(path)}; it is left out`,
  serverVariableDefault: (name: string, used: string) => `server variable ${quote(name)} has no default; ${quote(used)} is used`,
  relativeServer: (url: string) => `server URL ${quote(url)} is relative, so the client has no base location of its own: pass baseLocation when you construct it`,
  ambiguousPagination: (shapes: readonly string[]) =>
    `the operation fits ${shapes.length === 1 ? `${shapes[0]} in more than one place` : `several pagination shapes (${shapes.join('; ')})`}, so it is not paged: it returns its first page only (say which with x-speakeasy-pagination or x-fern-pagination)`,
  pageItemsAmbiguous: (shape: string, lists: readonly string[]) =>
    `the operation is paged by ${shape}, but several lists could hold the items (${lists.join(', ')}), so it is not paged: it returns its first page only (name them with x-speakeasy-pagination's outputs.results)`,
  badPaginationExtension: (extension: string, reason: string) => `${extension} cannot be followed: ${reason}; the method returns its first page only`,
  noOperations: () => 'the document has no operations under "paths"; the client has only the Session\'s own methods',
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTICS;

/**
 * Codes that do not stop generation: something was mapped loosely or renamed, and the user
 * should know, but the output is still a valid client.
 */
export const WARNINGS: ReadonlySet<DiagnosticCode> = new Set<DiagnosticCode>([
  'renamedDuplicate',
  'resourceCase',
  'duplicatePlaceholder',
  'duplicateRoute',
  'remoteRef',
  'mediaTypeChoice',
  'unknownSecurityScheme',
  'unusedResource',
  'securityNotNamed',
  'streamNotAsked',
  'unsupportedConstruct',
  'placementExtension',
  'unknownEncodingField',
  'placeholderWithoutParam',
  'pathParamWithoutPlaceholder',
  'serverVariableDefault',
  'relativeServer',
  'noOperations',
  'ambiguousPagination',
  'pageItemsAmbiguous',
  'badPaginationExtension',
]);

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  /** The spec as the user named it. */
  readonly file: string;
  readonly position: Position;
  /** Where in the spec, as dotted keys (`paths.getPet.method`); empty for the document itself. */
  readonly at: string;
  readonly message: string;
}

/** `spec.yaml:12:5: paths.getPet.method: expected one of ...; got "FETCH"`; a warning says so after the place. */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  const where = `${diagnostic.file}:${diagnostic.position.line}:${diagnostic.position.col}${diagnostic.severity === 'warning' ? ': warning' : ''}`;
  const line = diagnostic.at === '' ? `${where}: ${diagnostic.message}` : `${where}: ${diagnostic.at}: ${diagnostic.message}`;
  // Key paths and quoted values come from the spec: a line break or terminal control in a key
  // must not split the line or reach the terminal raw.
  return line.replace(UNPRINTABLE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** A place to report at: a file (the sink's own when left out), a position in it, and the key path. */
export interface Place {
  readonly file?: string;
  readonly position: Position;
  readonly at: string;
}

/** Collects diagnostics for one source (a spec, or a document and the files it refers to). */
export class DiagnosticSink {
  readonly #file: string;
  readonly #items: Diagnostic[] = [];
  #errors = 0;

  constructor(file: string) {
    this.#file = file;
  }

  report<C extends DiagnosticCode>(
    code: C,
    position: Position,
    at: string,
    ...args: Parameters<(typeof DIAGNOSTICS)[C]>
  ): void {
    this.reportAt(code, { position, at }, ...args);
  }

  /** Reports at a model item's origin, which may be in another file than the sink's. */
  reportAt<C extends DiagnosticCode>(code: C, place: Place, ...args: Parameters<(typeof DIAGNOSTICS)[C]>): void {
    const build = DIAGNOSTICS[code] as (...values: Parameters<(typeof DIAGNOSTICS)[C]>) => string;
    const severity: Severity = WARNINGS.has(code) ? 'warning' : 'error';
    if (severity === 'error') this.#errors++;
    this.#items.push({ code, severity, file: place.file ?? this.#file, position: place.position, at: place.at, message: build(...args) });
  }

  get file(): string {
    return this.#file;
  }

  get diagnostics(): readonly Diagnostic[] {
    // Sorted by file, then place, so the output reads top to bottom whatever order the checks ran in.
    return [...this.#items].sort(
      (a, b) => (a.file === b.file ? 0 : a.file === this.#file ? -1 : b.file === this.#file ? 1 : a.file < b.file ? -1 : 1) || a.position.line - b.position.line || a.position.col - b.position.col,
    );
  }

  /** Errors only: warnings never stop generation. */
  get count(): number {
    return this.#errors;
  }
}
