import { InvalidOptionError } from './errors.js';
import { flattenInto, isPlainObject } from './form.js';
import type { FormValue } from './form.js';
import type { JoinedParam, ParamMap, ParamScalar } from './options.js';

/**
 * How one query parameter is written (OpenAPI's `style` and `explode`):
 * - `repeat` (form, explode): `ids=a&ids=b`; an object spreads its keys, `state=open&sort=asc`;
 * - `comma` (form, no explode): `ids=a,b` with a literal comma (commas inside items are `%2C`);
 * - `space` (spaceDelimited): `ids=a%20b`; `pipe` (pipeDelimited): `ids=a%7Cb` (`|` may not stand
 *   bare in a URL, so both delimiters are percent-encoded, as are spaces and pipes inside items);
 * - `deepObject`: `filter[state]=open`, brackets percent-encoded (`filter%5Bstate%5D=open`), as
 *   qs, axios and Rails write them; nested objects and arrays go on in brackets as form bodies do.
 * An object under `comma`, `space` or `pipe` is its keys and values in turn (`color=R,100,G,200`).
 */
export type QueryStyle = 'repeat' | 'comma' | 'space' | 'pipe' | 'deepObject';

const DELIMITERS: Readonly<Record<'comma' | 'space' | 'pipe', JoinedParam['delimiter']>> = { comma: ',', space: ' ', pipe: '|' };

function scalars(key: string, items: readonly unknown[]): ParamScalar[] {
  const kept: ParamScalar[] = [];
  for (const item of items) {
    if (item === null || item === undefined) continue;
    if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') {
      throw new InvalidOptionError('query', `${key} holds an item of type ${typeof item}; only strings, numbers and booleans can be listed in a query value`);
    }
    kept.push(item);
  }
  return kept;
}

function add(params: ParamMap, name: string, value: ParamScalar): void {
  const present = params[name];
  if (present === undefined || present === null) params[name] = value;
  else if (Array.isArray(present)) (present as ParamScalar[]).push(value);
  else params[name] = [present as ParamScalar, value];
}

/**
 * Query values as a typed method takes them, written as `styles` says (keys not in it: `repeat`),
 * into params for a call. undefined values are left out; null stays, to drop a session's param.
 */
export function queryParams(query: Readonly<Record<string, unknown>> | undefined, styles: Readonly<Record<string, QueryStyle>>): ParamMap {
  // Null prototype: a key named `__proto__` is a parameter like any other.
  const params = Object.create(null) as ParamMap;
  if (query === undefined) return params;
  for (const key of Object.keys(query)) {
    const value = query[key];
    if (value === undefined) continue;
    if (value === null || typeof value !== 'object') {
      params[key] = value === null ? null : scalars(key, [value])[0];
      continue;
    }
    const style = Object.hasOwn(styles, key) ? styles[key]! : 'repeat';
    if (style === 'deepObject') {
      flattenInto((name, text) => add(params, name, text), key, value as FormValue, 'query');
      continue;
    }
    let items: ParamScalar[];
    if (Array.isArray(value)) items = scalars(key, value);
    else if (isPlainObject(value)) {
      const object = value as Readonly<Record<string, unknown>>;
      if (style === 'repeat') {
        for (const name of Object.keys(object)) {
          const inner = object[name];
          if (inner !== undefined && inner !== null) params[name] = Array.isArray(inner) ? scalars(`${key}.${name}`, inner) : scalars(`${key}.${name}`, [inner])[0]!;
        }
        continue;
      }
      items = scalars(key, Object.keys(object).filter((name) => object[name] !== undefined && object[name] !== null).flatMap((name) => [name, object[name]]));
    } else {
      throw new InvalidOptionError('query', `${key} is a ${value.constructor?.name ?? 'object'}; expected a string, number, boolean, array or plain object`);
    }
    params[key] = style === 'repeat' ? items : { items, delimiter: DELIMITERS[style] };
  }
  return params;
}
