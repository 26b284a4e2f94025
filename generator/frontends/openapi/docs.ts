/** OpenAPI's descriptive keys to the model's `Docs`, keeping only what is present. */
import type { Docs } from '../../model/types.js';
import type { JsonObject } from './context.js';

type Writable<T> = { -readonly [K in keyof T]: T[K] };

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** summary, description and deprecated: operations, parameters, responses, bodies, the document's info. */
export function textDocs(object: JsonObject | undefined, extra: Docs = {}): Docs {
  const docs: Writable<Docs> = { ...extra };
  if (object === undefined) return docs;
  const summary = nonEmpty(object['summary']);
  const description = nonEmpty(object['description']);
  if (summary !== undefined) docs.summary = summary;
  if (description !== undefined) docs.description = description;
  if (object['deprecated'] === true) docs.deprecated = true;
  return docs;
}

/**
 * A schema's docs: `title` shows as the summary; format and default are shown, not enforced;
 * readOnly and writeOnly are shown and also shape request and response types (model/directions.ts).
 */
export function schemaDocs(schema: unknown): Docs {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return {};
  const object = schema as JsonObject;
  const docs: Writable<Docs> = textDocs(object);
  const title = nonEmpty(object['title']);
  if (title !== undefined && docs.summary === undefined) docs.summary = title;
  const format = nonEmpty(object['format']);
  if (format !== undefined) docs.format = format;
  if (object['default'] !== undefined) docs.defaultValue = JSON.stringify(object['default']);
  if (object['readOnly'] === true) docs.readOnly = true;
  if (object['writeOnly'] === true) docs.writeOnly = true;
  return docs;
}

/** A parameter's docs: its own text, then its schema's format and default. */
export function paramDocs(param: JsonObject, schema: unknown): Docs {
  const fromSchema = schemaDocs(schema);
  const docs: Writable<Docs> = textDocs(param);
  if (fromSchema.format !== undefined) docs.format = fromSchema.format;
  if (fromSchema.defaultValue !== undefined) docs.defaultValue = fromSchema.defaultValue;
  if (docs.description === undefined && fromSchema.description !== undefined) docs.description = fromSchema.description;
  if (fromSchema.deprecated === true) docs.deprecated = true;
  return docs;
}
