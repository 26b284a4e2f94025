/**
 * Cuts a body into lines as its chunks arrive, so a stream of events or JSON lines is read one
 * line at a time and never held whole. Bytes are decoded as UTF-8 across chunk boundaries (a
 * character split between two chunks stays whole), a leading BOM is dropped and bad bytes become
 * U+FFFD, as the server-sent events rules say.
 */
export class LineSplitter {
  readonly #decoder = new TextDecoder('utf-8');
  readonly #breaks: RegExp;
  /** The start of a line whose end has not arrived yet. */
  #rest = '';
  /** The last chunk ended in CR: an LF that starts the next one belongs to it (one CRLF, not two breaks). */
  #afterCR = false;

  /** `crBreaks`: a lone CR ends a line too (server-sent events); else only LF does (JSON lines, where CR is whitespace). */
  constructor(crBreaks: boolean) {
    this.#breaks = crBreaks ? /\r\n?|\n/g : /\n/g;
  }

  /** The lines that `chunk` completes. */
  push(chunk: Uint8Array): string[] {
    return this.#cut(this.#decoder.decode(chunk, { stream: true }));
  }

  /** The lines left when the body ends: a last line with no line break after it is still given. */
  end(): string[] {
    const lines = this.#cut(this.#decoder.decode());
    if (this.#rest !== '') lines.push(this.#rest);
    this.#rest = '';
    return lines;
  }

  #cut(text: string): string[] {
    const lines: string[] = [];
    let start = 0;
    if (this.#afterCR && text.length > 0) {
      if (text.charCodeAt(0) === 10) start = 1;
      this.#afterCR = false;
    }
    const breaks = this.#breaks;
    breaks.lastIndex = start;
    for (let match = breaks.exec(text); match !== null; match = breaks.exec(text)) {
      lines.push(this.#rest + text.slice(start, match.index));
      this.#rest = '';
      start = breaks.lastIndex;
      if (match[0] === '\r' && start === text.length) this.#afterCR = true;
    }
    this.#rest += text.slice(start);
    return lines;
  }
}
