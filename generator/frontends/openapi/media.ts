/**
 * Media types: what kind of body each is, and which one a client uses when a request body or a
 * response offers several. The choice is JSON first, then form, then multipart, then the rest in
 * document order (a warning names the others, which the client does not send or expect).
 */
import { essence, isJsonMediaType, isTextMediaType, JSON_LINES } from '../../model/media.js';
import { child, entries, isObject } from './context.js';
import type { Context, Node } from './context.js';

export type MediaKind = 'json' | 'form' | 'multipart' | 'text' | 'eventStream' | 'jsonLines' | 'binary';

export interface ChosenMedia {
  readonly mediaType: string;
  /** The media type as the document wrote it: a wildcard (`*\/*`) stays one here. */
  readonly declared: string;
  readonly kind: MediaKind;
  /** The media type object (holding `schema`). */
  readonly node: Node;
}

/** `*\/*` and `application/*` say nothing: a schema that is an object or list means JSON, anything else bytes. */
function wildcardKind(media: Node): MediaKind {
  const schema = isObject(media.value) ? media.value['schema'] : undefined;
  const type = isObject(schema) ? schema['type'] : undefined;
  return isObject(schema) && (type === 'object' || type === 'array' || schema['$ref'] !== undefined || schema['properties'] !== undefined) ? 'json' : 'binary';
}

const KINDS = new Map<string, MediaKind | 'wildcard'>();

export function mediaKind(mediaType: string, media: Node): MediaKind {
  let kind = KINDS.get(mediaType);
  if (kind === undefined) {
    kind = kindOfType(essence(mediaType));
    KINDS.set(mediaType, kind);
  }
  return kind === 'wildcard' ? wildcardKind(media) : kind;
}

/** By the model's own media type rules (model/media.ts), so both front ends read a media type alike. */
function kindOfType(bare: string): MediaKind | 'wildcard' {
  if (isJsonMediaType(bare)) return 'json';
  if (bare === 'application/x-www-form-urlencoded') return 'form';
  if (bare === 'multipart/form-data') return 'multipart';
  if (bare === 'text/event-stream') return 'eventStream';
  if (JSON_LINES.has(bare)) return 'jsonLines';
  if (isTextMediaType(bare)) return 'text';
  if (bare === '*/*' || bare === 'application/*' || bare === '') return 'wildcard';
  return 'binary';
}

/** The media type a wildcard is sent as, since `*\/*` is not a Content-Type. */
export function concreteMediaType(mediaType: string, kind: MediaKind): string {
  if (!essence(mediaType).includes('*')) return mediaType;
  return kind === 'json' ? 'application/json' : 'application/octet-stream';
}

/** The first media type of `owner`'s content read as it arrives (an event stream, JSON lines), offered beside another one. */
export function streamBeside(owner: Node): ChosenMedia | undefined {
  const content = child(owner, 'content');
  const offered = entries(content).map(([mediaType, node]) => ({ mediaType, declared: mediaType, node, kind: mediaKind(mediaType, node) }));
  if (offered.length < 2) return undefined;
  return offered.find((media) => media.kind === 'eventStream' || media.kind === 'jsonLines');
}

const PREFERENCE: Readonly<Record<MediaKind, number>> = { json: 0, form: 1, multipart: 2, text: 3, eventStream: 3, jsonLines: 3, binary: 3 };

/**
 * The media type to use from a `content` map, or undefined for none. `what` names the owner in the
 * warning. `aside`, when given, is left out of the choice (and of the warning) so long as another
 * media type is offered: a stream the caller picks apart (see responses.ts).
 */
export function chooseMedia(ctx: Context, owner: Node, what: string, aside?: ChosenMedia): ChosenMedia | undefined {
  const content = child(owner, 'content');
  ctx.object(content);
  const offered = entries(content)
    .map(([mediaType, node]) => ({ mediaType, node, kind: mediaKind(mediaType, node) }))
    .filter((media) => media.mediaType !== aside?.mediaType);
  if (offered.length === 0) return undefined;
  // A stable sort keeps document order within each rank.
  const ranked = [...offered].sort((a, b) => PREFERENCE[a.kind] - PREFERENCE[b.kind]);
  const chosen = ranked[0]!;
  const others = offered.filter((media) => media !== chosen && media.kind !== chosen.kind).map((media) => media.mediaType);
  if (others.length > 0) ctx.report('mediaTypeChoice', content, what, chosen.mediaType, others);
  return { mediaType: concreteMediaType(chosen.mediaType, chosen.kind), declared: chosen.mediaType, kind: chosen.kind, node: chosen.node };
}
