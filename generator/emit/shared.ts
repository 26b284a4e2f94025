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
import { IMPORTED_NAMES, qualifiedTypeStem, RESERVED_TYPE_NAMES, UniqueNames } from '../model/names.js';
import type { ClientModel, Docs, FieldModel, MethodModel, NamedTypeModel, TypeRef } from '../model/types.js';

/** Objects shorter than this (written out, docs included) stay inline, where they read best. */
const MIN_SIZE = 160;

type ObjectRef = Extract<TypeRef, { kind: 'object' }>;

/**
 * How emit writes a type where it stands: `lines` where `writeType` (types.ts) writes objects one
 * member per line, each with its JSDoc; `flat` where a type is written on one line (a method's
 * result and errors, an index signature, an array of arrays...), which shows no docs. Only what
 * emit shows takes part in telling types apart, so two models that emit the same text (a
 * document and the spec imported from it, whose hidden docs may differ) hoist the same.
 */
type Mode = 'lines' | 'flat';

function isMultiline(type: TypeRef): boolean {
  return type.kind === 'object' && type.fields.length > 0;
}

/** The mode `type` is really written in when its place asks for `mode`. */
function modeOf(type: TypeRef, mode: Mode): Mode {
  if (mode === 'flat') return 'flat';
  switch (type.kind) {
    case 'object':
      return type.fields.length > 0 ? 'lines' : 'flat';
    case 'array':
      return isMultiline(type.element) ? 'lines' : 'flat';
    case 'union':
    case 'intersection':
      return type.members.some(isMultiline) ? 'lines' : 'flat';
    default:
      return 'flat';
  }
}

/** The mode of a child of `type` (written in `mode`): an index signature, and a union inside an intersection, are one line. */
function childMode(type: TypeRef, mode: Mode, child: TypeRef, isExtra: boolean): Mode {
  if (mode === 'flat' || isExtra) return 'flat';
  return child.kind === 'union' && type.kind === 'intersection' ? 'flat' : 'lines';
}

/** Calls `visit` on each child of `type` with its mode and the field it stands in. */
function eachChild(type: TypeRef, mode: Mode, visit: (child: TypeRef, mode: Mode, field: string | undefined) => void): void {
  switch (type.kind) {
    case 'array':
      visit(type.element, childMode(type, mode, type.element, false), undefined);
      return;
    case 'union':
    case 'intersection':
      for (const member of type.members) visit(member, childMode(type, mode, member, false), undefined);
      return;
    case 'object':
      for (const field of type.fields) visit(field.type, childMode(type, mode, field.type, false), field.name);
      if (type.extra !== undefined) visit(type.extra, 'flat', undefined);
      return;
    default:
      return;
  }
}

const NO_DOCS = { key: '', size: 0 } as const;

interface Entry {
  readonly id: number;
  readonly size: number;
}

/**
 * Hash-consing: two types get the same number exactly when emit would write them the same, the
 * docs it shows included. A type's key is built from its children's numbers, so keys stay short
 * at any depth.
 */
class Keys {
  readonly #ids = new Map<string, number>();
  readonly #texts = new Map<string, number>();
  readonly #lines = new WeakMap<TypeRef, Entry>();
  readonly #flat = new WeakMap<TypeRef, Entry>();

  #intern(key: string): number {
    let id = this.#ids.get(key);
    if (id === undefined) this.#ids.set(key, (id = this.#ids.size));
    return id;
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

  /** The type's entry where its place asks for `wanted`: its number and about how many characters it takes written out. */
  entry(type: TypeRef, wanted: Mode): Entry {
    switch (type.kind) {
      case 'builtin':
        return { id: this.#intern(type.name), size: type.name.length };
      case 'named':
        return { id: this.#intern(`@${type.name}`), size: type.name.length };
      case 'literal': {
        const text = JSON.stringify(type.value);
        return { id: this.#intern(text), size: text.length };
      }
      default:
        break;
    }
    const mode = modeOf(type, wanted);
    const memo = mode === 'lines' ? this.#lines : this.#flat;
    let entry = memo.get(type);
    if (entry !== undefined) return entry;
    let key: string;
    let size: number;
    switch (type.kind) {
      case 'array': {
        const element = this.entry(type.element, childMode(type, mode, type.element, false));
        key = `[${element.id}]`;
        size = element.size + 2;
        break;
      }
      case 'union':
      case 'intersection': {
        const members = type.members.map((member) => this.entry(member, childMode(type, mode, member, false)));
        key = `${type.kind === 'union' ? '|' : '&'}${members.map((member) => member.id).join(',')}`;
        size = members.reduce((total, member) => total + member.size + 3, 0);
        break;
      }
      default: {
        const parts: string[] = [];
        size = 4;
        for (const field of type.fields) {
          const docs = mode === 'lines' ? this.#docs(field.docs) : NO_DOCS;
          const child = this.entry(field.type, childMode(type, mode, field.type, false));
          parts.push(`${docs.key}:${field.name}${field.optional ? '?' : ''}:${child.id}`);
          size += docs.size + field.name.length + child.size + 4;
        }
        if (type.extra !== undefined) {
          const extra = this.entry(type.extra, 'flat');
          parts.push(`*${extra.id}`);
          size += extra.size + 16;
        }
        key = `{${parts.join(';')}}`;
        break;
      }
    }
    entry = { id: this.#intern(key), size };
    memo.set(type, entry);
    return entry;
  }
}

/** The first place an object is met: the declaration it is in, and the nearest field's name. */
interface Place {
  readonly owner: string;
  readonly field: string | undefined;
}

/**
 * `type` with its children mapped, the same object when no child changed (most do not, and a
 * large model would be copied in full otherwise); `stripDocs` drops the fields' docs as well.
 */
function mapChildren(type: TypeRef, map: (child: TypeRef, isExtra: boolean) => TypeRef, stripDocs: boolean): TypeRef {
  switch (type.kind) {
    case 'array': {
      const element = map(type.element, false);
      return element === type.element ? type : { kind: 'array', element };
    }
    case 'union':
    case 'intersection': {
      const members = type.members.map((member) => map(member, false));
      return members.every((member, index) => member === type.members[index]) ? type : { kind: type.kind, members };
    }
    case 'object': {
      let changed = false;
      const fields = type.fields.map((field): FieldModel => {
        const fieldType = map(field.type, false);
        const dropDocs = stripDocs && Object.keys(field.docs).length > 0;
        if (fieldType === field.type && !dropDocs) return field;
        changed = true;
        return { ...field, type: fieldType, docs: dropDocs ? {} : field.docs };
      });
      const extra = type.extra === undefined ? undefined : map(type.extra, true);
      return !changed && extra === type.extra ? type : { kind: 'object', fields, extra };
    }
    default:
      return type;
  }
}

/** Every root a type is written from, in emit order, with its mode and the name its inline objects are named after. */
function roots(model: ClientModel): { readonly type: TypeRef; readonly mode: Mode; readonly owner: string; readonly field: string | undefined; readonly named: boolean }[] {
  const list: { type: TypeRef; mode: Mode; owner: string; field: string | undefined; named: boolean }[] = [];
  for (const named of model.types) list.push({ type: named.type, mode: 'lines', owner: named.name, field: undefined, named: true });
  for (const method of model.methods) {
    const owner = qualifiedTypeStem(method.resource, method.name);
    for (const param of method.params) list.push({ type: param.type, mode: 'lines', owner, field: param.name, named: false });
    if (method.body !== undefined) list.push({ type: method.body.type, mode: 'lines', owner, field: 'body', named: false });
    if (method.result.type !== undefined) list.push({ type: method.result.type, mode: 'flat', owner, field: 'result', named: false });
    if (method.result.stream !== undefined) list.push({ type: method.result.stream.type, mode: 'flat', owner, field: 'stream', named: false });
    if (method.pagination !== undefined) list.push({ type: method.pagination.itemType, mode: 'flat', owner, field: 'item', named: false });
    for (const error of method.errors) list.push({ type: error.type, mode: 'flat', owner, field: `error${error.status}`, named: false });
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
    ...model.resources.map((resource) => resource.className),
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
export function hoistRepeatedObjects(model: ClientModel): ClientModel {
  const keys = new Keys();
  const count = new Map<number, number>();
  const first = new Map<number, { readonly type: ObjectRef; readonly mode: Mode; readonly place: Place }>();
  const visit = (type: TypeRef, mode: Mode, place: Place, top: boolean): void => {
    if (type.kind === 'object' && type.fields.length > 0 && !top) {
      const entry = keys.entry(type, mode);
      if (entry.size >= MIN_SIZE) {
        count.set(entry.id, (count.get(entry.id) ?? 0) + 1);
        if (!first.has(entry.id)) first.set(entry.id, { type, mode: modeOf(type, mode), place });
      }
    }
    eachChild(type, modeOf(type, mode), (child, childMode, field) => visit(child, childMode, { owner: place.owner, field: field ?? place.field }, false));
  };
  const all = roots(model);
  for (const root of all) visit(root.type, root.mode, { owner: root.owner, field: root.field }, root.named);

  let hoisted = new Set([...count].filter(([, times]) => times >= 2).map(([key]) => key));
  if (hoisted.size === 0) return model;

  // An object repeated only inside another repeated one is, once that one is written once,
  // written once itself: keep only aliases that end up used at least twice.
  for (let round = 0; round < 8; round++) {
    const uses = new Map<number, number>();
    const useCount = (type: TypeRef, mode: Mode, top: boolean): void => {
      if (type.kind === 'object' && type.fields.length > 0 && !top) {
        const key = keys.entry(type, mode).id;
        if (hoisted.has(key)) {
          uses.set(key, (uses.get(key) ?? 0) + 1);
          return;
        }
      }
      eachChild(type, modeOf(type, mode), (child, childMode) => useCount(child, childMode, false));
    };
    for (const root of all) useCount(root.type, root.mode, root.named);
    for (const key of hoisted) useCount(first.get(key)!.type, first.get(key)!.mode, true);
    const kept = new Set([...hoisted].filter((key) => (uses.get(key) ?? 0) >= 2));
    if (kept.size === hoisted.size) break;
    hoisted = kept;
  }
  if (hoisted.size === 0) return model;

  // Names in order of first appearance, so the same model always gets the same names.
  const names = new UniqueNames(declaredNames(model));
  const nameOf = new Map<number, string>();
  for (const [key, { place }] of first) {
    if (hoisted.has(key)) nameOf.set(key, names.claim(`${place.owner}${place.field === undefined ? 'Item' : pascal(place.field)}`));
  }

  // Each place's hoisted objects replaced by their names; where a type is written on one line,
  // the docs emit would not show go too, so an alias first met there shows none either.
  const replaced = { lines: new WeakMap<TypeRef, TypeRef>(), flat: new WeakMap<TypeRef, TypeRef>() };
  const replace = (type: TypeRef, wanted: Mode, top = false): TypeRef => {
    if (type.kind === 'builtin' || type.kind === 'named' || type.kind === 'literal') return type;
    const mode = modeOf(type, wanted);
    if (type.kind === 'object' && type.fields.length > 0 && !top) {
      const name = nameOf.get(keys.entry(type, mode).id);
      if (name !== undefined) return { kind: 'named', name };
    }
    const memo = replaced[mode];
    if (!top) {
      const done = memo.get(type);
      if (done !== undefined) return done;
    }
    const result = mapChildren(type, (child, isExtra) => replace(child, childMode(type, mode, child, isExtra)), mode === 'flat');
    if (!top) memo.set(type, result);
    return result;
  };

  const origin = model.types[0]?.origin ?? model.origin;
  const aliases: NamedTypeModel[] = [...nameOf].map(([key, name]) => {
    const { place, type, mode } = first.get(key)!;
    const where = place.field === undefined ? `\`${place.owner}\`` : `\`${place.field}\` in \`${place.owner}\``;
    return { name, wireName: name, type: replace(type, mode, true), docs: { description: `An object the API repeats, written once; first seen at ${where}.` }, origin };
  });
  const methods = model.methods.map((method): MethodModel => ({
    ...method,
    params: method.params.map((param) => ({ ...param, type: replace(param.type, 'lines') })),
    body: method.body === undefined ? undefined : { ...method.body, type: replace(method.body.type, 'lines') },
    result: method.result.type === undefined ? method.result : { ...method.result, type: replace(method.result.type, 'flat'), ...(method.result.stream === undefined ? {} : { stream: { ...method.result.stream, type: replace(method.result.stream.type, 'flat') } }) },
    pagination: method.pagination === undefined ? undefined : { ...method.pagination, itemType: replace(method.pagination.itemType, 'flat') },
    errors: method.errors.map((error) => ({ ...error, type: replace(error.type, 'flat') })),
  }));
  return {
    ...model,
    types: [...model.types.map((named) => ({ ...named, type: replace(named.type, 'lines', true) })), ...aliases],
    methods,
  };
}
