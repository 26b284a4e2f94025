/**
 * Reads a type written as text: a name, a literal (`'open'`, `2`, `true`), `T[]`, `A | B`,
 * `A & B`, `Record<string, T>`, an inline object (`{ id: integer; 'per-page'?: integer;
 * [key: string]: unknown }`), parentheses for grouping (`(A | null)[]`), and a declared name that
 * is not an identifier in backticks (`` `repository-ruleset`[] ``). Maps written as YAML
 * are read by the type checker, since they are YAML, not text.
 */
import { NO_DOCS, type FieldModel, type TypeRef } from '../../model/types.js';
import { BUILTIN_TYPES, type BuiltinType } from './spec-format.js';

export type TypeParse =
  | { readonly ok: true; readonly type: TypeRef; readonly names: readonly NameUse[] }
  | { readonly ok: false; readonly offset: number; readonly reason: string };

/** A named type the expression refers to, with its offset in the text (for error columns). */
export interface NameUse {
  readonly name: string;
  readonly offset: number;
}

const NAME = /[A-Za-z_$][A-Za-z0-9_$]*/y;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const RECORD = 'Record';

class SyntaxFailure extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

function isBuiltin(name: string): name is BuiltinType {
  return Object.hasOwn(BUILTIN_TYPES, name);
}

/** `index` is an index signature's key (`[key: string]`); its name is for readers only. */
type Member = { readonly kind: 'field'; readonly field: FieldModel } | { readonly kind: 'index'; readonly type: TypeRef };

class TypeReader {
  #at = 0;
  readonly names: NameUse[] = [];

  constructor(private readonly text: string) {}

  read(): TypeRef {
    const type = this.#union();
    this.#skipSpace();
    if (this.#at < this.text.length) throw new SyntaxFailure(this.#at, `unexpected ${JSON.stringify(this.text[this.#at])}`);
    return type;
  }

  #skipSpace(): void {
    while (this.text[this.#at] === ' ' || this.text[this.#at] === '\t') this.#at++;
  }

  /** Members joined by `separator`, read by `next`; one member is returned as it is. */
  #joined(separator: '|' | '&', next: () => TypeRef): TypeRef {
    this.#skipSpace();
    // A leading `|` or `&` is allowed, as TypeScript allows it.
    if (this.text[this.#at] === separator) this.#at++;
    const members = [next()];
    this.#skipSpace();
    while (this.text[this.#at] === separator) {
      this.#at++;
      members.push(next());
      this.#skipSpace();
    }
    if (members.length === 1) return members[0]!;
    return separator === '|' ? { kind: 'union', members } : { kind: 'intersection', members };
  }

  #union(): TypeRef {
    return this.#joined('|', () => this.#intersection());
  }

  #intersection(): TypeRef {
    return this.#joined('&', () => this.#array());
  }

  #array(): TypeRef {
    let type = this.#primary();
    while (this.text.startsWith('[]', this.#at)) {
      this.#at += 2;
      type = { kind: 'array', element: type };
    }
    return type;
  }

  #expect(text: string): void {
    this.#skipSpace();
    if (!this.text.startsWith(text, this.#at)) throw new SyntaxFailure(this.#at, `expected ${JSON.stringify(text)}`);
    this.#at += text.length;
  }

  /** After `Record`: `<string, T>`; only string keys, as JSON has no others. */
  #record(): TypeRef {
    this.#expect('<');
    this.#expect('string');
    this.#expect(',');
    const value = this.#union();
    this.#expect('>');
    return { kind: 'object', fields: [], extra: value };
  }

  /** A quoted string, `'...'`, `"..."` or `` `...` ``, with `\\` escaping the next character. */
  #quoted(): string {
    const quote = this.text[this.#at]!;
    const start = this.#at;
    let value = '';
    this.#at++;
    while (this.#at < this.text.length && this.text[this.#at] !== quote) {
      if (this.text[this.#at] === '\\' && this.#at + 1 < this.text.length) this.#at++;
      value += this.text[this.#at];
      this.#at++;
    }
    if (this.#at >= this.text.length) throw new SyntaxFailure(start, `a ${quote} has no matching ${quote}`);
    this.#at++;
    return value;
  }

  #member(): Member {
    this.#skipSpace();
    if (this.text[this.#at] === '[') {
      this.#at++;
      this.#skipSpace();
      NAME.lastIndex = this.#at;
      const key = NAME.exec(this.text);
      if (key === null) throw new SyntaxFailure(this.#at, 'expected a key name in an index signature such as [key: string]');
      this.#at += key[0].length;
      this.#expect(':');
      this.#expect('string');
      this.#expect(']');
      this.#expect(':');
      return { kind: 'index', type: this.#union() };
    }
    let name: string;
    const char = this.text[this.#at];
    if (char === "'" || char === '"') name = this.#quoted();
    else {
      NAME.lastIndex = this.#at;
      const match = NAME.exec(this.text);
      if (match === null) throw new SyntaxFailure(this.#at, 'expected a key (a name, or a quoted string)');
      name = match[0];
      this.#at += name.length;
    }
    this.#skipSpace();
    const optional = this.text[this.#at] === '?';
    if (optional) this.#at++;
    this.#expect(':');
    return { kind: 'field', field: { name, optional, type: this.#union(), docs: NO_DOCS } };
  }

  /** After `{`: members separated by `;` or `,`, up to `}`. */
  #object(): TypeRef {
    const fields: FieldModel[] = [];
    const seen = new Set<string>();
    let extra: TypeRef | undefined;
    for (;;) {
      this.#skipSpace();
      if (this.text[this.#at] === '}') break;
      const start = this.#at;
      const member = this.#member();
      if (member.kind === 'index') {
        if (extra !== undefined) throw new SyntaxFailure(start, 'an object has one index signature at most');
        extra = member.type;
      } else {
        if (seen.has(member.field.name)) throw new SyntaxFailure(start, `the key ${JSON.stringify(member.field.name)} appears twice`);
        seen.add(member.field.name);
        fields.push(member.field);
      }
      this.#skipSpace();
      const separator = this.text[this.#at];
      if (separator === ';' || separator === ',') this.#at++;
      else if (separator !== '}') throw new SyntaxFailure(this.#at, 'expected ";" or "}"');
    }
    this.#at++;
    return { kind: 'object', fields, extra };
  }

  #primary(): TypeRef {
    this.#skipSpace();
    const char = this.text[this.#at];
    if (char === '(') {
      this.#at++;
      const inner = this.#union();
      this.#skipSpace();
      if (this.text[this.#at] !== ')') throw new SyntaxFailure(this.#at, 'expected ")"');
      this.#at++;
      return inner;
    }
    if (char === '{') {
      this.#at++;
      return this.#object();
    }
    if (char === "'" || char === '"') return { kind: 'literal', value: this.#quoted() };
    if (char === '`') {
      const offset = this.#at;
      const name = this.#quoted();
      this.names.push({ name, offset });
      return { kind: 'named', name };
    }
    NUMBER.lastIndex = this.#at;
    const number = NUMBER.exec(this.text);
    if (number !== null) {
      this.#at += number[0].length;
      return { kind: 'literal', value: Number(number[0]) };
    }
    NAME.lastIndex = this.#at;
    const match = NAME.exec(this.text);
    if (match === null) {
      const found = this.#at < this.text.length ? JSON.stringify(this.text[this.#at]) : 'the end';
      throw new SyntaxFailure(this.#at, `expected a type name; found ${found}`);
    }
    const name = match[0];
    const offset = this.#at;
    this.#at += name.length;
    if (name === RECORD) return this.#record();
    if (name === 'true' || name === 'false') return { kind: 'literal', value: name === 'true' };
    if (isBuiltin(name)) return { kind: 'builtin', name };
    this.names.push({ name, offset });
    return { kind: 'named', name };
  }
}

export function parseTypeExpression(text: string): TypeParse {
  const reader = new TypeReader(text);
  try {
    const type = reader.read();
    return { ok: true, type, names: reader.names };
  } catch (error) {
    if (!(error instanceof SyntaxFailure)) throw error;
    return { ok: false, offset: error.offset, reason: error.reason };
  }
}
