import { InvalidOptionError } from './errors.js';
import type { OutgoingHeaders } from './headers.js';
import type { RequestOptions } from './options.js';
import type { SessionResponse } from './response.js';
import type { WireBody } from './body.js';

/** A request as it is about to go out: what `preRequest`, `postRequest` hooks and auth see and may change. */
export interface PreparedRequest {
  method: string;
  /** The full URL. */
  url: string;
  /** Lower-cased names. */
  headers: OutgoingHeaders;
  body: WireBody;
}

/** The call's arguments before the request is built: what `args` hooks see. */
export interface CallArguments {
  method: string;
  /** The full URL given, if one was. */
  url: string | undefined;
  options: RequestOptions;
}

/** A hook that returns a value replaces what it was given; one that returns nothing changes nothing. */
export type Hook<T> = (value: T) => T | void | undefined | Promise<T | void | undefined>;
export type HookList<T> = Hook<T> | readonly Hook<T>[];

export interface Hooks {
  args?: HookList<CallArguments>;
  preRequest?: HookList<PreparedRequest>;
  postRequest?: HookList<PreparedRequest>;
  response?: HookList<SessionResponse>;
}

export type HookName = keyof Hooks;

function asList<T>(hooks: HookList<T> | undefined): readonly Hook<T>[] {
  if (hooks === undefined) return [];
  return typeof hooks === 'function' ? [hooks] : hooks;
}

/** True when either the session or the call has hooks of this name, so the common case costs one check. */
export function hasHooks(name: HookName, session: Hooks | undefined, call: Hooks | undefined): boolean {
  return session?.[name] !== undefined || call?.[name] !== undefined;
}

/**
 * Runs the session's hooks of one name, then the call's, each on what the one before returned.
 * A hook that throws gives a warning naming it, and the value goes on unchanged, as in requests.
 */
export async function runHooks<K extends HookName>(
  name: K,
  session: Hooks | undefined,
  call: Hooks | undefined,
  value: HookValue<K>,
): Promise<HookValue<K>> {
  let current = value;
  const all = [...asList(session?.[name] as HookList<HookValue<K>> | undefined), ...asList(call?.[name] as HookList<HookValue<K>> | undefined)];
  for (const [index, hook] of all.entries()) {
    let replaced: HookValue<K> | void | undefined;
    try {
      replaced = await hook(current);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      process.emitWarning(`the ${name} hook #${index + 1} (${hook.name || 'anonymous'}) threw: ${message}; the call goes on without its change`, {
        type: 'SessionHookWarning',
        code: 'SESSIONGEN_HOOK_FAILED',
      });
      continue;
    }
    if (replaced === undefined) continue;
    // An arrow such as `(r) => r.headers.x = 'y'` returns what it assigned: say which hook did it
    // rather than fail later on a request that is not one.
    if (!SHAPES[name](replaced)) {
      throw new InvalidOptionError(`hooks.${name}`, `hook #${index + 1} (${hook.name || 'anonymous'}) returned ${describeValue(replaced)}; return the ${WHAT[name]} (changed) or nothing`);
    }
    current = replaced as HookValue<K>;
  }
  return current;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** A value an auth function or preRequest/postRequest hook may return in place of the request. */
export function isPreparedRequest(value: unknown): value is PreparedRequest {
  return isObject(value) && typeof value['method'] === 'string' && typeof value['url'] === 'string' && isObject(value['headers']);
}

const SHAPES: Readonly<Record<HookName, (value: unknown) => boolean>> = {
  args: (value) => isObject(value) && typeof value['method'] === 'string' && isObject(value['options']),
  preRequest: isPreparedRequest,
  postRequest: isPreparedRequest,
  response: (value) => isObject(value) && typeof value['status'] === 'number',
};

const WHAT: Readonly<Record<HookName, string>> = { args: 'arguments', preRequest: 'request', postRequest: 'request', response: 'response' };

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `a string (${JSON.stringify(value.slice(0, 40))})`;
  return typeof value === 'object' ? 'an object that is not one' : `a ${typeof value}`;
}

type HookValue<K extends HookName> = NonNullable<Hooks[K]> extends HookList<infer T> ? T : never;
