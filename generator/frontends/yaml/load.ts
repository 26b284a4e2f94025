/**
 * Stage 1: YAML text to a plain tree of maps, lists and scalars, each carrying the line and
 * column it came from. Aliases are expanded here, within a budget, so the later stages never
 * see YAML machinery and an alias bomb cannot make them loop or allocate without bound.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, Scalar } from 'yaml';
import type { Alias, Document, Node as YamlNode } from 'yaml';
import type { DiagnosticSink, Position } from '../../diagnostics.js';

export type ScalarValue = string | number | boolean | null;

export interface ScalarNode {
  readonly kind: 'scalar';
  readonly value: ScalarValue;
  readonly position: Position;
  /** Columns between the node's start and its first character of text (1 for a quoted scalar). */
  readonly textOffset: number;
  /**
   * The text as written, for a plain (unquoted) scalar: `1.10` stays `1.10` where the value is the
   * number 1.1, so a header or query value keeps exactly what the user wrote.
   */
  readonly source: string | undefined;
}

export interface MapEntry {
  readonly key: string;
  readonly keyPosition: Position;
  readonly value: SpecNode;
}

export interface MapNode {
  readonly kind: 'map';
  readonly entries: readonly MapEntry[];
  readonly position: Position;
}

export interface ListNode {
  readonly kind: 'list';
  readonly items: readonly SpecNode[];
  readonly position: Position;
}

export type SpecNode = ScalarNode | MapNode | ListNode;

/** How many nodes alias expansion may add across one document. Real specs need a handful. */
export const ALIAS_NODE_LIMIT = 10_000;

class AliasBudgetExceeded extends Error {}

class TreeBuilder {
  #aliasNodes = 0;
  readonly #expanding = new Set<YamlNode>();

  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
    private readonly sink: DiagnosticSink,
  ) {}

  position(offset: number | undefined): Position {
    const { line, col } = this.lines.linePos(offset ?? 0);
    return { line, col };
  }

  build(node: unknown, at: string, inAlias: boolean): SpecNode {
    if (inAlias && ++this.#aliasNodes > ALIAS_NODE_LIMIT) throw new AliasBudgetExceeded();
    if (isAlias(node)) return this.#expand(node, at);
    const position = this.position(isMap(node) || isSeq(node) || isScalar(node) ? node.range?.[0] : undefined);
    if (isMap(node)) return this.#map(node.items, position, at, inAlias);
    if (isSeq(node)) {
      return { kind: 'list', items: node.items.map((item, index) => this.build(item, `${at}[${index}]`, inAlias)), position };
    }
    if (isScalar(node)) return this.#scalar(node, position);
    // An empty document or a missing value: treat it as null where it stands.
    return { kind: 'scalar', value: null, position, textOffset: 0, source: undefined };
  }

  #expand(alias: Alias, at: string): SpecNode {
    const target = alias.resolve(this.doc);
    if (target === undefined || this.#expanding.has(target)) {
      return { kind: 'scalar', value: null, position: this.position(alias.range?.[0]), textOffset: 0, source: undefined };
    }
    this.#expanding.add(target);
    try {
      return this.build(target, at, true);
    } finally {
      this.#expanding.delete(target);
    }
  }

  #scalar(node: Scalar, position: Position): ScalarNode {
    const raw: unknown = node.value;
    const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
    let value: ScalarValue;
    if (raw === null || typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') value = raw;
    else value = String(raw);
    return { kind: 'scalar', value, position, textOffset: quoted ? 1 : 0, source: node.type === Scalar.PLAIN ? node.source : undefined };
  }

  #map(pairs: readonly { key: unknown; value: unknown }[], position: Position, at: string, inAlias: boolean): MapNode {
    const entries: MapEntry[] = [];
    const seen = new Map<string, Position>();
    for (const pair of pairs) {
      const keyNode = isAlias(pair.key) ? pair.key.resolve(this.doc) : pair.key;
      const keyPosition = this.position(isScalar(keyNode) || isMap(keyNode) || isSeq(keyNode) ? keyNode.range?.[0] : undefined);
      if (!isScalar(keyNode) || (keyNode.value !== null && typeof keyNode.value === 'object')) {
        this.sink.report('yamlComplexKey', keyPosition, at);
        continue;
      }
      const key = String(keyNode.value);
      const first = seen.get(key);
      const keyAt = at === '' ? key : `${at}.${key}`;
      if (first !== undefined) {
        this.sink.report('duplicateKey', keyPosition, keyAt, key, first);
        continue;
      }
      seen.set(key, keyPosition);
      const value = pair.value === null ? { kind: 'scalar' as const, value: null, position: keyPosition, textOffset: 0, source: undefined } : this.build(pair.value, keyAt, inAlias);
      entries.push({ key, keyPosition, value });
    }
    return { kind: 'map', entries, position };
  }
}

/**
 * Parses one spec's text. Returns undefined when the YAML itself is broken (every syntax error
 * is reported) or an alias bomb was refused.
 */
export function parseSpecText(text: string, sink: DiagnosticSink): SpecNode | undefined {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false, strict: true });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const { line, col } = lines.linePos(error.pos[0]);
      sink.report('yamlSyntax', { line, col }, '', error.message.split('\n', 1)[0] ?? error.message);
    }
    return undefined;
  }
  const builder = new TreeBuilder(doc, lines, sink);
  try {
    return builder.build(doc.contents, '', false);
  } catch (error) {
    if (!(error instanceof AliasBudgetExceeded)) throw error;
    sink.report('yamlAliasBomb', { line: 1, col: 1 }, '', ALIAS_NODE_LIMIT);
    return undefined;
  }
}
