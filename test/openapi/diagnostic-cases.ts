/**
 * One small document for each diagnostic the OpenAPI front end declares, with where it must be
 * reported (JSON pointer, and line:col in the document as written). The generator's validation
 * test counts these codes as covered; test/openapi/diagnostics.test.ts runs them.
 */
import type { DiagnosticCode } from '../../generator/diagnostics.js';

export interface DocumentCase {
  /** The document text (JSON unless `file` ends in .yaml). */
  readonly text: string;
  readonly file?: string;
  readonly files?: Record<string, string>;
  /** `line:col: pointer: message`, as formatDiagnostic prints it after the file name. */
  readonly expected: string;
}

const head = (rest: string, version = '3.0.3'): string => `{\n  "openapi": "${version}",\n  "info": {"title": "T", "version": "1"},\n${rest}\n}\n`;
const yamlHead = (rest: string): string => `openapi: 3.1.0\ninfo:\n  title: T\n  version: "1"\n${rest}`;
const OK = '"responses": {"200": {"description": "ok"}}';

export const DOCUMENT_CASES: Partial<Record<DiagnosticCode, DocumentCase>> = {
  jsonSyntax: { text: '{\n  "openapi": "3.0.0",\n  "info": {,}\n}', expected: /* V8 says where */ '3:12: JSON syntax error:' },
  yamlSyntax: { text: 'openapi: 3.1.0\ninfo:\n  title: [unclosed\n', file: 'api.yaml', expected: '4:1: YAML syntax error:' },
  swaggerNotSupported: { text: '{\n  "swagger": "2.0",\n  "paths": {}\n}', expected: '2:14: #/swagger: this is a Swagger 2.0 document; sessiongen reads OpenAPI 3.0 and 3.1 only.' },
  openapiVersion: { text: head('  "paths": {}', '2.5'), expected: '2:14: #/openapi: expected an OpenAPI version 3.0.x or 3.1.x; got "2.5"' },
  notOpenApi: { text: '{"info": {}}', expected: '1:1: #: expected an OpenAPI document: an object with an "openapi" version' },
  wrongType: { text: head('  "paths": {"/a": {"get": {"parameters": [{"name": "q", "in": "body"}], ' + OK + '}}}'), expected: '4:63: #/paths/~1a/get/parameters/0/in: expected one of path, query, header, cookie; got "body"' },
  missingKey: { text: yamlHead('paths:\n  /a:\n    get:\n      parameters:\n        - in: query\n      responses: {}\n'), file: 'api.yaml', expected: '9:11: #/paths/~1a/get/parameters/0: missing required key "name"' },
  badRef: { text: head('  "paths": {},\n  "components": {"schemas": {"A": {"$ref": "#/components/schemas/B"}}}'), expected: '5:44: #/components/schemas/A/$ref: cannot resolve $ref "#/components/schemas/B": the document has nothing at "B"' },
  refFileUnreadable: { text: head('  "paths": {"/a": {"$ref": "paths/a.json"}}'), expected: '4:28: #/paths/~1a/$ref: cannot read "paths/a.json", which this $ref names' },
  refCycle: { text: head('  "paths": {"/a": {"$ref": "#/paths/~1b"}, "/b": {"$ref": "#/paths/~1a"}}'), expected: '4:28: #/paths/~1a/$ref: $ref "#/paths/~1b" leads back to itself' },
  schemaTooDeep: {
    text: head(`  "paths": {},\n  "components": {"schemas": {"D": ${'{"items":'.repeat(300)}{}${'}'.repeat(300)}}}`),
    expected: '5:1844: #/components/schemas/D' + '/items'.repeat(201) + ': schemas nest more than 200 levels deep here; refusing to read further',
  },
  badSchemaType: { text: yamlHead('paths: {}\ncomponents:\n  schemas:\n    T:\n      type: strin\n'), file: 'api.yaml', expected: '9:13: #/components/schemas/T/type: expected a schema type (string, number, integer, boolean, null, array, object); got "strin"' },
  badPathTemplate: { text: head(`  "paths": {"/a/{b": {"get": {${OK}}}}`), expected: '4:22: #/paths/~1a~1{b: invalid path "/a/{b": the "{" at 4 is never closed' },
  remoteRef: { text: head('  "paths": {},\n  "components": {"schemas": {"A": {"$ref": "https://example.com/a.json"}}}'), expected: '5:44: warning: #/components/schemas/A/$ref: $ref "https://example.com/a.json" names a URL; only local files are read, so this is typed unknown' },
  mediaTypeChoice: {
    text: head(`  "paths": {"/a": {"post": {"requestBody": {"content": {"text/plain": {}, "application/json": {}}}, ${OK}}}}`),
    expected: '4:56: warning: #/paths/~1a/post/requestBody/content: the request body offers "application/json", "text/plain"; the client uses "application/json" (JSON first, then form, multipart, then the rest in document order)',
  },
  unknownSecurityScheme: {
    text: head(`  "paths": {"/a": {"get": {"security": [{"bearer": []}, {"basic": []}], ${OK}}}},\n  "components": {"securitySchemes": {"basic": {"type": "http", "scheme": "basic"}}}`),
    expected: '4:52: warning: #/paths/~1a/get/security/0/bearer: security names the scheme "bearer", which is not a defined security scheme; this alternative is left out',
  },
  securityNotNamed: {
    text: head(`  "paths": {"/a": {"get": {${OK}}}},\n  "components": {"securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Key"}}}`),
    expected: '1:1: warning: #: security schemes are defined ("key") but no security names one; each call sends the first of them the client was given credentials for',
  },
  streamNotAsked: {
    text: head(`  "paths": {"/a": {"post": {"requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {"n": {"type": "integer"}}}}}}, "responses": {"200": {"description": "ok", "content": {"application/json": {}, "text/event-stream": {}}}}}}}`),
    expected: '4:207: warning: #/paths/~1a/post/responses/200/content: the 200 response offers "text/event-stream" beside "application/json", but the request body has no key that asks for it (`stream: true` or `stream_format: "sse"`); the client uses "application/json"',
  },
  placementExtension: { text: head(`  "paths": {"/a": {"get": {"x-speakeasy-group": 3, ${OK}}}}`), expected: '4:27: warning: #/paths/~1a/get: x-speakeasy-group is a number, so it is not used; where the extensions say nothing, the method is placed by the rules after them (docs/openapi.md, "Resources")' },
  unsupportedConstruct: { text: head(`  "paths": {"/a": {"trace": {${OK}}}}`), expected: '4:29: warning: #/paths/~1a/trace: the TRACE method is not supported; the operation is left out; call it with session.request()' },
  unknownEncodingField: {
    text: head(`  "paths": {"/a": {"post": {"requestBody": {"content": {"multipart/form-data": {"schema": {"type": "object", "properties": {"file": {"type": "string"}}}, "encoding": {"fil": {"contentType": "image/png"}}}}}, ${OK}}}}`),
    expected: '4:175: warning: #/paths/~1a/post/requestBody/content/multipart~1form-data/encoding/fil: the encoding names "fil", which the body\'s schema does not have; it is ignored',
  },
  placeholderWithoutParam: { text: head(`  "paths": {"/a/{id}": {"get": {${OK}}}}`), expected: '4:24: warning: #/paths/~1a~1{id}: placeholder {id} has no path parameter; it is typed string' },
  pathParamWithoutPlaceholder: {
    text: head(`  "paths": {"/a": {"get": {"parameters": [{"name": "id", "in": "path", "required": true}], ${OK}}}}`),
    expected: '4:43: warning: #/paths/~1a/get/parameters/0: path parameter "id" has no {id} in "/a"; it is left out',
  },
  serverVariableDefault: { text: head('  "servers": [{"url": "https://{host}/v1", "variables": {"host": {"enum": ["a.example"]}}}],\n  "paths": {}'), expected: '4:57: warning: #/servers/0/variables: server variable "host" has no default; "a.example" is used' },
  relativeServer: { text: head('  "servers": [{"url": "/v1"}],\n  "paths": {}'), expected: '4:23: warning: #/servers/0/url: server URL "/v1" is relative, so the client has no base location of its own: pass baseLocation when you construct it' },
  noOperations: { text: head('  "paths": {}'), expected: '4:12: warning: #/paths: the document has no operations under "paths"; the client has only the Session\'s own methods' },
  // The tag puts both on one resource, `t`, where the operationId names them both.
  renamedDuplicate: {
    text: head(`  "paths": {"/a": {"get": {"tags": ["t"], "operationId": "x", ${OK}}, "put": {"tags": ["t"], "operationId": "x", ${OK}}}}`),
    expected: '4:116: warning: #/paths/~1a/put: the method name "t.x" is already taken by the operation "x"; this one is named "t.putA"',
  },
  typeCycle: {
    text: head('  "paths": {},\n  "components": {"schemas": {"A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "#/components/schemas/A"}}}'),
    expected: '5:35: #/components/schemas/A: type "A" refers to itself through A -> B -> A; a type may refer to itself only inside an object or array',
  },
  ambiguousPagination: {
    text: head('  "paths": {"/a": {"get": {"parameters": [{"name": "offset", "in": "query", "schema": {"type": "integer"}}, {"name": "limit", "in": "query", "schema": {"type": "integer"}}, {"name": "page", "in": "query", "schema": {"type": "integer"}}, {"name": "per_page", "in": "query", "schema": {"type": "integer"}}], "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "array", "items": {}}}}}}}}}'),
    expected: '4:27: warning: #/paths/~1a/get: the operation fits several pagination shapes ("offset" with "limit"; "page" with "per_page"), so it is not paged',
  },
  pageItemsAmbiguous: {
    text: head('  "paths": {"/a": {"get": {"parameters": [{"name": "cursor", "in": "query"}], "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"properties": {"a": {"items": {}}, "b": {"items": {}}, "next_cursor": {"type": "string"}}}}}}}}}}'),
    expected: '4:27: warning: #/paths/~1a/get: the operation is paged by a cursor next_cursor for "cursor", but several lists could hold the items (a, b)',
  },
  badPaginationExtension: {
    text: head('  "paths": {"/a": {"get": {"x-fern-pagination": {"cursor": "$request.after", "next_cursor": "$response.next"}, "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "array", "items": {}}}}}}}}}'),
    expected: '4:49: warning: #/paths/~1a/get/x-fern-pagination: x-fern-pagination cannot be followed: cursor names the parameter "after", which the operation does not have',
  },
};

/** Codes only the OpenAPI front end reports: the YAML validation cases need not cover them. */
export const OPENAPI_CODES: readonly DiagnosticCode[] = [
  'jsonSyntax', 'swaggerNotSupported', 'openapiVersion', 'notOpenApi', 'badRef', 'refFileUnreadable', 'refCycle', 'schemaTooDeep',
  'badSchemaType', 'badPathTemplate', 'remoteRef', 'mediaTypeChoice', 'unknownSecurityScheme', 'streamNotAsked', 'unsupportedConstruct', 'placementExtension', 'unknownEncodingField', 'placeholderWithoutParam',
  'pathParamWithoutPlaceholder', 'serverVariableDefault', 'relativeServer', 'noOperations',
  'ambiguousPagination', 'pageItemsAmbiguous', 'badPaginationExtension',
];
