/**
 * Emit for per-scheme credentials: the options interface with one optional key per security
 * scheme, the constructor's pieces that hand them to the runtime (`authSchemes`, the document's
 * `security`), and each method's own `security` where it differs: a literal of scheme names, so
 * the runtime chooses what to send and no method carries auth code of its own.
 */
import type { AuthModel, ClientModel, FieldModel, SecurityModel, SecuritySchemeModel, TypeRef } from '../model/types.js';
import { objectKey, stringLiteral } from './literals.js';
import { docLines, interfaceWriter, type WriterFunction } from './types.js';

const STRING: TypeRef = { kind: 'builtin', name: 'string' };
/** `{ username: string; password: string }`: what Basic and Digest take. */
export const CREDENTIALS: TypeRef = { kind: 'object', fields: [{ name: 'username', optional: false, type: STRING, docs: {} }, { name: 'password', optional: false, type: STRING, docs: {} }], extra: undefined };

type Handler = 'BasicAuth' | 'DigestAuth' | 'BearerAuth' | 'ApiKeyAuth';

const HANDLERS: Readonly<Record<AuthModel['scheme'], Handler>> = { basic: 'BasicAuth', digest: 'DigestAuth', bearer: 'BearerAuth', apiKey: 'ApiKeyAuth' };

/** What the option holds, said in its JSDoc. */
function what(scheme: SecuritySchemeModel): string {
  const { auth } = scheme;
  const name = `the \`${scheme.wireName}\` scheme`;
  switch (auth.scheme) {
    case 'basic':
      return `HTTP Basic credentials for ${name}.`;
    case 'digest':
      return `HTTP Digest credentials for ${name}.`;
    case 'bearer':
      return `The token for ${name}, sent as \`Authorization: Bearer <token>\`.`;
    case 'apiKey':
      return `The API key for ${name}, sent ${auth.in === 'query' ? 'in the query as' : `as the ${auth.in}`} \`${auth.name}\`.`;
  }
}

/** The handler made from the option's variable, or undefined when it was not given. */
function construct(scheme: SecuritySchemeModel): string {
  const value = scheme.name;
  const { auth } = scheme;
  const handler =
    auth.scheme === 'apiKey'
      ? `new ApiKeyAuth({ name: ${stringLiteral(auth.name)}, in: ${stringLiteral(auth.in)}, key: ${value} })`
      : auth.scheme === 'bearer'
        ? `new BearerAuth(${value})`
        : `new ${HANDLERS[auth.scheme]}(${value}.username, ${value}.password)`;
  return `${objectKey(scheme.wireName)}: ${value} === undefined ? undefined : ${handler}`;
}

export function hasSchemes(model: ClientModel): boolean {
  return model.securitySchemes.length > 0;
}

export function schemeHandlers(model: ClientModel): Handler[] {
  return [...new Set(model.securitySchemes.map((scheme) => HANDLERS[scheme.auth.scheme]))].sort();
}

/** `[['basicAuth'], ['bearerAuth']]`: alternatives of scheme names as the runtime takes them. */
export function securityLiteral(security: SecurityModel): string {
  return `[${security.map((names) => `[${names.map(stringLiteral).join(', ')}]`).join(', ')}]`;
}

export function schemesOptionsInterface(model: ClientModel): WriterFunction {
  const fields: FieldModel[] = model.securitySchemes.map((scheme) => ({
    name: scheme.name,
    optional: true,
    type: scheme.auth.scheme === 'basic' || scheme.auth.scheme === 'digest' ? CREDENTIALS : STRING,
    docs: { ...scheme.docs, summary: [what(scheme), scheme.docs.summary].filter((text) => text !== undefined).join(' ') },
  }));
  return interfaceWriter({
    name: model.optionsType,
    docs: docLines(
      {},
      `The options of {@link ${model.name}}: SessionOptions and the credentials of each security scheme, every one optional. Each call sends the credentials of the first alternative its operation's \`security\` names that were all given, and none where it names none. An \`auth\` option still replaces them.`,
    ),
    extends: 'SessionOptions',
    fields,
  });
}

/** The constructor's pieces: the line before `super`, its defaults, and the name of the options spread into it. */
export function schemesConstructor(model: ClientModel): { before: string; defaults: string[]; spread: string } {
  const names = model.securitySchemes.map((scheme) => scheme.name);
  return {
    before: `const { ${names.join(', ')}, ...rest } = options;`,
    defaults: [
      ...(model.security === undefined || model.security.length === 0 ? [] : [`security: ${securityLiteral(model.security)},`]),
      `authSchemes: { ${model.securitySchemes.map(construct).join(', ')} },`,
    ],
    spread: 'rest',
  };
}
