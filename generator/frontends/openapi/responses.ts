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
import type { ErrorModel, HttpMethod, ResultModel, TypeRef } from '../../model/types.js';
import { child, entries } from './context.js';
import type { Context, Node } from './context.js';
import { textDocs } from './docs.js';
import { chooseMedia } from './media.js';
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

function readResult(ctx: Context, schemas: Schemas, site: Node, status: string, httpMethod: HttpMethod): ResultModel {
  const node = ctx.deref(site);
  const response = node === undefined ? undefined : ctx.object(node);
  if (node === undefined || response === undefined) return NONE;
  const docs = textDocs(response);
  if (httpMethod === 'HEAD' || status === '204' || status === '205' || status === '304') return { ...NONE, docs };
  const media = chooseMedia(ctx, node, `the ${status} response`);
  if (media === undefined) return { ...NONE, docs };
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
  // The reader by the model's own rule: a binary schema is read as bytes whatever the media type.
  return { reading: readingOf(media.mediaType, type), type, docs };
}

function errorType(ctx: Context, schemas: Schemas, site: Node, status: string): TypeRef | undefined {
  const node = ctx.deref(site);
  if (node === undefined || ctx.object(node) === undefined) return undefined;
  const media = chooseMedia(ctx, node, `the ${status} response`);
  if (media?.kind === 'json') return schemas.type(child(media.node, 'schema'));
  if (media?.kind === 'text') return STRING;
  return undefined;
}

/** The method's result and errors, and the response the result comes from (pagination reads its headers). */
export function readResponses(ctx: Context, schemas: Schemas, site: Node, httpMethod: HttpMethod): { result: ResultModel; errors: ErrorModel[]; resultSite: Node | undefined } {
  ctx.object(site);
  const all = entries(site).filter(([key]) => !key.startsWith('x-'));
  const success = all
    .filter(([key]) => /^2[0-9][0-9]$/.test(key))
    .sort(([a], [b]) => Number(a) - Number(b))
    .concat(all.filter(([key]) => /^2XX$/i.test(key)));
  const onlyDefault = all.length === 1 && all[0]![0] === 'default';
  const resultEntry = success[0] ?? (onlyDefault ? all[0] : undefined);
  const result = resultEntry === undefined ? NONE : readResult(ctx, schemas, resultEntry[1], resultEntry[0], httpMethod);
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
  return { result, errors, resultSite: resultEntry?.[1] };
}
