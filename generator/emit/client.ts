/**
 * Stage 4: the model to ts-morph structures, printed once as one in-memory source file. One
 * structure for the whole file keeps ts-morph to a single print and parse, which is what keeps
 * a 10,000-path spec fast.
 */
import {
  IndentationText,
  NewLineKind,
  Project,
  QuoteKind,
  StructureKind,
  type ClassDeclarationStructure,
  type ImportDeclarationStructure,
  type JSDocStructure,
  type MethodDeclarationStructure,
  type OptionalKind,
  type StatementStructures,
  type TypeAliasDeclarationStructure,
  type WriterFunction,
} from 'ts-morph';
import type { CallDefaultsModel, ClientModel, FieldModel, MethodModel, NamedTypeModel, RetryModel, RetryValue, TypeRef } from '../model.js';
import type { AuthScheme } from '../spec-format.js';
import { jsDocLines, lineCommentText, objectKey, stringLiteral, templateText } from './literals.js';
import { fillTemplate } from './templates.js';
import { interfaceWriter, typeText } from './types.js';

/** The module generated clients import the runtime from. */
export const RUNTIME_MODULE = 'sessiongen/runtime';

/** The runtime's reader each kind of result is read with. */
const READERS: Readonly<Record<MethodModel['resultKind'], string>> = { json: 'readJson', text: 'readText', none: 'readNone' };

/** Paragraphs of JSDoc, each made safe, separated by blank lines. */
function docLines(...paragraphs: (string | undefined)[]): string[] {
  return paragraphs.filter((text): text is string => text !== undefined && text.trim() !== '').flatMap((text, index) => (index === 0 ? jsDocLines(text) : ['', ...jsDocLines(text)]));
}

function docs(...paragraphs: (string | undefined)[]): OptionalKind<JSDocStructure>[] {
  const lines = docLines(...paragraphs);
  return lines.length === 0 ? [] : [{ description: lines.join('\n') }];
}

function namedType(named: NamedTypeModel): WriterFunction | TypeAliasDeclarationStructure {
  if (named.type.kind === 'object') return interfaceWriter({ name: named.name, docs: [], extends: undefined, fields: named.type.fields });
  return { kind: StructureKind.TypeAlias, name: named.name, isExported: true, type: typeText(named.type) };
}

function argsInterface(client: string, method: MethodModel, argsType: string): WriterFunction {
  const parts = [
    ...(method.params.length > 0 ? ['path parameters'] : []),
    ...(method.query.length > 0 ? ['query'] : []),
    ...(method.body !== undefined ? ['body'] : []),
  ];
  const fields: FieldModel[] = [...method.params];
  if (method.query.length > 0) {
    fields.push({ name: 'query', optional: method.query.every((key) => key.optional), type: { kind: 'object', fields: method.query } });
  }
  if (method.body !== undefined) fields.push({ name: 'body', optional: false, type: method.body });
  return interfaceWriter({
    name: argsType,
    docs: docLines(`The argument of {@link ${client}.${method.name}}: ${parts.join(', ')} and per-call options.`),
    extends: 'CallOptions',
    fields,
  });
}

/** What each auth scheme a spec may name needs from the constructor's options, and the runtime handler it makes. */
interface AuthSecret {
  readonly handler: 'BasicAuth' | 'DigestAuth' | 'BearerAuth';
  readonly field: FieldModel;
  /** The handler's constructor arguments, read from the options. */
  readonly args: string;
  readonly what: string;
}

const CREDENTIALS: FieldModel = {
  name: 'credentials',
  optional: false,
  type: { kind: 'object', fields: [{ name: 'username', optional: false, type: { kind: 'builtin', name: 'string' } }, { name: 'password', optional: false, type: { kind: 'builtin', name: 'string' } }] },
};

const AUTH_SECRETS: Readonly<Record<AuthScheme, AuthSecret>> = {
  basic: { handler: 'BasicAuth', field: CREDENTIALS, args: 'options.credentials.username, options.credentials.password', what: 'the credentials' },
  digest: { handler: 'DigestAuth', field: CREDENTIALS, args: 'options.credentials.username, options.credentials.password', what: 'the credentials' },
  bearer: { handler: 'BearerAuth', field: { name: 'token', optional: false, type: { kind: 'builtin', name: 'string' } }, args: 'options.token', what: 'the token' },
};

function optionsInterface(model: ClientModel, auth: AuthScheme, optionsType: string): WriterFunction {
  const secret = AUTH_SECRETS[auth];
  return interfaceWriter({
    name: optionsType,
    docs: docLines(`The options of {@link ${model.client}}: SessionOptions and ${secret.what} for the spec's \`${auth}\` auth. An \`auth\` option still replaces it.`),
    extends: 'SessionOptions',
    fields: [secret.field],
  });
}

function retryValueLiteral(value: RetryValue): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return `[${value.map((item) => (typeof item === 'string' ? stringLiteral(item) : String(item))).join(', ')}]`;
}

function retryLiteral(retry: RetryModel): string {
  if (typeof retry === 'number') return String(retry);
  return retry.length === 0 ? '{}' : `{ ${retry.map(([option, value]) => `${option}: ${retryValueLiteral(value)}`).join(', ')} }`;
}

/** `retry`, `maxRedirects` and `timeout` set by the spec, as object literal entries, in that order. */
function callDefaultEntries(defaults: CallDefaultsModel): string[] {
  return [
    defaults.retry === undefined ? undefined : `retry: ${retryLiteral(defaults.retry)}`,
    defaults.maxRedirects === undefined ? undefined : `maxRedirects: ${defaults.maxRedirects}`,
    defaults.timeout === undefined ? undefined : `timeout: ${defaults.timeout}`,
  ].filter((entry) => entry !== undefined);
}

function headersObject(headers: MethodModel['headers'], rest: string): string {
  const entries = headers.map(([name, value]) => `${objectKey(name)}: ${stringLiteral(value)}`);
  return `{ ${[...entries, `...${rest}`].join(', ')} }`;
}

function pathExpression(method: MethodModel): string {
  if (method.path.every((part) => part.kind === 'text')) return stringLiteral(method.path.map((part) => (part.kind === 'text' ? part.text : '')).join(''));
  const body = method.path.map((part) => (part.kind === 'text' ? templateText(part.text) : `\${encodePathParam(${part.name})}`)).join('');
  return `\`${body}\``;
}

function resultType(method: MethodModel): string {
  if (method.resultKind === 'none') return 'void';
  return typeText(method.response as TypeRef);
}

function methodBody(method: MethodModel): string {
  const taken = [...method.params.map((param) => param.name), ...(method.query.length > 0 ? ['query'] : []), ...(method.body !== undefined ? ['body'] : [])];
  const extras = [
    // `?? {}` because an optional query may be undefined, which exactOptionalPropertyTypes refuses for params.
    ...(method.query.length > 0 ? [method.query.every((key) => key.optional) ? 'params: query ?? {}' : 'params: query'] : []),
    ...(method.body !== undefined ? ['json: body'] : []),
    ...(method.headers.length > 0 ? [`headers: ${headersObject(method.headers, 'options.headers')}`] : []),
  ];
  const defaults = callDefaultEntries(method.defaults);
  return fillTemplate('method', {
    destructure: taken.length > 0 ? `const { ${taken.join(', ')}, ...options } = args;` : '',
    result: resultType(method),
    method: stringLiteral(method.httpMethod),
    path: pathExpression(method),
    // The path's defaults first, so the call's own options win.
    request: extras.length > 0 || defaults.length > 0 ? `{ ${[...defaults, '...options', ...extras].join(', ')} }` : 'options',
    reader: READERS[method.resultKind],
  });
}

function routeDoc(method: MethodModel): string {
  const route = method.path.map((part) => (part.kind === 'text' ? part.text : `{${part.name}}`)).join('');
  return `\`${method.httpMethod} ${route}\``;
}

function methodDeclaration(method: MethodModel): OptionalKind<MethodDeclarationStructure> {
  const argument = method.argsType === undefined
    ? { name: 'options', type: 'CallOptions', initializer: '{}' }
    : { name: 'args', type: method.argsType, ...(method.argsRequired ? {} : { initializer: '{}' }) };
  return {
    name: method.name,
    docs: docs(method.description, routeDoc(method)),
    parameters: [argument],
    returnType: `ApiCall<${resultType(method)}>`,
    statements: [methodBody(method)],
  };
}

function constructorBody(model: ClientModel): string {
  const defaults = [
    model.baseLocation === undefined ? undefined : `baseLocation: ${stringLiteral(model.baseLocation)},`,
    model.endpoint === undefined ? undefined : `endpoint: ${stringLiteral(model.endpoint)},`,
    model.connections === undefined ? undefined : `connections: ${model.connections},`,
    model.persistCookies === undefined ? undefined : `persistCookies: ${model.persistCookies},`,
    model.auth === undefined ? undefined : `auth: new ${AUTH_SECRETS[model.auth].handler}(${AUTH_SECRETS[model.auth].args}),`,
    ...callDefaultEntries(model.defaults).map((entry) => `${entry},`),
  ].filter((line) => line !== undefined);
  return fillTemplate('constructor', {
    defaults: defaults.join('\n'),
    headers: model.headers.length > 0 ? `headers: ${headersObject(model.headers, 'options.headers')},` : '',
  });
}

function clientClass(model: ClientModel): ClassDeclarationStructure {
  return {
    kind: StructureKind.Class,
    name: model.client,
    isExported: true,
    extends: 'Session',
    docs: docs(model.description, 'Options given to the constructor override the defaults from the spec.'),
    // Options holding a secret the spec's auth needs are required; plain SessionOptions may be left out.
    ctors: [{ parameters: [model.optionsType === undefined ? { name: 'options', type: 'SessionOptions', initializer: '{}' } : { name: 'options', type: model.optionsType }], statements: [constructorBody(model)] }],
    methods: model.methods.map(methodDeclaration),
  };
}

function imports(model: ClientModel): ImportDeclarationStructure[] {
  const values = [
    'Session',
    ...(model.methods.some((method) => method.params.length > 0) ? ['encodePathParam'] : []),
    ...(model.auth === undefined ? [] : [AUTH_SECRETS[model.auth].handler]),
    ...[...new Set(model.methods.map((method) => READERS[method.resultKind]))].sort(),
  ];
  // Every method returns an ApiCall and takes CallOptions, alone or extended.
  const types = model.methods.length > 0 ? ['ApiCall', 'CallOptions', 'SessionOptions'] : ['SessionOptions'];
  return [
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: RUNTIME_MODULE, namedImports: values },
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: RUNTIME_MODULE, namedImports: types, isTypeOnly: true },
  ];
}

let project: Project | undefined;

/** The emitted TypeScript for one client, byte-identical for the same model. */
export function emitClient(model: ClientModel): string {
  project ??= new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: { indentationText: IndentationText.TwoSpaces, quoteKind: QuoteKind.Single, newLineKind: NewLineKind.LineFeed },
  });
  const statements: (StatementStructures | WriterFunction)[] = [
    ...imports(model),
    ...model.types.map(namedType),
    ...model.methods.flatMap((method) => (method.argsType === undefined ? [] : [argsInterface(model.client, method, method.argsType)])),
    ...(model.auth === undefined || model.optionsType === undefined ? [] : [optionsInterface(model, model.auth, model.optionsType)]),
    clientClass(model),
  ];
  const header = fillTemplate('header', { source: lineCommentText(model.source) });
  const file = project.createSourceFile('client.ts', { leadingTrivia: `${header}\n\n`, statements }, { overwrite: true });
  const text = file.getFullText();
  project.removeSourceFile(file);
  return text;
}
