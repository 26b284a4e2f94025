/**
 * Saying things once. Large APIs repeat the same inline object, docs and all, in many places
 * (GitHub's document writes its ~700-byte user object out 222 times, its repository object dozens
 * of times inside webhook payloads). Before emit, an inline object type that appears at least
 * twice and is not small becomes one exported alias, named after where it first appears
 * (`WebhookIssuesOpenedIssueUser`), and every place it stood refers to it. Field docs sit on
 * the fields that hold the object, so nothing said about any place is lost.
 *
 * It reads and returns the model only, in the model's order, so the output stays byte-identical
 * for the same input, and a spec imported from a document (same model) emits the same file.
 */
import { IMPORTED_NAMES, RESERVED_TYPE_NAMES, UniqueNames } from '../model/names.js';
import type { ClientModel, Docs, FieldModel, MethodModel, NamedTypeModel, TypeRef } from '../model/types.js';

/** Objects shorter than this (written out, docs included) stay inline, where they read best. */
const MIN_SIZE = 160;

type ObjectRef = Extract<TypeRef, { kind: 'object' }>;

const NO_DOCS = { key: '', size: 0 } as const;

/**
 * Hash-consing: two types get the same number exactly when they would be emitted the same, docs
 * included. A type's key is built from its children's numbers, so keys stay short at any depth.
 */
class Keys {
  readonly #ids = new Map<string, number>();
  readonly #texts = new Map<string, number>();
  readonly #known = new WeakMap<TypeRef, { readonly id: number; readonly size: number }>();

  #intern(key: string): number {
    let id = this.#ids.get(key);
    if (id === undefined) this.#ids.set(key, (id = this.#ids.size));
    return id;
  }

  of(type: TypeRef): number {
    return this.#entry(type).id;
  }

  /**
   * The docs as a short key: each text by its number. The texts are the model's own strings,
   * whose hashes V8 keeps, so a long description is hashed once, not once per place it stands.
   */
  #docs(docs: Docs): { readonly key: string; readonly size: number } {
    const { summary, description, format, defaultValue } = docs;
    if (summary === undefined && description === undefined && format === undefined && defaultValue === undefined && docs.deprecated !== true && docs.readOnly !== true && docs.writeOnly !== true) return NO_DOCS;
    const text = (value: string | undefined): string => {
      if (value === undefined) return '';
      let id = this.#texts.get(value);
      if (id === undefined) this.#texts.set(value, (id = this.#texts.size));
      return String(id);
    };
    return {
      key: `${text(summary)},${text(description)},${text(format)},${text(defaultValue)},${docs.deprecated === true ? 1 : 0}${docs.readOnly === true ? 1 : 0}${docs.writeOnly === true ? 1 : 0}`,
      size: (summary?.length ?? 0) + (description?.length ?? 0) + (format?.length ?? 0) + (defaultValue?.length ?? 0) + 16,
    };
  }

  /** About how many characters the type takes written out, docs included. */
  size(type: TypeRef): number {
    return this.#entry(type).size;
  }

  #entry(type: TypeRef): { readonly id: number; readonly size: number } {
    let entry = this.#known.get(type);
    if (entry !== undefined) return entry;
    let key: string;
    let size: number;
    switch (type.kind) {
      case 'builtin':
        key = type.name;
        size = key.length;
        break;
      case 'literal':
        key = JSON.stringify(type.value);
        size = key.length;
        break;
      case 'named':
        key = `@${type.name}`;
        size = key.length;
        break;
      case 'array': {
        const element = this.#entry(type.element);
        key = `[${element.id}]`;
        size = element.size + 2;
        break;
      }
      case 'union':
      case 'intersection': {
        const members = type.members.map((member) => this.#entry(member));
        key = `${type.kind === 'union' ? '|' : '&'}${members.map((member) => member.id).join(',')}`;
        size = members.reduce((total, member) => total + member.size + 3, 0);
        break;
      }
      case 'object': {
        const parts: string[] = [];
        size = 4;
        for (const field of type.fields) {
          const docs = this.#docs(field.docs);
          const child = this.#entry(field.type);
          parts.push(`${docs.key}:${field.name}${field.optional ? '?' : ''}:${child.id}`);
          size += docs.size + field.name.length + child.size + 4;
        }
        if (type.extra !== undefined) {
          const extra = this.#entry(type.extra);
          parts.push(`*${extra.id}`);
          size += extra.size + 16;
        }
        key = `{${parts.join(';')}}`;
        break;
      }
    }
    entry = { id: this.#intern(key), size };
    this.#known.set(type, entry);
    return entry;
  }
}

/** The first place an object is met: the declaration it is in, and the nearest field's name. */
interface Place {
  readonly owner: string;
  readonly field: string | undefined;
}

function children(type: TypeRef): readonly { readonly type: TypeRef; readonly field: string | undefined }[] {
  switch (type.kind) {
    case 'array':
      return [{ type: type.element, field: undefined }];
    case 'union':
    case 'intersection':
      return type.members.map((member) => ({ type: member, field: undefined }));
    case 'object':
      return [...type.fields.map((field) => ({ type: field.type, field: field.name })), ...(type.extra === undefined ? [] : [{ type: type.extra, field: undefined }])];
    default:
      return [];
  }
}

/**
 * `type` with its children mapped, the same object when no child changed (most do not, and a
 * large model is copied in full otherwise); `stripDocs` drops the fields' docs as well.
 */
function mapChildren(type: TypeRef, map: (child: TypeRef) => TypeRef, stripDocs = false): TypeRef {
  switch (type.kind) {
    case 'array': {
      const element = map(type.element);
      return element === type.element ? type : { kind: 'array', element };
    }
    case 'union':
    case 'intersection': {
      const members = type.members.map(map);
      return members.every((member, index) => member === type.members[index]) ? type : { kind: type.kind, members };
    }
    case 'object': {
      let changed = false;
      const fields = type.fields.map((field): FieldModel => {
        const fieldType = map(field.type);
        const dropDocs = stripDocs && Object.keys(field.docs).length > 0;
        if (fieldType === field.type && !dropDocs) return field;
        changed = true;
        return { ...field, type: fieldType, docs: dropDocs ? {} : field.docs };
      });
      const extra = type.extra === undefined ? undefined : map(type.extra);
      return !changed && extra === type.extra ? type : { kind: 'object', fields, extra };
    }
    default:
      return type;
  }
}

/** A type nested in an object's field or a union in `writeType` (types.ts), which writes such objects one member per line, docs and all. */
function isMultiline(type: TypeRef): boolean {
  return type.kind === 'object' && type.fields.length > 0;
}

/**
 * The type as emit shows it: field docs kept where `writeType` writes objects one member per line
 * (and so shows them), dropped where a type is written on one line (a method's result and errors,
 * an index signature, an array of arrays...). Two models that emit the same text (a document and
 * the spec imported from it) come out equal, so what is written once is the same in both.
 */
class Shown {
  readonly #lines = new WeakMap<TypeRef, TypeRef>();
  readonly #flat = new WeakMap<TypeRef, TypeRef>();

  /** A type in a position `writeType` writes: objects one member per line. */
  lines(type: TypeRef): TypeRef {
    const known = this.#lines.get(type);
    if (known !== undefined) return known;
    let shown: TypeRef;
    switch (type.kind) {
      case 'object':
        shown = type.fields.length === 0 ? this.flat(type) : mapChildren(type, (child) => (child === type.extra ? this.flat(child) : this.lines(child)));
        break;
      case 'array':
        shown = isMultiline(type.element) ? mapChildren(type, (child) => this.lines(child)) : this.flat(type);
        break;
      case 'union':
      case 'intersection': {
        const kind = type.kind;
        shown = type.members.some(isMultiline)
          ? // A union inside an intersection is written in parentheses, on one line.
            mapChildren(type, (member) => (member.kind === 'union' && kind !== 'union' ? this.flat(member) : this.lines(member)))
          : this.flat(type);
        break;
      }
      default:
        shown = type;
    }
    this.#lines.set(type, shown);
    return shown;
  }

  /** A type written on one line: no docs anywhere in it. */
  flat(type: TypeRef): TypeRef {
    const known = this.#flat.get(type);
    if (known !== undefined) return known;
    const shown = mapChildren(type, (child) => this.flat(child), true);
    this.#flat.set(type, shown);
    return shown;
  }
}

/** The model with every type as emit shows it (see Shown). */
function shownModel(model: ClientModel): ClientModel {
  const shown = new Shown();
  return {
    ...model,
    types: model.types.map((named) => ({ ...named, type: shown.lines(named.type) })),
    methods: model.methods.map((method): MethodModel => ({
      ...method,
      params: method.params.map((param) => ({ ...param, type: shown.lines(param.type) })),
      body: method.body === undefined ? undefined : { ...method.body, type: shown.lines(method.body.type) },
      result: method.result.type === undefined ? method.result : { ...method.result, type: shown.flat(method.result.type) },
      pagination: method.pagination === undefined ? undefined : { ...method.pagination, itemType: shown.flat(method.pagination.itemType) },
      errors: method.errors.map((error) => ({ ...error, type: shown.flat(error.type) })),
    })),
  };
}

/** Every root a type is written from, in emit order, with the name its inline objects are named after. */
function roots(model: ClientModel): { readonly type: TypeRef; readonly owner: string; readonly field: string | undefined; readonly named: boolean }[] {
  const list: { type: TypeRef; owner: string; field: string | undefined; named: boolean }[] = [];
  for (const named of model.types) list.push({ type: named.type, owner: named.name, field: undefined, named: true });
  for (const method of model.methods) {
    const owner = pascal(method.name);
    for (const param of method.params) list.push({ type: param.type, owner, field: param.name, named: false });
    if (method.body !== undefined) list.push({ type: method.body.type, owner, field: 'body', named: false });
    if (method.result.type !== undefined) list.push({ type: method.result.type, owner, field: 'result', named: false });
    if (method.pagination !== undefined) list.push({ type: method.pagination.itemType, owner, field: 'item', named: false });
    for (const error of method.errors) list.push({ type: error.type, owner, field: `error${error.status}`, named: false });
  }
  return list;
}

/** Every name the emitted file declares or imports, which a name the emitter makes must not take. */
export function declaredNames(model: ClientModel): string[] {
  return [
    ...IMPORTED_NAMES,
    ...RESERVED_TYPE_NAMES,
    model.name,
    model.optionsType,
    ...model.types.map((named) => named.name),
    ...model.methods.flatMap((method) => [method.argsType, method.errorType]),
  ];
}

/** `pull_request` gives `PullRequest`: the field's part of a hoisted alias's name. */
function pascal(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/**
 * The model with every repeated inline object written once, as a named type after the
 * model's own; the model itself when nothing repeats.
 */
export function hoistRepeatedObjects(source: ClientModel): ClientModel {
  const model = shownModel(source);
  const keys = new Keys();
  const count = new Map<number, number>();
  const first = new Map<number, { readonly type: ObjectRef; readonly place: Place }>();
  const visit = (type: TypeRef, place: Place, top: boolean): void => {
    if (type.kind === 'object' && type.fields.length > 0 && !top) {
      const key = keys.of(type);
      if (keys.size(type) >= MIN_SIZE) {
        count.set(key, (count.get(key) ?? 0) + 1);
        if (!first.has(key)) first.set(key, { type, place });
      }
    }
    for (const child of children(type)) visit(child.type, { owner: place.owner, field: child.field ?? place.field }, false);
  };
  const all = roots(model);
  for (const root of all) visit(root.type, { owner: root.owner, field: root.field }, root.named);

  let hoisted = new Set([...count].filter(([, times]) => times >= 2).map(([key]) => key));
  if (hoisted.size === 0) return source;

  // An object repeated only inside another repeated one is, once that one is written once,
  // written once itself: keep only aliases that end up used at least twice.
  for (let round = 0; round < 8; round++) {
    const uses = new Map<number, number>();
    const useCount = (type: TypeRef, top: boolean): void => {
      if (type.kind === 'object' && !top && hoisted.has(keys.of(type))) {
        uses.set(keys.of(type), (uses.get(keys.of(type)) ?? 0) + 1);
        return;
      }
      for (const child of children(type)) useCount(child.type, false);
    };
    for (const root of all) useCount(root.type, root.named);
    for (const key of hoisted) useCount(first.get(key)!.type, true);
    const kept = new Set([...hoisted].filter((key) => (uses.get(key) ?? 0) >= 2));
    if (kept.size === hoisted.size) break;
    hoisted = kept;
  }
  if (hoisted.size === 0) return source;

  // Names in order of first appearance, so the same model always gets the same names.
  const names = new UniqueNames(declaredNames(model));
  const nameOf = new Map<number, string>();
  for (const [key, { place }] of first) {
    if (hoisted.has(key)) nameOf.set(key, names.claim(`${place.owner}${place.field === undefined ? 'Item' : pascal(place.field)}`));
  }

  const replaced = new WeakMap<TypeRef, TypeRef>();
  const replace = (type: TypeRef, top = false): TypeRef => {
    if (type.kind === 'object' && !top) {
      const name = nameOf.get(keys.of(type));
      if (name !== undefined) return { kind: 'named', name };
    }
    if (!top) {
      const done = replaced.get(type);
      if (done !== undefined) return done;
    }
    const result = mapChildren(type, (child) => replace(child));
    if (!top) replaced.set(type, result);
    return result;
  };

  const origin = model.types[0]?.origin ?? model.origin;
  const aliases: NamedTypeModel[] = [...nameOf].map(([key, name]) => {
    const { place, type } = first.get(key)!;
    const where = place.field === undefined ? `\`${place.owner}\`` : `\`${place.field}\` in \`${place.owner}\``;
    return { name, wireName: name, type: replace(type, true), docs: { description: `An object the API repeats, written once; first seen at ${where}.` }, origin };
  });
  const methods = model.methods.map((method): MethodModel => ({
    ...method,
    params: method.params.map((param) => ({ ...param, type: replace(param.type) })),
    body: method.body === undefined ? undefined : { ...method.body, type: replace(method.body.type) },
    result: method.result.type === undefined ? method.result : { ...method.result, type: replace(method.result.type) },
    pagination: method.pagination === undefined ? undefined : { ...method.pagination, itemType: replace(method.pagination.itemType) },
    errors: method.errors.map((error) => ({ ...error, type: replace(error.type) })),
  }));
  return {
    ...model,
    types: [...model.types.map((named) => ({ ...named, type: replace(named.type, true) })), ...aliases],
    methods,
  };
}
