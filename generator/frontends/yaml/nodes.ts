/** Small checks on tree nodes shared by the validators: shapes, keys, plain values. */
import type { DiagnosticSink, Position } from '../../diagnostics.js';
import { closest } from '../../model/names.js';
import type { MapEntry, MapNode, SpecNode } from './load.js';
import { HTTP_METHODS, type KeySpec, type SpecMethod } from './spec-format.js';

export function describe(node: SpecNode): string {
  if (node.kind === 'map') return 'a map';
  if (node.kind === 'list') return 'a list';
  if (node.value === null) return 'nothing';
  return typeof node.value === 'string' ? JSON.stringify(node.value) : String(node.value);
}

export function join(at: string, key: string): string {
  return at === '' ? key : `${at}.${key}`;
}

/** The node as a map, or a `wrongType` report and undefined. */
export function expectMap(node: SpecNode, at: string, sink: DiagnosticSink): MapNode | undefined {
  if (node.kind === 'map') return node;
  sink.report('wrongType', node.position, at, 'a map', describe(node));
  return undefined;
}

export function expectString(node: SpecNode, at: string, sink: DiagnosticSink): string | undefined {
  if (node.kind === 'scalar' && typeof node.value === 'string') return node.value;
  sink.report('wrongType', node.position, at, 'a string', describe(node));
  return undefined;
}

/** One of HTTP_METHODS, written as the spec format spells them (upper case). */
export function expectMethod(node: SpecNode, at: string, sink: DiagnosticSink): SpecMethod | undefined {
  const value = expectString(node, at, sink);
  if (value === undefined) return undefined;
  const method = HTTP_METHODS.find((candidate) => candidate === value);
  if (method === undefined) sink.report('badMethod', node.position, at, value);
  return method;
}

export function expectBoolean(node: SpecNode, at: string, sink: DiagnosticSink): boolean | undefined {
  if (node.kind === 'scalar' && typeof node.value === 'boolean') return node.value;
  sink.report('wrongType', node.position, at, 'true or false', describe(node));
  return undefined;
}

/** A whole number of at least `least` (and at most `most`, when given). */
export function expectWholeNumber(node: SpecNode, at: string, sink: DiagnosticSink, least: number, most?: number): number | undefined {
  const value = node.kind === 'scalar' ? node.value : undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= least && (most === undefined || value <= most)) return value;
  const expected = most === undefined ? `a whole number of at least ${least}` : `a whole number from ${least} to ${most}`;
  sink.report('wrongType', node.position, at, expected, describe(node));
  return undefined;
}

/** Reports unknown keys (with a did-you-mean) and missing required ones; returns the known entries by key. */
export function checkKeys(
  map: MapNode,
  keys: Readonly<Partial<Record<string, KeySpec>>>,
  at: string,
  sink: DiagnosticSink,
): Map<string, MapEntry> {
  const known = new Map<string, MapEntry>();
  const allowed = Object.keys(keys);
  for (const entry of map.entries) {
    if (Object.hasOwn(keys, entry.key)) known.set(entry.key, entry);
    else sink.report('unknownKey', entry.keyPosition, join(at, entry.key), entry.key, allowed, closest(entry.key, allowed));
  }
  for (const key of allowed) {
    if (keys[key]?.required === true && !known.has(key)) sink.report('missingKey', map.position, at, key);
  }
  return known;
}

/** The position of a character inside a scalar's text. */
export function offsetPosition(node: SpecNode, offset: number): Position {
  const textOffset = node.kind === 'scalar' ? node.textOffset : 0;
  return { line: node.position.line, col: node.position.col + textOffset + offset };
}

/** An absolute http(s) URL with no credentials or fragment: a base location. */
export function readBaseLocation(node: SpecNode, at: string, sink: DiagnosticSink): string | undefined {
  const value = expectString(node, at, sink);
  if (value === undefined) return undefined;
  let reason: string | undefined;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') reason = 'the scheme must be http or https';
    else if (url.username !== '' || url.password !== '') reason = 'credentials in the URL are not allowed';
    else if (url.hash !== '') reason = 'a #fragment is never sent';
  } catch {
    reason = 'it does not parse as a URL';
  }
  if (reason === undefined) return value;
  sink.report('badBaseLocation', node.position, at, value, reason);
  return undefined;
}
