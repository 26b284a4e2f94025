/**
 * A body's `$encoding`: how each named field of a form or multipart body is written, as OpenAPI's
 * Encoding Object says it. `expand: deepObject` is short for `expand: { style: deepObject }`.
 */
import type { DiagnosticSink } from '../../diagnostics.js';
import { bodyFields } from '../../model/body-fields.js';
import { defaultExplode, FIELD_STYLES } from '../../model/types.js';
import type { BodyEncoding, BodyFieldModel, FieldStyle, TypeRef } from '../../model/types.js';
import { readHeaders } from './headers.js';
import type { MapEntry, SpecNode } from './load.js';
import { checkKeys, expectBoolean, expectMap, expectString, join } from './nodes.js';
import { FIELD_ENCODING_KEYS } from './spec-format.js';

function readStyle(node: SpecNode, at: string, sink: DiagnosticSink): FieldStyle | undefined {
  const value = expectString(node, at, sink);
  const style = FIELD_STYLES.find((candidate) => candidate === value);
  if (value !== undefined && style === undefined) sink.report('badChoice', node.position, at, FIELD_STYLES, value);
  return style;
}

function readField(entry: MapEntry, at: string, sink: DiagnosticSink, multipart: boolean): BodyFieldModel | undefined {
  if (entry.value.kind === 'scalar') {
    const style = readStyle(entry.value, at, sink);
    return style === undefined ? undefined : { name: entry.key, style, explode: defaultExplode(style), contentType: undefined, headers: [] };
  }
  const map = expectMap(entry.value, at, sink);
  if (map === undefined) return undefined;
  const keys = checkKeys(map, FIELD_ENCODING_KEYS, at, sink);
  const styleEntry = keys.get('style');
  const explodeEntry = keys.get('explode');
  const explicit = explodeEntry === undefined ? undefined : expectBoolean(explodeEntry.value, join(at, 'explode'), sink);
  const style = styleEntry === undefined ? (explicit === undefined ? undefined : 'form') : readStyle(styleEntry.value, join(at, 'style'), sink);
  const typeEntry = keys.get('content_type');
  const headersEntry = keys.get('headers');
  // A part's media type and headers mean nothing in a form, which has no parts.
  for (const only of multipart ? [] : [typeEntry, headersEntry]) {
    if (only !== undefined) sink.report('unknownKey', only.keyPosition, join(at, only.key), only.key, ['style', 'explode'], undefined);
  }
  const contentType = typeEntry === undefined || !multipart ? undefined : expectString(typeEntry.value, join(at, 'content_type'), sink);
  const headers = headersEntry === undefined || !multipart ? [] : readHeaders(headersEntry.value, join(at, 'headers'), sink);
  return { name: entry.key, style, explode: style === undefined ? undefined : (explicit ?? defaultExplode(style)), contentType, headers };
}

/** The `$encoding` of a body sent as `encoding`, whose type is `type`; reported and empty where it cannot apply. */
export function readBodyEncoding(entry: MapEntry | undefined, at: string, sink: DiagnosticSink, encoding: BodyEncoding, mediaType: string, type: TypeRef, named: ReadonlyMap<string, TypeRef>): BodyFieldModel[] {
  if (entry === undefined) return [];
  if (encoding !== 'form' && encoding !== 'multipart') {
    sink.report('encodingWithoutFields', entry.keyPosition, at, mediaType);
    return [];
  }
  const map = expectMap(entry.value, at, sink);
  if (map === undefined) return [];
  const found = bodyFields(type, named);
  const names = new Set(found.fields.map((field) => field.name));
  const fields: BodyFieldModel[] = [];
  for (const field of map.entries) {
    const fieldAt = join(at, field.key);
    if (!names.has(field.key) && !found.open) {
      sink.report('unknownEncodingField', field.keyPosition, fieldAt, field.key);
      continue;
    }
    const read = readField(field, fieldAt, sink, encoding === 'multipart');
    if (read !== undefined) fields.push(read);
  }
  return fields;
}
