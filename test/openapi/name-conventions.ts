/**
 * Checks an emitted client's text against the naming rule of generator/model/names.ts: every
 * declared type, interface and class in PascalCase, every method and resource field of the client
 * class and of each resource class in camelCase, no underscores but the rule's own.
 *
 * It reads the text line by line, which is what makes it fast enough for the 2,639 outputs of the
 * APIs.guru directory (300 MB; TypeScript's parser would take a minute more). It can afford to
 * because emit writes every declaration at a fixed place (generator/emit/client.ts): types and
 * classes at column 0, class members at column 2, everything else deeper. So that it cannot miss a
 * declaration written some other way, every line at those two places must have a shape it knows;
 * any other is reported as an offender of its own, and a test compares what it finds with what
 * TypeScript's parser finds on real outputs.
 */
import { IMPORTED_NAMES, RESERVED_TYPE_NAMES, RESOURCE_MEMBERS, SESSION_MEMBERS } from '../../generator/model/names.js';

export type DeclarationKind = 'type' | 'method' | 'resource';

export interface Declaration {
  readonly kind: DeclarationKind;
  readonly name: string;
  /** The class a method or resource field is on; undefined for a type. */
  readonly owner: string | undefined;
  /** Whether that class is the client (it extends Session), whose members the rule keeps apart from Session's. */
  readonly onClient: boolean;
  /** 1-based. */
  readonly line: number;
}

export interface Offender {
  readonly name: string;
  readonly kind: DeclarationKind | 'unrecognized line';
  readonly owner: string | undefined;
  readonly line: number;
  readonly why: string;
}

export interface Scan {
  readonly declarations: readonly Declaration[];
  /** Lines at a declaration's place whose shape emit does not write: reported, never passed over. */
  readonly unrecognized: readonly { readonly line: number; readonly text: string }[];
}

const TOP_TYPE = /^export (?:type|interface) ([^\s<=({]+)/;
const TOP_CLASS = /^export class (\S+) extends (Session|ResourceBase) \{$/;
/** Lines at column 0 that declare nothing: blank, imports, comments and the closing lines of a multi-line type. */
const TOP_OTHER = /^(?:$|import |\/\/|\/\*\*|[ \t}])/;

const MEMBER = /^ {2}\S/;
const RESOURCE_FIELD = /^ {2}readonly ([^\s:=]+)(?:: \S+;| = new \S+\(this\);)$/;
const METHOD = /^ {2}([^\s(<]+)\(.*\): (?:ApiCall|PagedCall)<.*[{;]$/;
/** The class's own constructor; a method named `constructor` has a return type, so it is read as a method. */
const CONSTRUCTOR = /^ {2}constructor\((?:options|client)[^)]*\) \{$/;
const MEMBER_OTHER = /^ {2}(?:\/\*\*|\/\/|\}$)/;

/** Every declaration in the text of one emitted client, and the lines that fit none of emit's shapes. */
export function scanDeclarations(text: string): Scan {
  const declarations: Declaration[] = [];
  const unrecognized: { line: number; text: string }[] = [];
  let owner: { readonly name: string; readonly onClient: boolean } | undefined;
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const number = index + 1;
    if (owner === undefined) {
      const type = TOP_TYPE.exec(line);
      const klass = type === null ? TOP_CLASS.exec(line) : null;
      if (type !== null) declarations.push({ kind: 'type', name: type[1]!, owner: undefined, onClient: false, line: number });
      else if (klass !== null) {
        declarations.push({ kind: 'type', name: klass[1]!, owner: undefined, onClient: false, line: number });
        owner = { name: klass[1]!, onClient: klass[2] === 'Session' };
      } else if (!TOP_OTHER.test(line)) unrecognized.push({ line: number, text: line });
      continue;
    }
    if (line === '}') owner = undefined;
    else if (line === '' || /^ {3}/.test(line)) continue;
    else if (!MEMBER.test(line)) unrecognized.push({ line: number, text: line });
    else {
      const field = RESOURCE_FIELD.exec(line);
      const method = field === null ? METHOD.exec(line) : null;
      if (field !== null) declarations.push({ kind: 'resource', name: field[1]!, owner: owner.name, onClient: owner.onClient, line: number });
      else if (method !== null) declarations.push({ kind: 'method', name: method[1]!, owner: owner.name, onClient: owner.onClient, line: number });
      else if (!CONSTRUCTOR.test(line) && !MEMBER_OTHER.test(line)) unrecognized.push({ line: number, text: line });
    }
  }
  if (owner !== undefined) unrecognized.push({ line: lines.length, text: `(end of text inside class ${owner.name})` });
  return { declarations, unrecognized };
}

const PASCAL = /^[A-Z][A-Za-z0-9]*$/;
const CAMEL = /^[a-z][A-Za-z0-9]*$/;
/** `_` before a leading digit, the rule's way to make `2fa` a name. */
const DIGIT_LED = /^_[0-9][A-Za-z0-9]*$/;

function isTypeReserved(name: string): boolean {
  return RESERVED_TYPE_NAMES.has(name) || IMPORTED_NAMES.has(name);
}

/** Why a declared type's name breaks the rule, or undefined when it keeps it. */
function typeFault(name: string): string | undefined {
  if (DIGIT_LED.test(name)) return undefined;
  if (name.endsWith('_') && PASCAL.test(name.slice(0, -1)) && isTypeReserved(name.slice(0, -1))) return undefined;
  if (name.includes('_')) return 'has an underscore other than the rule\'s (`_` before a leading digit, or after a reserved or imported type name)';
  if (!PASCAL.test(name)) return 'is not PascalCase of ASCII letters and digits';
  return isTypeReserved(name) ? 'is a name TypeScript or the file already takes, and needs `_`' : undefined;
}

/** Why a method's or resource field's name breaks the rule where it sits, or undefined when it keeps it. */
function memberFault(name: string, onClient: boolean): string | undefined {
  const members = onClient ? SESSION_MEMBERS : RESOURCE_MEMBERS;
  const of = onClient ? "Session's" : "ResourceBase's (or every object's)";
  if (DIGIT_LED.test(name)) return undefined;
  if (name.endsWith('_') && CAMEL.test(name.slice(0, -1)) && members.has(name.slice(0, -1))) return undefined;
  if (name.includes('_')) return `has an underscore other than the rule's (\`_\` before a leading digit, or after one of ${of} members)`;
  if (!CAMEL.test(name)) return 'is not camelCase of ASCII letters and digits';
  return members.has(name) ? `replaces ${of} member and needs \`_\`` : undefined;
}

/** The declarations of one emitted client that break the naming rule, and every line the scan could not read. */
export function nameOffenders(scan: Scan): Offender[] {
  const offenders: Offender[] = [];
  for (const declaration of scan.declarations) {
    const why = declaration.kind === 'type' ? typeFault(declaration.name) : memberFault(declaration.name, declaration.onClient);
    if (why !== undefined) offenders.push({ name: declaration.name, kind: declaration.kind, owner: declaration.owner, line: declaration.line, why });
  }
  for (const { line, text } of scan.unrecognized) offenders.push({ name: text.trim().slice(0, 120), kind: 'unrecognized line', owner: undefined, line, why: 'is no declaration shape emit writes, so its names could not be checked' });
  return offenders.sort((a, b) => a.line - b.line);
}

/** One offender as the failure message lists it. */
export function describeOffender(document: string, offender: Offender): string {
  const where = offender.owner === undefined ? '' : ` on ${offender.owner}`;
  return `${document}:${offender.line}: ${offender.kind} \`${offender.name}\`${where} ${offender.why}`;
}
