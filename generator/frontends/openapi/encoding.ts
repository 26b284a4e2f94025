/**
 * A form or multipart media type's `encoding` map to the model's body fields: per property its
 * `style` and `explode`, and for multipart its part's `contentType` and fixed `headers`. Where a
 * form body's document says nothing, OpenAPI's default (`form`, exploded) is written out for each
 * array or object field, since the runtime's own default for a form field is brackets.
 */
import { defaultExplode, FIELD_STYLES } from '../../model/types.js';
import { bodyFields, isFormScalar } from '../../model/body-fields.js';
import { TOKEN } from '../../model/http-token.js';
import type { BodyEncoding, BodyFieldModel, FieldStyle, HeaderEntry, TypeRef } from '../../model/types.js';
import { child, entries, isObject } from './context.js';
import type { Context, Node } from './context.js';

/** A part header's value, when the document fixes one: the schema's `const`, its one `enum` value, or its `default`. */
function fixedHeaderValue(ctx: Context, header: Node): string | undefined {
  const schema = ctx.deref(child(header, 'schema'));
  const value = isObject(schema?.value) ? schema.value : {};
  const candidates = [value['const'], Array.isArray(value['enum']) && value['enum'].length === 1 ? value['enum'][0] : undefined, value['default']];
  const fixed = candidates.find((candidate) => typeof candidate === 'string' || typeof candidate === 'number' || typeof candidate === 'boolean');
  return fixed === undefined ? undefined : String(fixed);
}

function partHeaders(ctx: Context, site: Node): HeaderEntry[] {
  const headers: HeaderEntry[] = [];
  for (const [name, node] of entries(site)) {
    const header = ctx.deref(node);
    if (header === undefined) continue;
    // Content-Type is said by `contentType`, as OpenAPI requires; the writer adds Content-Disposition.
    if (['content-type', 'content-disposition'].includes(name.toLowerCase())) continue;
    const value = fixedHeaderValue(ctx, header);
    if (!TOKEN.test(name) || value === undefined || /[\r\n\0]/.test(value)) {
      ctx.report('unsupportedConstruct', node, `a part header without a fixed value (a schema const, one enum value or a default)`, 'it is not sent');
      continue;
    }
    headers.push([name, value]);
  }
  return headers;
}

function readStyle(ctx: Context, site: Node): FieldStyle | undefined {
  const style = ctx.string(site);
  if (style === undefined) return undefined;
  const known = FIELD_STYLES.find((candidate) => candidate === style);
  // A style OpenAPI keeps for parameters (matrix, label, simple) says nothing a body can do: the default is used, with a word.
  if (known === undefined) ctx.report('unsupportedConstruct', site, `the style ${JSON.stringify(style)} in a body's encoding`, `the field is written as if none were given (the styles are ${FIELD_STYLES.join(', ')})`);
  return known;
}

/** One `encoding` entry, or undefined when it asks for nothing the runtime would not do anyway. */
function readEntry(ctx: Context, name: string, node: Node, body: 'form' | 'multipart'): BodyFieldModel | undefined {
  const entry = ctx.deref(node);
  if (entry === undefined || ctx.object(entry) === undefined) return undefined;
  const explicit = ctx.boolean(child(entry, 'explode'));
  // OpenAPI 3.0 gives style to forms only; Stripe's documents use it in multipart bodies too, and mean it.
  const style = readStyle(ctx, child(entry, 'style')) ?? (explicit === undefined ? undefined : 'form');
  if (ctx.boolean(child(entry, 'allowReserved')) === true) ctx.report('unsupportedConstruct', child(entry, 'allowReserved'), 'allowReserved', 'reserved characters are percent-encoded');
  const contentType = body === 'multipart' ? ctx.string(child(entry, 'contentType')) : undefined;
  const headers = body === 'multipart' ? partHeaders(ctx, child(entry, 'headers')) : [];
  if (style === undefined && contentType === undefined && headers.length === 0) return undefined;
  return { name, style, explode: style === undefined ? undefined : (explicit ?? defaultExplode(style)), contentType, headers };
}

/** The body fields of a form or multipart media type (`media`, holding `encoding`) of `type`. */
export function readFieldEncodings(ctx: Context, media: Node, encoding: BodyEncoding, type: TypeRef, types: ReadonlyMap<string, TypeRef>): BodyFieldModel[] {
  if (encoding !== 'form' && encoding !== 'multipart') return [];
  const found = bodyFields(type, types);
  const known = new Map(found.fields.map((field) => [field.name, field]));
  const site = child(media, 'encoding');
  ctx.object(site);
  const fields: BodyFieldModel[] = [];
  for (const [name, node] of entries(site)) {
    if (!known.has(name) && !found.open) {
      ctx.report('unknownEncodingField', node, name);
      continue;
    }
    const field = readEntry(ctx, name, node, encoding);
    if (field !== undefined) fields.push(field);
  }
  if (encoding === 'form') {
    const named = new Set(fields.map((field) => field.name));
    for (const field of known.values()) {
      if (!named.has(field.name) && !isFormScalar(field.type, types)) fields.push({ name: field.name, style: 'form', explode: true, contentType: undefined, headers: [] });
    }
  }
  return fields;
}
