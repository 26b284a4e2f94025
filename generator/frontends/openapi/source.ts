/**
 * One document file (the main one or one a `$ref` names): its parsed value and a way back from
 * a JSON pointer to a line and column. JSON goes through `JSON.parse` with positions found
 * lazily (see json-position.ts); YAML through the `yaml` package, whose nodes keep their range.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import type { DiagnosticSink, Position } from '../../diagnostics.js';
import { JsonPositions, jsonSyntaxOffset } from './json-position.js';
import { pointerSegments } from './pointer.js';

export interface SourceDoc {
  /** The file as diagnostics name it (the main document's name, or a path relative to its folder). */
  readonly file: string;
  /** The path `readRelative` was given for it: relative to the main document's folder, `/`-separated. */
  readonly relative: string;
  readonly value: unknown;
  positionOf(pointer: string): Position;
}

/** YAML aliases may expand to at most this many nodes: real documents need few, an alias bomb many. */
const YAML_ALIAS_LIMIT = 10_000;

function looksLikeJson(text: string): boolean {
  const first = /\S/.exec(text);
  return first !== null && (first[0] === '{' || first[0] === '[');
}

function parseJson(text: string, file: string, relative: string, sink: DiagnosticSink): SourceDoc | undefined {
  const positions = new JsonPositions(text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const offset = jsonSyntaxOffset(message) ?? 0;
    sink.reportAt('jsonSyntax', { file, position: positions.position(offset), at: '' }, message.replace(/^SyntaxError: /, ''));
    return undefined;
  }
  return { file, relative, value, positionOf: (pointer) => positions.position(positions.offsetOf(pointerSegments(pointer))) };
}

function yamlOffset(doc: Document, segments: readonly string[]): number {
  let node: unknown = doc.contents;
  let offset = 0;
  for (const segment of [undefined, ...segments]) {
    if (isAlias(node)) node = node.resolve(doc);
    if (segment !== undefined) {
      if (isMap(node)) node = node.items.find((pair) => String(isScalar(pair.key) ? pair.key.value : pair.key) === segment)?.value;
      else if (isSeq(node)) node = node.items[Number(segment)];
      else break;
    }
    if (!isMap(node) && !isSeq(node) && !isScalar(node)) break;
    offset = node.range?.[0] ?? offset;
  }
  return offset;
}

function parseYaml(text: string, file: string, relative: string, sink: DiagnosticSink): SourceDoc | undefined {
  const lines = new LineCounter();
  const position = (offset: number): Position => lines.linePos(offset);
  let doc: Document;
  let value: unknown;
  try {
    doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
    const error = doc.errors[0];
    if (error !== undefined) {
      sink.reportAt('yamlSyntax', { file, position: position(error.pos[0]), at: '' }, error.message.split('\n')[0]!);
      return undefined;
    }
    value = doc.toJS({ maxAliasCount: YAML_ALIAS_LIMIT });
  } catch (error) {
    // An alias bomb, or nesting deep enough to exhaust the parser's stack: an error, not a crash.
    const message = error instanceof RangeError ? 'the document is nested too deeply to read' : error instanceof Error ? error.message : String(error);
    sink.reportAt('yamlSyntax', { file, position: { line: 1, col: 1 }, at: '' }, message);
    return undefined;
  }
  return { file, relative, value, positionOf: (pointer) => position(yamlOffset(doc, pointerSegments(pointer))) };
}

/** Reads a document's text as JSON when it looks like JSON, else as YAML (a superset of JSON). */
export function parseSource(text: string, file: string, relative: string, sink: DiagnosticSink): SourceDoc | undefined {
  return looksLikeJson(text) ? parseJson(text, file, relative, sink) : parseYaml(text, file, relative, sink);
}
