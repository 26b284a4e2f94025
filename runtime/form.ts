import { InvalidOptionError } from './errors.js';

export type FormScalar = string | number | boolean;
/**
 * A form value: scalars as text, plain objects and arrays nested in brackets (see flattenInto);
 * null and undefined are left out. Objects are typed as `object` so that a value of a generated
 * interface (which TypeScript never lets stand for an index signature) passes as it is; anything
 * but a plain object or an array is refused with InvalidOptionError when the call is made.
 */
export type FormValue = FormScalar | object | null | undefined;
/** A form map as a literal is typed. */
export interface FormObject {
  readonly [key: string]: FormValue;
}

/** An object literal (or a null-prototype map), not a class instance such as a Date or a Blob. */
export function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/**
 * Flattens `value` under `name` into name/value pairs the way Stripe, Rails and PHP read them back:
 * `metadata[order]=1` for an object's keys, `expand[]=a` for an array of scalars, and indices
 * (`items[0][price]=p1`) for an array that holds objects or arrays, whose items must stay apart.
 * `ancestors` catches a value that holds itself.
 */
export function flattenInto(add: (name: string, value: string) => void, name: string, value: FormValue, option: string, ancestors: object[] = []): void {
  if (value === null || value === undefined) return;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    add(name, typeof value === 'string' ? value : String(value));
    return;
  }
  if (typeof value !== 'object') throw new InvalidOptionError(option, `${name} is a ${typeof value}; expected text, a number, a boolean, a plain object or an array`);
  if (ancestors.includes(value)) throw new InvalidOptionError(option, `${name} holds itself`);
  ancestors.push(value);
  if (Array.isArray(value)) {
    const items: readonly FormValue[] = value;
    const indexed = items.some((item) => typeof item === 'object' && item !== null);
    for (let index = 0; index < items.length; index++) flattenInto(add, indexed ? `${name}[${index}]` : `${name}[]`, items[index], option, ancestors);
  } else if (isPlainObject(value)) {
    const object = value as FormObject;
    for (const key of Object.keys(object)) flattenInto(add, `${name}[${key}]`, object[key], option, ancestors);
  } else {
    throw new InvalidOptionError(option, `${name} is a ${value.constructor?.name ?? 'object'}; expected text, a number, a boolean, a plain object or an array`);
  }
  ancestors.pop();
}
