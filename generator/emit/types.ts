/** Spec types to TypeScript type text. */
import type { CodeBlockWriter, WriterFunction } from 'ts-morph';
import type { FieldModel, TypeRef } from '../model.js';
import { BUILTIN_TYPES } from '../spec-format.js';
import { typeMemberName } from './literals.js';

/** A type on one line; objects as `{ a: string; b?: number }`. */
export function typeText(type: TypeRef): string {
  switch (type.kind) {
    case 'builtin':
      return BUILTIN_TYPES[type.name];
    case 'named':
      return type.name;
    case 'array': {
      const element = typeText(type.element);
      return type.element.kind === 'union' ? `(${element})[]` : `${element}[]`;
    }
    case 'union':
      return type.members.map(typeText).join(' | ');
    case 'record':
      return `Record<string, ${typeText(type.value)}>`;
    case 'object':
      return type.fields.length === 0 ? '{}' : `{ ${type.fields.map((field) => `${memberHead(field)}: ${typeText(field.type)};`).join(' ')} }`;
  }
}

function memberHead(field: FieldModel): string {
  return `${typeMemberName(field.name)}${field.optional ? '?' : ''}`;
}

function writeFields(writer: CodeBlockWriter, fields: readonly FieldModel[]): void {
  writer.inlineBlock(() => {
    for (const field of fields) {
      writer.write(`${memberHead(field)}: `);
      writeType(writer, field.type);
      writer.write(';').newLine();
    }
  });
}

/** Objects that are not inside a union or array get one member per line, indented by the writer. */
function writeType(writer: CodeBlockWriter, type: TypeRef): void {
  if (type.kind === 'object' && type.fields.length > 0) writeFields(writer, type.fields);
  else writer.write(typeText(type));
}

export interface InterfaceText {
  readonly name: string;
  readonly docs: readonly string[];
  readonly extends: string | undefined;
  readonly fields: readonly FieldModel[];
}

/**
 * An exported interface, written directly rather than through ts-morph's interface structure,
 * whose hanging indent would push nested object members one level too far right.
 */
export function interfaceWriter(declaration: InterfaceText): WriterFunction {
  return (writer) => {
    // ts-morph separates structures with blank lines but not a writer that follows the imports.
    writer.blankLineIfLastNot();
    writeDocs(writer, declaration.docs);
    writer.write(`export interface ${declaration.name}${declaration.extends === undefined ? '' : ` extends ${declaration.extends}`} `);
    if (declaration.fields.length === 0) writer.write('{}');
    else writeFields(writer, declaration.fields);
  };
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
