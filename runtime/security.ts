/**
 * Credentials per security scheme, and on each call those its `security` names: the first
 * alternative whose schemes all have credentials (OpenAPI's OR of ANDs), none for an empty
 * alternative or when no alternative has them. What generated clients pass as `authSchemes`
 * (from their per-scheme constructor options) and `security` (the document's, per operation).
 */
import { toAuthHandler } from './auth.js';
import type { Auth, AuthHandler } from './auth.js';
import { InvalidOptionError } from './errors.js';
import type { PreparedRequest } from './hooks.js';

/** Schemes sent together; an empty list sends no credentials. */
export type SecurityRequirement = readonly string[];
/** Alternatives, in order of preference: `[['basicAuth'], ['bearerAuth']]`; `[]` sends no credentials. */
export type Security = readonly SecurityRequirement[];
/** Credentials by scheme name; an undefined one was not given. */
export type AuthSchemes = Readonly<Record<string, Auth | undefined>>;

/** Several schemes at once: each signs the request in turn; the first that can answer a challenge answers it. */
export class AllOfAuth implements AuthHandler {
  readonly handlers: readonly AuthHandler[];
  readonly challenge?: AuthHandler['challenge'];

  constructor(handlers: readonly AuthHandler[]) {
    this.handlers = handlers;
    const challenger = handlers.find((handler) => handler.challenge !== undefined);
    if (challenger !== undefined) this.challenge = (request, response) => challenger.challenge!(request, response);
  }

  async apply(request: PreparedRequest): Promise<PreparedRequest> {
    let current = request;
    for (const handler of this.handlers) current = (await handler.apply(current)) ?? current;
    return current;
  }
}

export function checkSecurity(option: string, security: unknown): Security {
  if (!Array.isArray(security) || !security.every((item) => Array.isArray(item) && item.every((name) => typeof name === 'string'))) {
    throw new InvalidOptionError(option, "expected a list of alternatives, each a list of scheme names: [['basicAuth'], ['bearerAuth']]");
  }
  return security as Security;
}

export class SchemeAuth {
  readonly #handlers = new Map<string, AuthHandler>();
  /** The handler chosen for each `security` seen, by its text: generated methods pass fresh literals. */
  readonly #chosen = new Map<string, AuthHandler | undefined>();

  constructor(schemes: AuthSchemes) {
    if (typeof schemes !== 'object' || schemes === null) throw new InvalidOptionError('authSchemes', 'expected an object of credentials by scheme name');
    for (const [name, auth] of Object.entries(schemes)) {
      const handler = toAuthHandler(auth);
      if (handler !== undefined) this.#handlers.set(name, handler);
    }
  }

  /** What a call with this `security` sends: undefined for none. */
  choose(security: Security): AuthHandler | undefined {
    const key = JSON.stringify(security);
    if (this.#chosen.has(key)) return this.#chosen.get(key);
    let chosen: AuthHandler | undefined;
    for (const requirement of security) {
      const handlers = requirement.map((name) => this.#handlers.get(name));
      if (handlers.every((handler) => handler !== undefined)) {
        chosen = requirement.length === 0 ? undefined : requirement.length === 1 ? handlers[0] : new AllOfAuth(handlers as AuthHandler[]);
        break;
      }
    }
    this.#chosen.set(key, chosen);
    return chosen;
  }
}
