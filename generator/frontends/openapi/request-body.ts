/**
 * A `requestBody` (or a `$ref` to one) to the model's body: its encoding follows the chosen media
 * type, except that a schema of raw bytes (`format: binary`) is sent as bytes whatever the media
 * type, and a form or multipart body whose schema is not an object is sent as text or bytes.
 */
import { essence } from '../../model/media.js';
import type { BodyEncoding, BodyModel, TypeRef } from '../../model/types.js';
import { child } from './context.js';
import type { Context, Node } from './context.js';
import { textDocs } from './docs.js';
import { readFieldEncodings } from './encoding.js';
import { chooseMedia } from './media.js';
import type { MediaKind } from './media.js';
import type { Schemas } from './schema.js';

const ENCODING: Readonly<Record<MediaKind, BodyEncoding>> = {
  json: 'json',
  form: 'form',
  multipart: 'multipart',
  text: 'text',
  eventStream: 'text',
  jsonLines: 'text',
  binary: 'binary',
};

const STRING: TypeRef = { kind: 'builtin', name: 'string' };
const BINARY: TypeRef = { kind: 'builtin', name: 'binary' };

export function readRequestBody(ctx: Context, schemas: Schemas, site: Node): BodyModel | undefined {
  if (site.value === undefined) return undefined;
  const node = ctx.deref(site);
  if (node === undefined) return undefined;
  const body = ctx.object(node);
  if (body === undefined) return undefined;
  const media = chooseMedia(ctx, node, 'the request body');
  if (media === undefined) return undefined;
  let encoding = ENCODING[media.kind];
  let type: TypeRef = encoding === 'text' || encoding === 'binary' ? STRING : schemas.type(child(media.node, 'schema'));
  if (type.kind === 'builtin' && type.name === 'binary') encoding = 'binary';
  else if ((encoding === 'form' || encoding === 'multipart') && !schemas.isObject(type)) {
    // A form is a map of fields; given a scalar schema, the body is sent as the text or bytes the user encodes.
    ctx.report('unsupportedConstruct', child(media.node, 'schema'), `a ${media.mediaType} body that is not an object`, `it is sent as ${encoding === 'form' ? 'text' : 'bytes'} you encode`);
    encoding = encoding === 'form' ? 'text' : 'binary';
  }
  // Text and raw bodies are sent as given whatever their schema says: a string, or bytes.
  if (encoding === 'text') type = STRING;
  if (encoding === 'binary') type = BINARY;
  const fields = readFieldEncodings(ctx, media.node, encoding, type, schemas.typeMap());
  // A raw body under a wildcard (`*\/*`) keeps it: the client then sends the Blob's own type, which no fixed header may hide.
  const mediaType = encoding === 'binary' && essence(media.declared).includes('*') ? media.declared : media.mediaType;
  return { encoding, mediaType, type, required: body['required'] === true, docs: textDocs(body), fields };
}
