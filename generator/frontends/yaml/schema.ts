/**
 * The JSON Schema of the spec format, built from the same key tables the validator uses.
 * `npm run schema` writes it to schema/sessiongen.schema.json; a test keeps the file current.
 * It checks shapes for editors; the generator's own checks (placeholders, cycles, names) go further.
 */
import { FIELD_STYLES } from '../../model/types.js';
import { API_KEY_PLACES, AUTH_KEYS, FIELD_ENCODING_KEYS, PAGE_STYLES, PAGINATE_KEYS, AUTH_SCHEMES, DETAIL_KEYS, HTTP_METHODS, PATH_KEYS, QUERY_STYLES, RETRY_KEYS, SECURITY_SCHEME_KEYS, SPEC_KEYS, STATUS_RANGE, STREAM_KEYS, requiredKeys, type KeySpec, type ValueKind } from './spec-format.js';

type JsonSchema = { readonly [key: string]: unknown };

const IDENTIFIER = '^[A-Za-z_$][A-Za-z0-9_$]*$';
const TYPE_REF = { $ref: '#/$defs/type' };
const COUNT = { type: 'integer', minimum: 0 };

const KIND_SCHEMAS: Readonly<Record<ValueKind, JsonSchema>> = {
  identifier: { type: 'string', pattern: IDENTIFIER },
  text: { type: 'string' },
  url: { type: 'string', format: 'uri', pattern: '^[Hh][Tt][Tt][Pp][Ss]?://' },
  endpoint: { type: 'string', pattern: '^(/.*)?$' },
  positiveInteger: { type: 'integer', minimum: 1 },
  boolean: { type: 'boolean' },
  headers: {
    type: 'object',
    propertyNames: { pattern: "^[!#$%&'*+\\-.^_`|~0-9A-Za-z]+$" },
    additionalProperties: { type: ['string', 'number'] },
  },
  typeMap: { type: 'object', additionalProperties: TYPE_REF },
  resourceDocs: { type: 'object', propertyNames: { pattern: '^[^.]+(\\.[^.]+)*$' }, additionalProperties: { type: 'string' } },
  pathMap: { type: 'object', additionalProperties: { $ref: '#/$defs/path' } },
  method: { enum: [...HTTP_METHODS] },
  path: { type: 'string', pattern: '^/' },
  paramMap: { type: 'object', additionalProperties: TYPE_REF },
  queryMap: { type: 'object', additionalProperties: TYPE_REF },
  type: TYPE_REF,
  authScheme: { enum: [...AUTH_SCHEMES] },
  auth: { oneOf: [{ enum: AUTH_SCHEMES.filter((scheme) => scheme !== 'api_key') }, { $ref: '#/$defs/auth' }] },
  securitySchemes: { type: 'object', additionalProperties: { oneOf: [{ enum: AUTH_SCHEMES.filter((scheme) => scheme !== 'api_key') }, { $ref: '#/$defs/securityScheme' }] } },
  security: { type: 'array', items: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] } },
  params: { type: 'object', additionalProperties: { type: ['string', 'number'] } },
  headerParamMap: { type: 'object', propertyNames: { pattern: "^[!#$%&'*+\\-.^_`|~0-9A-Za-z]+\\??$" }, additionalProperties: TYPE_REF },
  errorMap: { type: 'object', propertyNames: { pattern: '^([345][0-9]{2}|[345]XX|default)$' }, additionalProperties: TYPE_REF },
  json: {},
  typeList: { type: 'array', items: TYPE_REF, minItems: 1 },
  queryStyle: { enum: [...QUERY_STYLES] },
  fieldStyle: { enum: [...FIELD_STYLES] },
  bodyEncoding: { type: 'object', additionalProperties: { oneOf: [{ enum: [...FIELD_STYLES] }, { $ref: '#/$defs/fieldEncoding' }] } },
  mediaType: { type: 'string', pattern: '^[^/\\s]+/[^/\\s]+' },
  paginate: { oneOf: [{ const: true }, { $ref: '#/$defs/paginate' }] },
  pageRule: { $ref: '#/$defs/paginate' },
  pageStyle: { enum: [...PAGE_STYLES] },
  bodyPath: { type: 'string' },
  stream: { $ref: '#/$defs/stream' },
  streamSwitch: { type: 'object', minProperties: 1, maxProperties: 1, additionalProperties: { type: ['string', 'number', 'boolean'] } },
  retry: { $ref: '#/$defs/retry' },
  count: COUNT,
  milliseconds: { type: 'number', exclusiveMinimum: 0 },
  methodList: { type: 'array', items: { enum: [...HTTP_METHODS] } },
  statusList: { type: 'array', items: { type: 'integer', minimum: STATUS_RANGE.min, maximum: STATUS_RANGE.max } },
};

function objectSchema(keys: Readonly<Record<string, KeySpec>>, description: string): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const [key, spec] of Object.entries(keys)) properties[key] = { description: spec.description, ...KIND_SCHEMAS[spec.kind] };
  return { type: 'object', description, properties, required: requiredKeys(keys), additionalProperties: false };
}

export function specJsonSchema(): JsonSchema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://github.com/sessiongen/sessiongen/schema/sessiongen.schema.json',
    title: 'sessiongen spec',
    ...objectSchema(SPEC_KEYS, 'A web API described for sessiongen, which generates a typed TypeScript client class from it.'),
    $defs: {
      path: objectSchema(PATH_KEYS, 'One method of the generated class.'),
      retry: {
        description: 'Retries: a limit (0 turns them off), or a map of retry settings.',
        oneOf: [COUNT, objectSchema(RETRY_KEYS, 'Retry settings; each key not given keeps the runtime default.')],
      },
      paginate: objectSchema(PAGINATE_KEYS, 'How a result continues on further pages.'),
      fieldEncoding: objectSchema(FIELD_ENCODING_KEYS, 'How one field of a form or multipart body is written.'),
      stream: objectSchema(STREAM_KEYS, 'The result streamed instead when the request body asks for it (OpenAI\'s stream: true).'),
      auth: {
        ...objectSchema(AUTH_KEYS, 'An auth scheme; api_key needs in and name.'),
        properties: { ...objectSchema(AUTH_KEYS, '').properties as object, in: { enum: [...API_KEY_PLACES] } },
      },
      securityScheme: {
        ...objectSchema(SECURITY_SCHEME_KEYS, 'A security scheme; api_key needs in and name.'),
        properties: { ...objectSchema(SECURITY_SCHEME_KEYS, '').properties as object, in: { enum: [...API_KEY_PLACES] } },
      },
      type: {
        description:
          "A type: string, number, integer, boolean, null, unknown, binary, stream, a name from types, a literal ('open', 2, true), T[], A | B, A & B, Record<string, T>, { key: T; [key: string]: T }, a map of keys (name? for optional, [key: string] for any other key) to types, or a map with $type and details.",
        oneOf: [
          { type: 'string', minLength: 1 },
          objectSchema(DETAIL_KEYS, 'A type with details shown in JSDoc ($style for query parameters, $content_type for bodies and responses).'),
          { type: 'object', not: { required: ['$type'] }, additionalProperties: TYPE_REF },
        ],
      },
    },
  };
}

/** The schema file's text: stable key order, two-space indentation, a final newline. */
export function specJsonSchemaText(): string {
  return JSON.stringify(specJsonSchema(), null, 2) + '\n';
}
