/**
 * `responses` to a method's result and its typed errors.
 *
 * The result is the lowest 2xx status (then `2XX`); when there is none and `default` is the only
 * response, `default` is the result. A 204, a HEAD, or a response without content resolves to
 * nothing; JSON is parsed, `text/*` is text, `text/event-stream` is read event by event (each
 * event's data as text, or as JSON when a schema describes it), newline-delimited JSON line by
 * line (the schema is one line's), anything else is bytes; a binary schema is always bytes.
 * Every 4xx and 5xx status, range (`4XX`) and `default` with a JSON or text body is a typed error.
 */
import { readingOf } from '../../model/media.js';
import { admitsValue, typeAtPath } from '../../model/types.js';
import type { BodyModel, Docs, ErrorModel, HttpMethod, LiteralValue, ResultModel, StreamReading, TypeRef } from '../../model/types.js';
import { child, entries } from './context.js';
import type { Context, Node } from './context.js';
import { textDocs } from './docs.js';
import { chooseMedia, streamBeside } from './media.js';
import type { ChosenMedia } from './media.js';
import type { Schemas } from './schema.js';

const NONE: ResultModel = { reading: 'none', type: undefined, docs: {} };
const STRING: TypeRef = { kind: 'builtin', name: 'string' };
type ErrorStatus = ErrorModel['status'];

function errorStatus(key: string): ErrorStatus | undefined {
  if (key === 'default') return 'default';
  if (/^[45][0-9][0-9]$/.test(key)) return Number(key);
  if (/^[45]XX$/i.test(key)) return key.toUpperCase() as ErrorStatus;
  return undefined;
}

/** An event stream (or JSON lines) a response offers beside the media type the result is read from. */
export interface StreamOffer {
  readonly media: ChosenMedia;
  /** The response's `content`, where a warning points. */
  readonly content: Node;
  readonly status: string;
  /** The media type the result is read from. */
  readonly chosen: string;
}

interface ReadResult {
  readonly result: ResultModel;
  readonly offer?: StreamOffer;
  /** The other media types the response offers. */
  readonly also?: readonly string[];
}

function readResult(ctx: Context, schemas: Schemas, site: Node, status: string, httpMethod: HttpMethod): ReadResult {
  const node = ctx.deref(site);
  const response = node === undefined ? undefined : ctx.object(node);
  if (node === undefined || response === undefined) return { result: NONE };
  const docs = textDocs(response);
  if (httpMethod === 'HEAD' || status === '204' || status === '205' || status === '304') return { result: { ...NONE, docs } };
  const aside = streamBeside(node);
  const media = chooseMedia(ctx, node, `the ${status} response`, aside);
  if (media === undefined) return { result: { ...NONE, docs } };
  const type = typeOfMedia(schemas, media);
  const result: ResultModel = { reading: readingOf(media.mediaType, type), type, docs };
  // A wildcard is no media type to ask for.
  const also = entries(child(node, 'content')).map(([offered]) => offered).filter((offered) => offered !== media.mediaType && !offered.includes('*'));
  return aside === undefined ? { result, also } : { result, also, offer: { media: aside, content: child(node, 'content'), status, chosen: media.mediaType } };
}

/** The type a media type object gives its body (each event's data, for a stream). */
function typeOfMedia(schemas: Schemas, media: ChosenMedia): TypeRef {
  const schema = child(media.node, 'schema');
  let type: TypeRef;
  switch (media.kind) {
    case 'json':
    case 'jsonLines':
      type = schemas.type(schema);
      break;
    case 'eventStream':
      // Each event's data: text unless a schema says it is JSON.
      type = schema.value === undefined ? STRING : schemas.type(schema);
      break;
    case 'text':
      type = STRING;
      break;
    default:
      type = { kind: 'builtin', name: 'binary' };
  }
  // The reader by the model's own rule (readingOf): a binary schema is read as bytes whatever the media type.
  return type;
}

const STREAM_READINGS: ReadonlySet<string> = new Set<StreamReading>(['events', 'textEvents', 'jsonLines']);

/**
 * The body key and value that ask for a stream, by the convention of OpenAI's documents (and
 * Stainless's SDKs): a `stream` key that may be `true`, else a `stream_format` key that may be `'sse'`.
 */
const STREAM_SWITCHES: readonly (readonly [key: string, value: LiteralValue])[] = [
  ['stream', true],
  ['stream_format', 'sse'],
];

/**
 * The result with its stream, when the response offers one beside its main media type and the
 * request body has a key that asks for it; else the result as it is, with a warning that the
 * stream cannot be asked for.
 */
export function withStream(ctx: Context, schemas: Schemas, result: ResultModel, offer: StreamOffer | undefined, body: BodyModel | undefined): ResultModel {
  if (offer === undefined) return result;
  const types = schemas.typeMap();
  const found = body === undefined || body.encoding === 'text' || body.encoding === 'binary' ? undefined : STREAM_SWITCHES.find(([key, value]) => admitsValue(typeAtPath(body.type, [key], types), value, types));
  const type = typeOfMedia(schemas, offer.media);
  const reading = readingOf(offer.media.mediaType, type);
  if (found === undefined || !STREAM_READINGS.has(reading)) {
    ctx.report('streamNotAsked', offer.content, `the ${offer.status} response`, offer.media.mediaType, offer.chosen);
    return result;
  }
  return { ...result, stream: { key: found[0], value: found[1], reading: reading as StreamReading, type, docs: {} } };
}

function errorType(ctx: Context, schemas: Schemas, site: Node, status: string): TypeRef | undefined {
  const node = ctx.deref(site);
  if (node === undefined || ctx.object(node) === undefined) return undefined;
  const media = chooseMedia(ctx, node, `the ${status} response`);
  if (media?.kind === 'json') return schemas.type(child(media.node, 'schema'));
  if (media?.kind === 'text') return STRING;
  return undefined;
}

/**
 * The method's docs with the result's other media types named, for a call to ask for one with
 * `accept` and read it with `text()`, `bytes()` or `stream()` (GitHub's diff, patch and sha of a
 * commit). In the description, so an imported spec keeps it.
 */
export function withAlsoServed(docs: Docs, also: readonly string[]): Docs {
  if (also.length === 0) return docs;
  const note = `Also served as ${also.map((mediaType) => `\`${mediaType}\``).join(', ')}: ask for it with the \`accept\` option and read it with \`.text()\`, \`.bytes()\` or \`.stream()\` on the call.`;
  return { ...docs, description: docs.description === undefined ? note : `${docs.description}\n\n${note}` };
}

/** The method's result and errors, and the response the result comes from (pagination reads its headers). */
export function readResponses(ctx: Context, schemas: Schemas, site: Node, httpMethod: HttpMethod): { result: ResultModel; offer: StreamOffer | undefined; also: readonly string[]; errors: ErrorModel[]; resultSite: Node | undefined } {
  ctx.object(site);
  const all = entries(site).filter(([key]) => !key.startsWith('x-'));
  const success = all
    .filter(([key]) => /^2[0-9][0-9]$/.test(key))
    .sort(([a], [b]) => Number(a) - Number(b))
    .concat(all.filter(([key]) => /^2XX$/i.test(key)));
  const onlyDefault = all.length === 1 && all[0]![0] === 'default';
  const resultEntry = success[0] ?? (onlyDefault ? all[0] : undefined);
  const { result, offer, also = [] }: ReadResult = resultEntry === undefined ? { result: NONE } : readResult(ctx, schemas, resultEntry[1], resultEntry[0], httpMethod);
  const errors: ErrorModel[] = [];
  for (const [key, node] of all) {
    const status = errorStatus(key);
    if (status === undefined) {
      if (!/^[1-5][0-9][0-9]$/.test(key) && !/^[1-5]XX$/i.test(key)) ctx.report('unsupportedConstruct', node, `the response status ${JSON.stringify(key)}`, 'it is left out');
      continue;
    }
    const type = errorType(ctx, schemas, node, key);
    if (type !== undefined) errors.push({ status, type });
  }
  return { result, offer, also, errors, resultSite: resultEntry?.[1] };
}
