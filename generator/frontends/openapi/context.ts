/**
 * What every module of the OpenAPI front end shares while reading one document: the files read
 * so far, `$ref` resolution across them, and reporting at a JSON pointer. A `Node` is a value
 * together with the file and pointer it came from, so any module can report where it stands.
 */
import { posix } from 'node:path';
import type { DIAGNOSTICS, DiagnosticCode, DiagnosticSink, Position } from '../../diagnostics.js';
import type { Origin } from '../../model/types.js';
import { childPointer, escapeSegment, fragmentSegments } from './pointer.js';
import { parseSource } from './source.js';
import type { SourceDoc } from './source.js';

export type JsonObject = { readonly [key: string]: unknown };

export interface Node {
  readonly doc: SourceDoc;
  /** JSON pointer within `doc`, `#` for its root. */
  readonly at: string;
  readonly value: unknown;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function child(node: Node, key: string | number): Node {
  const parent = node.value;
  // Own keys only: a key like `constructor` must not find Object.prototype's.
  const value =
    typeof key === 'number' ? (Array.isArray(parent) ? (parent[key] as unknown) : undefined) : isObject(parent) && Object.hasOwn(parent, key) ? parent[key] : undefined;
  return { doc: node.doc, at: childPointer(node.at, key), value };
}

/** The entries of an object node as nodes, in document order. */
export function entries(node: Node): [string, Node][] {
  if (!isObject(node.value)) return [];
  return Object.keys(node.value).map((key) => [key, child(node, key)]);
}

/** A JSON value's kind, as messages say it. */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/**
 * An origin whose position is found when first read. The getter sits on the prototype and the
 * lookup in a private field, so freezing or walking the model never computes or reaches them.
 * It keeps only the lookup (the text), not the parsed document, which emit can then do without.
 */
class DocumentOrigin implements Origin {
  readonly file: string;
  readonly at: string;
  readonly #positionOf: (pointer: string) => Position;
  #position: Position | undefined;

  constructor(doc: SourceDoc, at: string) {
    this.file = doc.file;
    this.at = at;
    this.#positionOf = doc.positionOf;
  }

  get position(): Position {
    return (this.#position ??= this.#positionOf(this.at));
  }
}

export class Context {
  readonly sink: DiagnosticSink;
  readonly main: SourceDoc;
  readonly #readRelative: (path: string) => string | undefined;
  readonly #mainFile: string;
  /** Other files by their relative path; null for one that could not be read or parsed. */
  readonly #docs = new Map<string, SourceDoc | null>();
  readonly #reported = new Set<string>();
  readonly #resolved = new Map<string, Node>();

  constructor(main: SourceDoc, mainFile: string, sink: DiagnosticSink, readRelative: (path: string) => string | undefined) {
    this.main = main;
    this.#mainFile = mainFile;
    this.sink = sink;
    this.#readRelative = readRelative;
    this.#docs.set(main.relative, main);
  }

  root(): Node {
    return { doc: this.main, at: '#', value: this.main.value };
  }

  report<C extends DiagnosticCode>(code: C, node: Node, ...args: Parameters<(typeof DIAGNOSTICS)[C]>): void {
    // A shared component (a response, a parameter) is read once per operation that uses it: say each thing once.
    const key = `${code}\u0000${Context.key(node)}\u0000${JSON.stringify(args)}`;
    if (this.#reported.has(key)) return;
    this.#reported.add(key);
    this.sink.reportAt(code, { file: node.doc.file, position: node.doc.positionOf(node.at), at: node.at }, ...args);
  }

  /** Where a model item came from; its position is found only when a diagnostic reads it. */
  origin(node: Node): Origin {
    return new DocumentOrigin(node.doc, node.at);
  }

  /** The node as an object, or undefined (reported) when it is something else; absent is fine. */
  object(node: Node, expected = 'an object'): JsonObject | undefined {
    if (node.value === undefined) return undefined;
    if (isObject(node.value)) return node.value;
    this.report('wrongType', node, expected, kindOf(node.value));
    return undefined;
  }

  list(node: Node): Node[] {
    if (node.value === undefined) return [];
    if (Array.isArray(node.value)) return node.value.map((_, index) => child(node, index));
    this.report('wrongType', node, 'a list', kindOf(node.value));
    return [];
  }

  string(node: Node): string | undefined {
    if (node.value === undefined) return undefined;
    if (typeof node.value === 'string') return node.value;
    this.report('wrongType', node, 'a string', kindOf(node.value));
    return undefined;
  }

  boolean(node: Node): boolean | undefined {
    if (node.value === undefined) return undefined;
    if (typeof node.value === 'boolean') return node.value;
    this.report('wrongType', node, 'true or false', kindOf(node.value));
    return undefined;
  }

  /** A stable key for a ref target, the same however the `$ref` that reached it was spelled. */
  static key(node: Node): string {
    return `${node.doc.relative}${node.at}`;
  }

  /** The node a `$ref` names, or undefined (reported). `from` is the `$ref` value's own node. */
  resolveRef(from: Node, ref: string): Node | undefined {
    // GitHub's document has tens of thousands of `$ref`s to a few thousand places.
    const cacheKey = `${from.doc.relative}\u0000${ref}`;
    const cached = this.#resolved.get(cacheKey);
    if (cached !== undefined) return cached;
    const target = this.#resolve(from, ref);
    if (target !== undefined) this.#resolved.set(cacheKey, target);
    return target;
  }

  #resolve(from: Node, ref: string): Node | undefined {
    const hash = ref.indexOf('#');
    const filePart = hash === -1 ? ref : ref.slice(0, hash);
    const fragment = hash === -1 ? '' : ref.slice(hash + 1);
    let doc: SourceDoc | undefined = from.doc;
    if (filePart !== '') {
      if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(filePart)) {
        this.report('remoteRef', from, ref);
        return undefined;
      }
      doc = this.#load(from, filePart);
      if (doc === undefined) return undefined;
    }
    const segments = fragmentSegments(fragment);
    if (segments === undefined) {
      this.report('badRef', from, ref, 'the part after "#" is not a JSON pointer');
      return undefined;
    }
    let value = doc.value;
    for (const segment of segments) {
      const next: unknown = Array.isArray(value) ? (/^(0|[1-9][0-9]*)$/.test(segment) ? value[Number(segment)] : undefined) : isObject(value) && Object.hasOwn(value, segment) ? value[segment] : undefined;
      if (next === undefined) {
        this.report('badRef', from, ref, `${doc === from.doc ? 'the document' : JSON.stringify(doc.file)} has nothing at ${JSON.stringify(segment)}`);
        return undefined;
      }
      value = next;
    }
    return { doc, at: `#${segments.map((segment) => `/${escapeSegment(segment)}`).join('')}`, value };
  }

  #load(from: Node, filePart: string): SourceDoc | undefined {
    let path: string;
    try {
      path = decodeURI(filePart);
    } catch {
      path = filePart;
    }
    const relative = posix.normalize(posix.join(posix.dirname(from.doc.relative), path));
    const known = this.#docs.get(relative);
    if (known !== undefined) return known ?? undefined;
    const text = this.#readRelative(relative);
    const file = posix.join(posix.dirname(this.#mainFile.replaceAll('\\', '/')), relative);
    const doc = text === undefined ? undefined : parseSource(text, file, relative, this.sink);
    if (text === undefined) this.report('refFileUnreadable', from, filePart);
    this.#docs.set(relative, doc ?? null);
    return doc;
  }

  /**
   * Follows `$ref`s from a parameter, response, request body, path item or security scheme to the
   * object itself; undefined (reported) for a broken or circular chain.
   */
  deref(node: Node): Node | undefined {
    let current = node;
    const seen = new Set<string>();
    while (isObject(current.value) && typeof current.value['$ref'] === 'string') {
      const key = Context.key(current);
      const refNode = child(current, '$ref');
      if (seen.has(key)) {
        this.report('refCycle', refNode, current.value['$ref']);
        return undefined;
      }
      seen.add(key);
      const next = this.resolveRef(refNode, current.value['$ref']);
      if (next === undefined) return undefined;
      current = next;
    }
    return current;
  }
}
