/**
 * Line and column for a JSON pointer in a JSON text, found only when a diagnostic needs one.
 * The document itself is parsed with `JSON.parse` (fast, no positions); this scanner walks the
 * text along the pointer, skipping whole values without building them, and remembers each
 * container's child offsets so later lookups in the same object cost little. GitHub's 10 MB
 * document thus pays for positions only where something is reported.
 */
import type { Position } from '../../diagnostics.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

const STRUCTURAL = /["{}[\]]/g;

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

export class JsonPositions {
  readonly #text: string;
  /** Container offset to the children found so far (key, or index as text, to the value's offset) and where to go on. */
  readonly #scans = new Map<number, { object: boolean; children: Map<string, number>; next: number; count: number; done: boolean }>();
  #lineStarts: number[] | undefined;

  constructor(text: string) {
    this.#text = text;
  }

  /** The offset of the deepest value on the pointer's path that exists. */
  offsetOf(segments: readonly string[]): number {
    let offset = this.#skipSpace(0);
    for (const segment of segments) {
      const next = this.#childOffset(offset, segment);
      if (next === undefined) break;
      offset = next;
    }
    return offset;
  }

  position(offset: number): Position {
    const starts = (this.#lineStarts ??= this.#computeLineStarts());
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, col: offset - starts[low]! + 1 };
  }

  #computeLineStarts(): number[] {
    const starts = [0];
    for (let index = this.#text.indexOf('\n'); index !== -1; index = this.#text.indexOf('\n', index + 1)) starts.push(index + 1);
    return starts;
  }

  #skipSpace(offset: number): number {
    const text = this.#text;
    while (offset < text.length && isSpace(text.charCodeAt(offset))) offset++;
    return offset;
  }

  /** The offset just past the string starting at `offset` (its opening quote). */
  #skipString(offset: number): number {
    const text = this.#text;
    let index = offset + 1;
    for (;;) {
      const quote = text.indexOf('"', index);
      if (quote === -1) return text.length;
      let backslashes = 0;
      while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
      if (backslashes % 2 === 0) return quote + 1;
      index = quote + 1;
    }
  }

  /** The offset just past the value starting at `offset`, without building it. */
  #skipValue(offset: number): number {
    const text = this.#text;
    const first = text.charCodeAt(offset);
    if (first === QUOTE) return this.#skipString(offset);
    if (first === OPEN_BRACE || first === OPEN_BRACKET) {
      // Depth counting, not recursion: a deeply nested document cannot overflow the stack here.
      // The regular expression jumps from one structural character to the next, several times
      // faster than a loop over every character of GitHub's 10 MB.
      let depth = 0;
      const structural = STRUCTURAL;
      structural.lastIndex = offset;
      for (let match = structural.exec(text); match !== null; match = structural.exec(text)) {
        const code = text.charCodeAt(match.index);
        if (code === QUOTE) {
          structural.lastIndex = this.#skipString(match.index);
          continue;
        }
        if (code === OPEN_BRACE || code === OPEN_BRACKET) depth++;
        else if (--depth === 0) return match.index + 1;
      }
      return text.length;
    }
    let index = offset;
    while (index < text.length) {
      const code = text.charCodeAt(index);
      if (code === COMMA || code === CLOSE_BRACE || code === CLOSE_BRACKET || isSpace(code)) break;
      index++;
    }
    return index;
  }

  /**
   * The offset of one child of the container at `offset`, scanning the container only as far as
   * that child and remembering where it stopped, so finding `#/openapi` never reads `#/paths`.
   */
  #childOffset(offset: number, segment: string): number | undefined {
    const text = this.#text;
    let scan = this.#scans.get(offset);
    if (scan === undefined) {
      const open = text.charCodeAt(offset);
      if (open !== OPEN_BRACE && open !== OPEN_BRACKET) return undefined;
      scan = { object: open === OPEN_BRACE, children: new Map(), next: this.#skipSpace(offset + 1), count: 0, done: false };
      this.#scans.set(offset, scan);
    }
    let found = scan.children.get(segment);
    while (found === undefined && !scan.done) {
      let index = scan.next;
      const code = text.charCodeAt(index);
      scan.done = true;
      if (index >= text.length || code === CLOSE_BRACE || code === CLOSE_BRACKET) break;
      let key = String(scan.count++);
      if (scan.object) {
        if (code !== QUOTE) break;
        const end = this.#skipString(index);
        const raw = text.slice(index, end);
        key = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
        index = this.#skipSpace(end);
        if (text.charCodeAt(index) !== COLON) break;
        index = this.#skipSpace(index + 1);
      }
      // The first of two equal keys wins here, where JSON.parse keeps the last: either points at the key's text.
      if (!scan.children.has(key)) scan.children.set(key, index);
      if (key === segment) found = index;
      index = this.#skipSpace(this.#skipValue(index));
      if (text.charCodeAt(index) !== COMMA) break;
      scan.next = this.#skipSpace(index + 1);
      scan.done = false;
    }
    return found;
  }
}

/** Where `JSON.parse` failed, from the offset V8 puts in its message (`at position 12`, or `line 3 column 5`). */
export function jsonSyntaxOffset(message: string): number | undefined {
  const at = /at position (\d+)/.exec(message);
  return at === null ? undefined : Number(at[1]);
}
