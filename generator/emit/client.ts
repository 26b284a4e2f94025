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
import type { ClientModel, FieldModel, MethodModel, NamedTypeModel, TypeRef } from '../model.js';
import { jsDocLines, lineCommentText, objectKey, stringLiteral, templateText } from './literals.js';
import { fillTemplate } from './templates.js';
import { interfaceWriter, typeText } from './types.js';

/** The module generated clients import the runtime from. */
export const RUNTIME_MODULE = 'sessiongen/runtime';

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
  return fillTemplate('method', {
    destructure: taken.length > 0 ? `const { ${taken.join(', ')}, ...options } = args;` : '',
    result: resultType(method),
    method: stringLiteral(method.httpMethod),
    path: pathExpression(method),
    request: extras.length > 0 ? `{ ...options, ${extras.join(', ')} }` : 'options',
    kind: stringLiteral(method.resultKind),
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
    ctors: [{ parameters: [{ name: 'options', type: 'SessionOptions', initializer: '{}' }], statements: [constructorBody(model)] }],
    methods: model.methods.map(methodDeclaration),
  };
}

function imports(model: ClientModel): ImportDeclarationStructure[] {
  const values = ['Session', ...(model.methods.some((method) => method.params.length > 0) ? ['encodePathParam'] : [])];
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
    clientClass(model),
  ];
  const header = fillTemplate('header', { source: lineCommentText(model.source) });
  const file = project.createSourceFile('client.ts', { leadingTrivia: `${header}\n\n`, statements }, { overwrite: true });
  const text = file.getFullText();
  project.removeSourceFile(file);
  return text;
}
