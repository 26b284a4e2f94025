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
    try {
      const replaced = await hook(current);
      if (replaced !== undefined) current = replaced as HookValue<K>;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      process.emitWarning(`the ${name} hook #${index + 1} (${hook.name || 'anonymous'}) threw: ${message}; the call goes on without its change`, {
        type: 'SessionHookWarning',
        code: 'SESSIONGEN_HOOK_FAILED',
      });
    }
  }
  return current;
}

type HookValue<K extends HookName> = NonNullable<Hooks[K]> extends HookList<infer T> ? T : never;
