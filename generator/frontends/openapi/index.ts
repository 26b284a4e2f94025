/**
 * The OpenAPI front end: an OpenAPI 3.0 or 3.1 document (JSON or YAML, with `$ref`s into other
 * files) read into a draft client model for `checkModel`. One module per OpenAPI object:
 * schema.ts (schemas), parameters.ts, request-body.ts, responses.ts, media.ts (content types),
 * servers.ts, security.ts, operations.ts (paths); context.ts holds the files and `$ref`s,
 * source.ts the parsing and the pointer-to-position lookups.
 *
 * Located diagnostics for anything invalid (errors) or mapped loosely (warnings); never a throw.
 */
import { posix } from 'node:path';
import type { DiagnosticSink } from '../../diagnostics.js';
import { optionsTypeName, typeName } from '../../model/names.js';
import { NO_CALL_DEFAULTS } from '../../model/types.js';
import type { ClientModel } from '../../model/types.js';
import { child, Context, isObject, kindOf } from './context.js';
import { textDocs } from './docs.js';
import { readOperations } from './operations.js';
import { readTagDocs } from './tag-docs.js';
import { Schemas } from './schema.js';
import { readSecurity, readSecuritySchemes, securityOf } from './security.js';
import { readRootServers } from './servers.js';
import { parseSource } from './source.js';

export type DocumentKind = 'openapi' | 'swagger';

/**
 * Whether the text is an OpenAPI (or Swagger) document rather than a sessiongen spec, by its
 * top-level `openapi` (or `swagger`) key; cheap enough for a 10 MB document.
 */
export function documentKind(text: string): DocumentKind | undefined {
  const first = /\S/.exec(text);
  const match =
    first !== null && first[0] === '{'
      ? /"(openapi|swagger)"\s*:/.exec(text)
      : /^(?:"|')?(openapi|swagger)(?:"|')?[ \t]*:/m.exec(text);
  return match === null ? undefined : (match[1] as DocumentKind);
}

export function isOpenApiDocument(text: string): boolean {
  return documentKind(text) !== undefined;
}

function stem(file: string): string {
  const base = posix.basename(file.replaceAll('\\', '/'));
  return base.replace(/\.(json|ya?ml)$/i, '') || 'Client';
}

/**
 * The part of a title that names the API: up to a subtitle (` - `, ` + `, `: `, `(`, `|`) and
 * without possessives, so "GitHub's official OpenAPI spec + Octokit extension" names the class
 * `GitHubOfficialOpenAPISpec`, not `GitHubSOfficialOpenAPISpecOctokitExtension`.
 */
export function classTitle(title: string): string {
  const head = title.split(/\s[-+\u2013\u2014|]\s|:\s|\(/)[0]!.replace(/['\u2019]s\b/g, '').trim();
  return /[A-Za-z0-9]/.test(head) ? head : title;
}

/**
 * Reads an OpenAPI document into a draft model, or returns undefined after reporting why not.
 * `file` names the document in diagnostics; `source` is what the emitted header names;
 * `readRelative` reads a file a `$ref` names, by its path relative to the document's folder.
 */
export function readOpenApi(
  text: string,
  file: string,
  source: string,
  sink: DiagnosticSink,
  readRelative: (path: string) => string | undefined,
): ClientModel | undefined {
  const before = sink.count;
  const main = parseSource(text, file, posix.basename(file.replaceAll('\\', '/')), sink);
  if (main === undefined) return undefined;
  const ctx = new Context(main, file, sink, readRelative);
  const root = ctx.root();
  if (!isObject(root.value)) {
    ctx.report('notOpenApi', root);
    return undefined;
  }
  const swagger = root.value['swagger'];
  if (swagger !== undefined && root.value['openapi'] === undefined) {
    ctx.report('swaggerNotSupported', child(root, 'swagger'), String(swagger));
    return undefined;
  }
  const version = root.value['openapi'];
  if (version === undefined) {
    ctx.report('notOpenApi', root);
    return undefined;
  }
  if (typeof version !== 'string' || !/^3\.[01](\.|$)/.test(version)) {
    ctx.report('openapiVersion', child(root, 'openapi'), typeof version === 'string' ? version : kindOf(version));
    return undefined;
  }
  const info = child(root, 'info');
  const infoObject = ctx.object(info);
  const schemas = new Schemas(ctx);
  const components = child(root, 'components');
  ctx.object(components);
  schemas.readComponents(child(components, 'schemas'));
  const location = readRootServers(ctx, child(root, 'servers'));
  const paths = child(root, 'paths');
  const security = readSecuritySchemes(ctx, root);
  const { security: clientSecurity, methods } = securityOf(readSecurity(ctx, child(root, 'security'), security), readOperations(ctx, schemas, paths, { root: location, security }));
  if (methods.length === 0) ctx.report('noOperations', paths.value === undefined ? root : paths);
  if (sink.count !== before) return undefined;
  const title = typeof infoObject?.['title'] === 'string' && /[A-Za-z0-9]/.test(infoObject['title']) ? infoObject['title'] : stem(file);
  const name = typeName(classTitle(title));
  return {
    source,
    name,
    optionsType: optionsTypeName(name),
    docs: textDocs(infoObject, title === name ? {} : { summary: title }),
    baseLocation: location.baseLocation,
    endpoint: location.endpoint,
    connections: undefined,
    persistCookies: undefined,
    idempotencyKey: undefined,
    headers: [],
    params: [],
    auth: undefined,
    securitySchemes: security.schemes,
    security: clientSecurity,
    defaults: NO_CALL_DEFAULTS,
    types: schemas.types,
    methods,
    resources: readTagDocs(child(root, 'tags'), methods),
    origin: ctx.origin(root),
  };
}
