/**
 * Reads a type written as text: a name, `T[]`, `A | B`, `Record<string, T>`, and parentheses
 * for grouping (`(A | null)[]`). Maps are handled by the validator, since they are YAML, not text.
 */
import type { TypeRef } from './model.js';
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

  #union(): TypeRef {
    const members = [this.#array()];
    this.#skipSpace();
    while (this.text[this.#at] === '|') {
      this.#at++;
      members.push(this.#array());
      this.#skipSpace();
    }
    return members.length === 1 ? members[0]! : { kind: 'union', members };
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
    return { kind: 'record', value };
  }

  #primary(): TypeRef {
    this.#skipSpace();
    if (this.text[this.#at] === '(') {
      this.#at++;
      const inner = this.#union();
      this.#skipSpace();
      if (this.text[this.#at] !== ')') throw new SyntaxFailure(this.#at, 'expected ")"');
      this.#at++;
      return inner;
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
