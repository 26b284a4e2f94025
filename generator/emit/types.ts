/** Model types to TypeScript type text, and the JSDoc that goes with them. */
import type CodeBlockWriter from 'code-block-writer';
import type { Docs, FieldModel, TypeRef } from '../model/types.js';
import { jsDocLines, stringLiteral, typeMemberName } from './literals.js';

/** A piece of the emitted file, written in place. */
export type WriterFunction = (writer: CodeBlockWriter) => void;

const BUILTIN_TEXT = {
  string: 'string',
  number: 'number',
  integer: 'number',
  boolean: 'boolean',
  null: 'null',
  unknown: 'unknown',
  // Inside a type, raw bytes are something to send; a whole binary result is read as Uint8Array by its reader.
  binary: 'FileInput',
  stream: 'ResponseStream',
} as const;

/** Parentheses where a member would otherwise bind wrongly: a union in an intersection or array, and so on. */
function needsParens(type: TypeRef, inside: 'array' | 'intersection' | 'union'): boolean {
  if (type.kind === 'union') return inside !== 'union';
  if (type.kind === 'intersection') return inside === 'array';
  return false;
}

function member(type: TypeRef, inside: 'array' | 'intersection' | 'union'): string {
  const text = typeText(type);
  return needsParens(type, inside) ? `(${text})` : text;
}

function literalText(value: string | number | boolean): string {
  return typeof value === 'string' ? stringLiteral(value) : String(value);
}

/**
 * The type of an index signature beside fixed keys: TypeScript requires every fixed key's type to
 * fit it, so theirs are added (and `undefined` for optional ones) unless it is `unknown` already.
 */
function indexType(fields: readonly FieldModel[], extra: TypeRef): string {
  const own = typeText(extra);
  if (own === 'unknown' || fields.length === 0) return own;
  if (indexIsUnknown(fields)) return 'unknown';
  const members = new Set([own, ...fields.map((field) => member(field.type, 'union'))]);
  if (fields.some((field) => field.optional)) members.add('undefined');
  return [...members].join(' | ');
}

/** Whether `type` holds an intersection written out (not behind a named alias), at any depth. */
function hasInlineIntersection(type: TypeRef): boolean {
  switch (type.kind) {
    case 'intersection':
      return true;
    case 'array':
      return hasInlineIntersection(type.element);
    case 'union':
      return type.members.some(hasInlineIntersection);
    case 'object':
      return type.fields.some((field) => hasInlineIntersection(field.type)) || (type.extra !== undefined && hasInlineIntersection(type.extra));
    default:
      return false;
  }
}

/**
 * tsc (with exactOptionalPropertyTypes) can fail to see an inline intersection as assignable to a
 * union holding the same intersection written again (`{ b?: null } & { b: unknown }`), so beside
 * such a field the index signature is `unknown`.
 */
function indexIsUnknown(fields: readonly FieldModel[]): boolean {
  return fields.some((field) => hasInlineIntersection(field.type));
}

/** A type on one line; objects as `{ a: string; b?: number }`. */
export function typeText(type: TypeRef): string {
  switch (type.kind) {
    case 'builtin':
      return BUILTIN_TEXT[type.name];
    case 'literal':
      return literalText(type.value);
    case 'named':
      return type.name;
    case 'array':
      return `${member(type.element, 'array')}[]`;
    case 'union':
      return type.members.map((item) => member(item, 'union')).join(' | ');
    case 'intersection':
      return type.members.map((item) => member(item, 'intersection')).join(' & ');
    case 'object': {
      if (type.fields.length === 0) return type.extra === undefined ? '{}' : `Record<string, ${typeText(type.extra)}>`;
      const members = type.fields.map((field) => `${memberHead(field)}: ${typeText(field.type)}`);
      if (type.extra !== undefined) members.push(`[key: string]: ${indexType(type.fields, type.extra)}`);
      return `{ ${members.join('; ')} }`;
    }
  }
}

function memberHead(field: FieldModel): string {
  return `${typeMemberName(field.name)}${field.optional ? '?' : ''}`;
}

/** The docs of fields, which a large model has many of, often the same object written in several places. */
const fieldDocLines = new WeakMap<Docs, readonly string[]>();

/** docLines for a field's docs (no extra paragraphs), computed once per docs object. */
export function fieldDocs(docs: Docs): readonly string[] {
  let lines = fieldDocLines.get(docs);
  if (lines === undefined) fieldDocLines.set(docs, (lines = docLines(docs)));
  return lines;
}

/** JSDoc lines for docs, made safe; `extra` paragraphs (such as the wire name) come after the description. */
export function docLines(docs: Docs, ...extra: (string | undefined)[]): string[] {
  const paragraphs = [docs.summary, docs.description, ...extra, docs.readOnly ? 'Read-only: only the server sends it.' : undefined, docs.writeOnly ? 'Write-only: the server never sends it back.' : undefined];
  const lines = paragraphs.filter((text): text is string => text !== undefined && text.trim() !== '').flatMap((text, index) => (index === 0 ? jsDocLines(text) : ['', ...jsDocLines(text)]));
  const tags = [
    docs.format === undefined ? undefined : `@format ${docs.format}`,
    docs.defaultValue === undefined ? undefined : `@defaultValue ${docs.defaultValue}`,
    docs.deprecated === true ? '@deprecated' : undefined,
  ].filter((tag): tag is string => tag !== undefined);
  if (tags.length === 0) return lines;
  return [...lines, ...(lines.length > 0 ? [''] : []), ...tags.flatMap((tag) => jsDocLines(tag))];
}

/** A JSDoc block from lines already made safe by `jsDocLines`. */
export function writeDocs(writer: CodeBlockWriter, lines: readonly string[]): void {
  if (lines.length === 0) return;
  if (lines.length === 1) {
    writer.writeLine(`/** ${lines[0]} */`);
    return;
  }
  writer.writeLine('/**');
  for (const line of lines) writer.writeLine(line === '' ? ' *' : ` * ${line}`);
  writer.writeLine(' */');
}

function writeMembers(writer: CodeBlockWriter, fields: readonly FieldModel[], extra: TypeRef | undefined): void {
  writer.inlineBlock(() => {
    for (const field of fields) {
      writeDocs(writer, fieldDocs(field.docs));
      writer.write(`${memberHead(field)}: `);
      writeType(writer, field.type);
      writer.write(';').newLine();
    }
    if (extra !== undefined) writer.write(`[key: string]: ${indexType(fields, extra)};`).newLine();
  });
}

/** Objects with keys get one member per line, with their docs, wherever they stand. */
export function writeType(writer: CodeBlockWriter, type: TypeRef): void {
  if (type.kind === 'object' && type.fields.length > 0) {
    writeMembers(writer, type.fields, type.extra);
    return;
  }
  if (type.kind === 'array' && type.element.kind === 'object' && type.element.fields.length > 0) {
    writeType(writer, type.element);
    writer.write('[]');
    return;
  }
  if ((type.kind === 'union' || type.kind === 'intersection') && type.members.some((item) => item.kind === 'object' && item.fields.length > 0)) {
    type.members.forEach((item, index) => {
      if (index > 0) writer.write(type.kind === 'union' ? ' | ' : ' & ');
      if (needsParens(item, type.kind)) writer.write(`(${typeText(item)})`);
      else writeType(writer, item);
    });
    return;
  }
  writer.write(typeText(type));
}

export interface DeclarationText {
  readonly name: string;
  readonly docs: readonly string[];
  readonly extends: string | undefined;
  readonly fields: readonly FieldModel[];
  readonly extra?: TypeRef | undefined;
}

/**
 * An exported interface, written directly rather than through ts-morph's interface structure,
 * whose hanging indent would push nested object members one level too far right.
 */
export function interfaceWriter(declaration: DeclarationText): WriterFunction {
  return (writer) => {
    writer.blankLineIfLastNot();
    writeDocs(writer, declaration.docs);
    writer.write(`export interface ${declaration.name}${declaration.extends === undefined ? '' : ` extends ${declaration.extends}`} `);
    if (declaration.fields.length === 0 && declaration.extra === undefined) writer.write('{}');
    else writeMembers(writer, declaration.fields, declaration.extra);
  };
}

/** An exported type alias, multi-line where it holds objects. */
export function aliasWriter(name: string, docs: readonly string[], type: TypeRef): WriterFunction {
  return (writer) => {
    writer.blankLineIfLastNot();
    writeDocs(writer, docs);
    writer.write(`export type ${name} = `);
    writeType(writer, type);
    writer.write(';').newLine();
  };
}

/** Whether `type` mentions a builtin anywhere: which runtime types the file must import. */
export function mentionsBuiltin(type: TypeRef, name: 'binary' | 'stream'): boolean {
  switch (type.kind) {
    case 'builtin':
      return type.name === name;
    case 'array':
      return mentionsBuiltin(type.element, name);
    case 'union':
    case 'intersection':
      return type.members.some((item) => mentionsBuiltin(item, name));
    case 'object':
      return type.fields.some((field) => mentionsBuiltin(field.type, name)) || (type.extra !== undefined && !indexIsUnknown(type.fields) && mentionsBuiltin(type.extra, name));
    default:
      return false;
  }
}
