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

/**
 * How one field of a form or multipart body is written, as OpenAPI's Encoding Object says it:
 * `form` (`a=1&a=2`; an object spreads its keys; `a=1,2` unexploded), `spaceDelimited` and
 * `pipeDelimited` (`a=1 2`, `a=1|2`), `deepObject` (`a[x]=1`, `a[]=1`, nested in brackets as
 * Stripe, Rails and PHP read them).
 */
export type FieldStyle = 'form' | 'spaceDelimited' | 'pipeDelimited' | 'deepObject';

export interface FieldEncoding {
  readonly style?: FieldStyle;
  /** Default true for `form`, false for the delimited styles; `deepObject` always spreads. */
  readonly explode?: boolean;
  /** Multipart only: the part's Content-Type (a file's own type, when it has one, wins). */
  readonly contentType?: string;
  /** Multipart only: headers sent with the part. */
  readonly headers?: { readonly [name: string]: string };
}

/**
 * A body's fields by wire name to how each is written; a bare style is short for `{ style }`.
 * A field not named goes as the runtime writes it by default: in a form, nested in brackets (as
 * `deepObject`); in multipart, arrays one part per item and objects as JSON parts.
 */
export interface FieldEncodings {
  readonly [name: string]: FieldStyle | FieldEncoding;
}

const DELIMITERS: Readonly<Record<Exclude<FieldStyle, 'deepObject'>, string>> = { form: ',', spaceDelimited: ' ', pipeDelimited: '|' };

/** The encoding of field `name`, if the call named one; a style the runtime does not know is refused. */
export function fieldEncoding(encodings: FieldEncodings | undefined, name: string): FieldEncoding | undefined {
  if (encodings === undefined || !Object.hasOwn(encodings, name)) return undefined;
  const given: unknown = encodings[name];
  const encoding = typeof given === 'string' ? { style: given } : given;
  if (typeof encoding !== 'object' || encoding === null) throw new InvalidOptionError('encoding', `${name}: expected a style or { style, explode, contentType, headers }`);
  const style: unknown = (encoding as { style?: unknown }).style;
  if (style !== undefined && style !== 'deepObject' && !Object.hasOwn(DELIMITERS, style as string)) {
    throw new InvalidOptionError('encoding', `${name}: expected the style form, spaceDelimited, pipeDelimited or deepObject; got ${JSON.stringify(style)}`);
  }
  return encoding as FieldEncoding;
}

function isScalar(value: FormValue): value is FormScalar {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** A scalar's text, or an error naming the field for what a delimited list cannot hold. */
function joinedItem(name: string, value: FormValue, option: string): string {
  if (isScalar(value)) return String(value);
  const what = value === null || value === undefined ? 'nothing' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
  throw new InvalidOptionError(option, `${name} holds ${what} where its style joins text, numbers and booleans into one value`);
}

/**
 * Flattens field `name` by its style. OpenAPI leaves what lies below the first level undefined
 * for `form` and the delimited styles; there an object or array inside is written in brackets
 * under its own name (`a[x]=1`), as `deepObject` writes it, rather than being dropped.
 */
export function flattenField(add: (name: string, value: string) => void, name: string, value: FormValue, encoding: FieldEncoding | undefined, option: string, ancestors: object[] = []): void {
  const style = encoding?.style;
  if (style === undefined || style === 'deepObject' || value === null || value === undefined || isScalar(value)) {
    flattenInto(add, name, value, option, ancestors);
    return;
  }
  const explode = encoding?.explode ?? style === 'form';
  const delimiter = DELIMITERS[style];
  if (Array.isArray(value)) {
    const items: readonly FormValue[] = value;
    if (!explode) {
      add(name, items.filter((item) => item !== null && item !== undefined).map((item) => joinedItem(name, item, option)).join(delimiter));
      return;
    }
    items.forEach((item, index) => flattenInto(add, isScalar(item) ? name : `${name}[${index}]`, item, option, ancestors));
    return;
  }
  if (typeof value !== 'object' || !isPlainObject(value)) {
    flattenInto(add, name, value, option, ancestors);
    return;
  }
  const object = value as FormObject;
  const keys = Object.keys(object).filter((key) => object[key] !== null && object[key] !== undefined);
  if (!explode) {
    add(name, keys.flatMap((key) => [key, joinedItem(`${name}.${key}`, object[key], option)]).join(delimiter));
    return;
  }
  for (const key of keys) flattenInto(add, key, object[key], option, ancestors);
}
