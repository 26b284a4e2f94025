/**
 * One bad spec per kind of diagnostic, with the exact lines it must produce. The test checks
 * that every code declared in generator/diagnostics.ts has a case here.
 */
import type { DiagnosticCode } from '../../generator/diagnostics.js';

export interface ValidationCase {
  readonly spec: string;
  readonly expected: readonly string[];
}

const PING = 'paths:\n  ping:\n    path: /ping\n';

function laughs(): string {
  const lines = ['client: Api', PING.trimEnd(), 'lol:', '  a: &a [x, x, x, x, x, x, x, x, x, x]'];
  let previous = 'a';
  for (const name of ['b', 'c', 'd', 'e', 'f']) {
    lines.push(`  ${name}: &${name} [${Array.from({ length: 10 }, () => `*${previous}`).join(', ')}]`);
    previous = name;
  }
  return lines.join('\n') + '\n';
}

/** `fileUnreadable` and `outputClash` are about files, not one spec's text: the test makes those itself. */
export const FILE_CODES: readonly DiagnosticCode[] = ['fileUnreadable', 'outputClash'];

export const CASES: Partial<Record<DiagnosticCode, ValidationCase>> = {
  yamlSyntax: {
    spec: 'client: Api\npaths: [1\n',
    expected: ['spec.yaml:3:1: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]'],
  },
  yamlAliasBomb: {
    spec: laughs(),
    expected: ['spec.yaml:1:1: YAML aliases expand to more than 10000 nodes; refusing to expand them further'],
  },
  yamlComplexKey: {
    spec: 'client: Api\npaths:\n  ? [a, b]\n  : { path: /x }\n',
    expected: ['spec.yaml:3:5: paths: expected a plain string key'],
  },
  duplicateKey: {
    spec: `client: Api\n${PING}  ping:\n    path: /pong\n`,
    expected: ['spec.yaml:5:3: paths.ping: duplicate key "ping" (first at 3:3)'],
  },
  unknownKey: {
    spec: 'client: Api\npaths:\n  ping:\n    path: /ping\n    mehtod: GET\n',
    expected: ['spec.yaml:5:5: paths.ping.mehtod: unknown key "mehtod"; did you mean "method"?'],
  },
  missingKey: {
    spec: 'client: Api\npaths:\n  ping:\n    method: GET\n',
    expected: ['spec.yaml:4:5: paths.ping: missing required key "path"'],
  },
  wrongType: {
    spec: `client: Api\nconnections: many\n${PING}`,
    expected: ['spec.yaml:2:14: connections: expected a whole number of at least 1; got "many"'],
  },
  badMethod: {
    spec: 'client: Api\npaths:\n  getPet:\n    method: FETCH\n    path: /pets\n',
    expected: ['spec.yaml:4:13: paths.getPet.method: expected one of GET, HEAD, POST, PUT, DELETE, OPTIONS, PATCH; got "FETCH"'],
  },
  badChoice: {
    spec: `client: Api\nauth: basci\n${PING}`,
    expected: ['spec.yaml:2:7: auth: expected one of basic, digest, bearer, api_key; got "basci"; did you mean "basic"?'],
  },
  notObjectType: {
    spec: 'client: Api\npaths:\n  send:\n    method: POST\n    path: /send\n    body:\n      $type: integer\n      $content_type: application/x-www-form-urlencoded\n',
    expected: ['spec.yaml:7:14: paths.send.body: a application/x-www-form-urlencoded body must be an object type; got "integer"'],
  },
  encodingWithoutFields: {
    spec: 'client: Api\npaths:\n  send:\n    method: POST\n    path: /send\n    body:\n      $type: \"{ tags: string[] }\"\n      $encoding: { tags: form }\n',
    expected: ['spec.yaml:8:7: paths.send.body.$encoding: $encoding says how the fields of a form or multipart body are written; this body is sent as application/json'],
  },
  badCookieName: {
    spec: 'client: Api\npaths:\n  ping:\n    path: /ping\n    cookie_params:\n      "session id": string\n',
    expected: ['spec.yaml:6:7: paths.ping.cookie_params.session id: cookie name "session id" is not a valid HTTP token'],
  },
  duplicateParam: {
    spec: 'client: Api\npaths:\n  ping:\n    path: /ping\n    header_params:\n      X-Trace: string\n      x-trace?: string\n',
    expected: ['spec.yaml:7:7: paths.ping.header_params.x-trace?: parameter "x-trace" is declared twice'],
  },
  badErrorStatus: {
    spec: 'client: Api\npaths:\n  ping:\n    path: /ping\n    errors:\n      200: string\n',
    expected: ['spec.yaml:6:7: paths.ping.errors.200: expected an error status such as 404, 4XX or default; got "200"'],
  },
  apiKeyPlace: {
    spec: `client: Api\nauth:\n  scheme: api_key\n  name: X-Key\n${PING}`,
    expected: ['spec.yaml:3:3: auth: an api_key auth needs both "in" (header, query or cookie) and "name"'],
  },
  badBaseLocation: {
    spec: `client: Api\nbase_location: ftp://files.example\n${PING}`,
    expected: ['spec.yaml:2:16: base_location: expected an absolute http or https URL (the scheme must be http or https); got "ftp://files.example"'],
  },
  badEndpoint: {
    spec: `client: Api\nendpoint: v1\n${PING}`,
    expected: ['spec.yaml:2:11: endpoint: expected a path starting with "/" holding only URL path characters; got "v1"'],
  },
  badPath: {
    spec: 'client: Api\npaths:\n  ping:\n    path: /ping me\n',
    expected: ['spec.yaml:4:16: paths.ping.path: invalid path "/ping me": " " may not stand in a path; percent-encode it'],
  },
  emptyPlaceholder: {
    spec: 'client: Api\npaths:\n  getPet:\n    path: /pets/{}\n',
    expected: ['spec.yaml:4:17: paths.getPet.path: path "/pets/{}" has a {placeholder} with no name'],
  },
  badPlaceholder: {
    spec: 'client: Api\npaths:\n  getPet:\n    path: /pets/{pet/id}\n',
    expected: ['spec.yaml:4:17: paths.getPet.path: placeholder {pet/id} cannot hold "/"'],
  },
  duplicatePlaceholder: {
    spec: 'client: Api\npaths:\n  getPet:\n    path: /pets/{id}/{id}\n',
    expected: ['spec.yaml:4:22: warning: paths.getPet.path: placeholder {id} appears more than once in the path; one parameter fills every place'],
  },
  paramWithoutPlaceholder: {
    spec: 'client: Api\npaths:\n  getPet:\n    path: /pets/{id}\n    params:\n      petId: integer\n',
    expected: ['spec.yaml:6:7: paths.getPet.params.petId: parameter "petId" has no {petId} placeholder in path "/pets/{id}"'],
  },
  duplicateRoute: {
    spec: 'client: Api\npaths:\n  getPet:\n    path: /pets/{id}\n  fetchPet:\n    path: /pets/{petId}\n',
    expected: ['spec.yaml:5:3: warning: paths.fetchPet: GET /pets/{petId} is already defined by paths.getPet; both methods are kept'],
  },
  unknownType: {
    spec: 'client: Api\ntypes:\n  Pet:\n    id: integer\npaths:\n  ping:\n    path: /ping\n    response: Pett[]\n',
    expected: ['spec.yaml:8:15: paths.ping.response: unknown type "Pett"; did you mean "Pet"?'],
  },
  badTypeSyntax: {
    spec: 'client: Api\npaths:\n  ping:\n    path: /ping\n    response: "string |"\n',
    expected: ['spec.yaml:5:24: paths.ping.response: cannot read type "string |": expected a type name; found the end'],
  },
  typeCycle: {
    spec: `client: Api\ntypes:\n  A: B | null\n  B: "A & { id: string }"\n${PING}`,
    expected: ['spec.yaml:3:3: types.A: type "A" refers to itself through A -> B -> A; a type may refer to itself only inside an object or array'],
  },
  notScalarType: {
    spec: 'client: Api\ntypes:\n  Pet:\n    id: integer\npaths:\n  getPet:\n    path: /pets/{pet}\n    params:\n      pet: Pet\n',
    expected: ['spec.yaml:9:12: paths.getPet.params.pet: a path parameter must be a string, number, integer or boolean type; got "Pet"'],
  },
  notTextType: {
    spec: 'client: Api\npaths:\n  getCount:\n    path: /count\n    response:\n      $type: integer\n      $content_type: text/plain\n',
    expected: ['spec.yaml:6:14: paths.getCount.response: a text/plain response is read as text, so its type must be string or unknown; got "integer"'],
  },
  badHeaderName: {
    spec: `client: Api\nheaders:\n  Bad Header: x\n${PING}`,
    expected: ['spec.yaml:3:3: headers.Bad Header: header name "Bad Header" is not a valid HTTP token'],
  },
  badHeaderValue: {
    spec: `client: Api\nheaders:\n  X-Split: "a\\r\\nInjected: yes"\n${PING}`,
    expected: ['spec.yaml:3:12: headers.X-Split: header "X-Split" holds CR, LF or NUL, which could split the request'],
  },
  headResponse: {
    spec: 'client: Api\npaths:\n  probe:\n    method: HEAD\n    path: /probe\n    response: string\n',
    expected: ['spec.yaml:6:15: paths.probe.response: a HEAD response has no body, so it cannot have a response type'],
  },
  badStream: {
    spec: 'client: Api\npaths:\n  chat:\n    method: POST\n    path: /chat\n    body: { model: string }\n    response: unknown\n    stream:\n      when: { stream: true }\n      response: unknown\n',
    expected: ['spec.yaml:9:15: paths.chat.stream.when.stream: stream: the body has no key "stream"'],
  },
  typeFormTwice: {
    spec: `client: Api\ntypes:\n  T:\n    $type: string\n    $items: integer\n${PING}`,
    expected: ['spec.yaml:5:5: types.T.$items: give one of $type and $items, not both'],
  },
  bodyTwice: {
    spec: 'client: Api\npaths:\n  send:\n    method: POST\n    path: /send\n    body: string\n    body?: string\n',
    expected: ['spec.yaml:7:5: paths.send.body?: give body or body?, not both'],
  },
  noSharedPagination: {
    spec: 'client: Api\npaths:\n  list:\n    path: /items\n    response: string[]\n    paginate: true\n',
    expected: ['spec.yaml:6:15: paths.list.paginate: paginate: true needs a paginate rule at the top of the spec'],
  },
  badPageItems: {
    spec: 'client: Api\npaths:\n  list:\n    path: /items\n    response:\n      data: string\n    paginate: { style: link, items: data }\n',
    expected: ['spec.yaml:7:15: paths.list.paginate: data is not an array in the response type, so it cannot hold a page\'s items'],
  },
  badPageNext: {
    spec: 'client: Api\npaths:\n  list:\n    path: /calls\n    response:\n      calls: string[]\n      next_page_uri: string | null\n    paginate: { style: url, items: calls, next: next_page_url }\n',
    expected: ['spec.yaml:8:15: paths.list.paginate: next_page_url is not a string in the response type, so it cannot hold the next page\'s URL'],
  },
  renamedDuplicate: {
    spec: 'client: Api\npaths:\n  chat:\n    path: /chat\n  chat.post:\n    path: /chat.post\n',
    expected: ['spec.yaml:3:3: warning: paths.chat: the method name "chat" is already taken by the resource "chat"; this one is named "getChat"'],
  },
  unusedResource: {
    spec: 'client: Api\nresources:\n  chat: Messages\n  files: Uploads\npaths:\n  chat.post:\n    path: /chat.post\n',
    expected: ['spec.yaml:4:3: warning: resources.files: no path is on the resource "files", so its description is not shown anywhere'],
  },
  resourceCase: {
    spec: 'client: Api\npaths:\n  fooBar.a:\n    path: /a\n  foobar.b:\n    path: /b\n  foobar.c:\n    path: /c\n',
    expected: ['spec.yaml:5:3: warning: paths.foobar.b: the resource "foobar" differs from "fooBar" only by letter case, so its methods go on "fooBar"'],
  },
  badMethodPath: {
    spec: 'client: Api\npaths:\n  chat..post:\n    path: /chat.post\n',
    expected: ['spec.yaml:3:3: paths.chat..post: "chat..post" has an empty name at a dot; a dotted name names resources from the client down, e.g. "customers.list" or "accounts.people"'],
  },
  securityNotNamed: {
    spec: 'client: Api\nsecurity_schemes:\n  token: bearer\npaths:\n  ping:\n    path: /ping\n',
    expected: ['spec.yaml:1:9: warning: client: security schemes are defined ("token") but no security names one; each call sends the first of them the client was given credentials for'],
  },
  badFieldName: {
    spec: 'client: Api\npaths:\n  ping:\n    path: /ping\n    query:\n      "?": string\n',
    expected: ['spec.yaml:6:7: paths.ping.query.?: a key needs a name before its "?"'],
  },
};

/**
 * The call-option keys (`auth`, `retry`, `max_redirects`, `timeout`) wrong in each way they can
 * be, at the top and on a path; the messages are the shared ones above (wrongType, unknownKey, ...).
 */
export const KEY_CASES: Readonly<Record<string, ValidationCase>> = {
  'auth that is not a string or a map': {
    spec: `client: Api\nauth: [basic]\n${PING}`,
    expected: ['spec.yaml:2:7: auth: expected a string; got a list'],
  },
  'security naming a scheme security_schemes lacks, a scheme of the wrong kind, auth beside security_schemes': {
    spec: `client: Api\nauth: bearer\nsecurity_schemes:\n  bearerAuth: bearer\n  key: { scheme: api_key, in: body, name: k }\nsecurity: [bearerAuth, [bearerAuth, bearer]]\npaths:\n  ping:\n    path: /ping\n    security: basicAuth\n`,
    expected: [
      'spec.yaml:3:1: security_schemes: give one of auth and security_schemes, not both',
      'spec.yaml:5:31: security_schemes.key.in: expected one of header, query, cookie; got "body"',
      'spec.yaml:6:24: warning: security[1]: security names the scheme "bearer", which is not a defined security scheme; this alternative is left out',
      'spec.yaml:10:15: paths.ping.security: expected a list of scheme names; got "basicAuth"',
    ],
  },
  'auth map with a wrong place and an unknown key': {
    spec: `client: Api\nauth:\n  scheme: api_key\n  in: body\n  name: X-Key\n  prefix: Key\n${PING}`,
    expected: [
      'spec.yaml:4:7: auth.in: expected one of header, query, cookie; got "body"',
      'spec.yaml:6:3: auth.prefix: unknown key "prefix"; expected one of scheme, in, name',
    ],
  },
  'query style not from the list': {
    spec: 'client: Api\npaths:\n  ping:\n    path: /ping\n    query:\n      ids?:\n        $type: string[]\n        $style: csv\n',
    expected: ['spec.yaml:8:17: paths.ping.query.ids?.$style: expected one of repeat, comma, space, pipe, deepObject; got "csv"'],
  },
  'detail keys out of place and the wrong type': {
    spec: 'client: Api\ntypes:\n  Pet:\n    name:\n      $type: string\n      $style: comma\n      $deprecated: maybe\npaths:\n  ping:\n    path: /ping\n    headers:\n      X-Version: [1]\n',
    expected: [
      'spec.yaml:6:7: types.Pet.name.$style: unknown key "$style"; did you mean "$type"?',
      'spec.yaml:7:20: types.Pet.name.$deprecated: expected true or false; got "maybe"',
      'spec.yaml:12:18: paths.ping.headers.X-Version: expected a string or a number; got a list',
    ],
  },
  'paginate without its style, a cursor without param or cursor, a url without next, a style not from the list': {
    spec: 'client: Api\npaginate:\n  style: cursors\npaths:\n  list:\n    path: /items\n    response: string[]\n    paginate:\n      style: cursor\n      items: \'\'\n  more:\n    path: /more\n    paginate: { items: data }\n  calls:\n    path: /calls\n    paginate: { style: url, items: calls }\n',
    expected: [
      'spec.yaml:3:10: paginate.style: expected one of link, cursor, offset, page, url; got "cursors"; did you mean "cursor"?',
      'spec.yaml:9:7: paths.list.paginate: missing required key "cursor"',
      'spec.yaml:9:7: paths.list.paginate: missing required key "param"',
      'spec.yaml:13:15: paths.more.paginate: missing required key "style"',
      'spec.yaml:16:15: paths.calls.paginate: missing required key "next"',
    ],
  },
  'a text body that is an object, a header parameter that is an object': {
    spec: 'client: Api\npaths:\n  send:\n    method: POST\n    path: /send\n    header_params:\n      X-Meta: "{ a: string }"\n    body:\n      $type: "{ a: string }"\n      $content_type: text/csv\n',
    expected: [
      'spec.yaml:7:15: paths.send.header_params.X-Meta: a header parameter must be a string, number, integer or boolean type; got "{ a: string }"',
      'spec.yaml:9:14: paths.send.body: a text/csv body must be a string, number, integer or boolean type; got "{ a: string }"',
    ],
  },
  'retry that is neither a number nor a map': {
    spec: `client: Api\nretry: often\n${PING}`,
    expected: ['spec.yaml:2:8: retry: expected a whole number of at least 0 or a map of retry settings; got "often"'],
  },
  'retry limit below 0': {
    spec: `client: Api\nretry: -1\n${PING}`,
    expected: ['spec.yaml:2:8: retry: expected a whole number of at least 0; got -1'],
  },
  'retry with unknown keys': {
    spec: `client: Api\nretry:\n  limt: 2\n  network_error: false\n${PING}`,
    expected: [
      'spec.yaml:3:3: retry.limt: unknown key "limt"; did you mean "limit"?',
      'spec.yaml:4:3: retry.network_error: unknown key "network_error"; did you mean "network_errors"?',
    ],
  },
  'retry methods not from the list': {
    spec: `client: Api\nretry:\n  methods: [GET, FETCH, 3]\n${PING}`,
    expected: [
      'spec.yaml:3:18: retry.methods[1]: expected one of GET, HEAD, POST, PUT, DELETE, OPTIONS, PATCH; got "FETCH"',
      'spec.yaml:3:25: retry.methods[2]: expected a string; got 3',
    ],
  },
  'retry methods that are not a list': {
    spec: `client: Api\nretry:\n  methods: GET\n${PING}`,
    expected: ['spec.yaml:3:12: retry.methods: expected a list of methods; got "GET"'],
  },
  'retry statuses outside 100-599': {
    spec: `client: Api\nretry:\n  statuses: [503, 99, 600, x]\n${PING}`,
    expected: [
      'spec.yaml:3:19: retry.statuses[1]: expected a whole number from 100 to 599; got 99',
      'spec.yaml:3:23: retry.statuses[2]: expected a whole number from 100 to 599; got 600',
      'spec.yaml:3:28: retry.statuses[3]: expected a whole number from 100 to 599; got "x"',
    ],
  },
  'retry network_errors, backoff, max_backoff and max_retry_after of the wrong types': {
    spec: `client: Api\nretry:\n  network_errors: yes\n  backoff: 1.5\n  max_backoff: -1\n  max_retry_after: soon\n${PING}`,
    expected: [
      'spec.yaml:3:19: retry.network_errors: expected true or false; got "yes"',
      'spec.yaml:4:12: retry.backoff: expected a whole number of at least 0; got 1.5',
      'spec.yaml:5:16: retry.max_backoff: expected a whole number of at least 0; got -1',
      'spec.yaml:6:20: retry.max_retry_after: expected a whole number of at least 0; got "soon"',
    ],
  },
  "a path's retry": {
    spec: 'client: Api\npaths:\n  ping:\n    path: /ping\n    retry:\n      limit: two\n      methods: [post]\n',
    expected: [
      'spec.yaml:6:14: paths.ping.retry.limit: expected a whole number of at least 0; got "two"',
      'spec.yaml:7:17: paths.ping.retry.methods[0]: expected one of GET, HEAD, POST, PUT, DELETE, OPTIONS, PATCH; got "post"',
    ],
  },
  'max_redirects below 0 or not a number': {
    spec: 'client: Api\nmax_redirects: -1\npaths:\n  ping:\n    path: /ping\n    max_redirects: many\n',
    expected: [
      'spec.yaml:2:16: max_redirects: expected a whole number of at least 0; got -1',
      'spec.yaml:6:20: paths.ping.max_redirects: expected a whole number of at least 0; got "many"',
    ],
  },
  'timeout of 0 or not a number': {
    spec: 'client: Api\ntimeout: 0\npaths:\n  ping:\n    path: /ping\n    timeout: 5s\n',
    expected: [
      'spec.yaml:2:10: timeout: expected a number of milliseconds above 0; got 0',
      'spec.yaml:6:14: paths.ping.timeout: expected a number of milliseconds above 0; got "5s"',
    ],
  },
};
