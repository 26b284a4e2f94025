/** A `requestBody` (or a `$ref` to one) to the model's body: its encoding follows the chosen media type. */
import type { BodyEncoding, BodyModel, TypeRef } from '../../model/types.js';
import { child } from './context.js';
import type { Context, Node } from './context.js';
import { textDocs } from './docs.js';
import { chooseMedia } from './media.js';
import type { MediaKind } from './media.js';
import type { Schemas } from './schema.js';

const ENCODING: Readonly<Record<MediaKind, BodyEncoding>> = {
  json: 'json',
  form: 'form',
  multipart: 'multipart',
  text: 'text',
  eventStream: 'text',
  binary: 'binary',
};

export function readRequestBody(ctx: Context, schemas: Schemas, site: Node): BodyModel | undefined {
  if (site.value === undefined) return undefined;
  const node = ctx.deref(site);
  if (node === undefined) return undefined;
  const body = ctx.object(node);
  if (body === undefined) return undefined;
  const media = chooseMedia(ctx, node, 'the request body');
  if (media === undefined) return undefined;
  const encoding = ENCODING[media.kind];
  // Text and raw bodies are sent as given whatever their schema says: a string, or bytes.
  const type: TypeRef =
    encoding === 'text' ? { kind: 'builtin', name: 'string' } : encoding === 'binary' ? { kind: 'builtin', name: 'binary' } : schemas.type(child(media.node, 'schema'));
  return { encoding, mediaType: media.mediaType, type, required: body['required'] === true, docs: textDocs(body) };
}
