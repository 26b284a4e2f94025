/**
 * Sample arguments for a generated method, made from its model: the values a user would pass,
 * of the declared types (formats honoured where the document names one), required parts only
 * for objects, so a validating mock server can judge what the client sends.
 */
import type { ClientModel, Docs, MethodModel, NamedTypeModel, TypeRef } from '../../generator/model/types.js';

const FORMATS: Readonly<Record<string, string>> = {
  'date-time': '2024-01-02T03:04:05Z',
  date: '2024-01-02',
  time: '03:04:05Z',
  uri: 'https://example.com/x',
  url: 'https://example.com/x',
  'uri-template': 'https://example.com/{x}',
  email: 'octocat@example.com',
  uuid: '123e4567-e89b-12d3-a456-426614174000',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
  hostname: 'example.com',
};

export class Samples {
  readonly #types: ReadonlyMap<string, NamedTypeModel>;

  constructor(model: ClientModel) {
    this.#types = new Map(model.types.map((named) => [named.name, named]));
  }

  /** `full`: a union member, whose value must tell it apart from the others. */
  value(type: TypeRef, docs: Docs = {}, depth = 0, full = false): unknown {
    if (depth > 12) return undefined;
    switch (type.kind) {
      case 'literal':
        return type.value;
      case 'builtin':
        switch (type.name) {
          case 'string':
            return FORMATS[docs.format ?? ''] ?? 'x';
          case 'number':
          case 'integer':
            return 1;
          case 'boolean':
            return true;
          case 'null':
            return null;
          case 'binary':
            return new Uint8Array([1, 2, 3]);
          default:
            return 'x';
        }
      case 'named': {
        const named = this.#types.get(type.name)!;
        return this.value(named.type, { ...named.docs, ...docs }, depth + 1, full);
      }
      case 'array':
        return [this.value(type.element, {}, depth + 1)];
      case 'union': {
        // A string where one may go: a path or query value "1" would match both members of `integer | string`.
        const member = type.members.find((item) => item.kind === 'builtin' && item.name === 'string') ?? type.members.find((item) => !(item.kind === 'builtin' && item.name === 'null')) ?? type.members[0]!;
        return this.value(member, docs, depth + 1, true);
      }
      case 'intersection': {
        const parts = type.members.map((member) => this.value(member, docs, depth + 1));
        return parts.every((part) => typeof part === 'object' && part !== null && !Array.isArray(part)) ? Object.assign({}, ...parts) : parts[0];
      }
      case 'object': {
        const object: Record<string, unknown> = {};
        // Optional fields only for a union member with none required: `{}` would match every such member.
        const all = full && type.fields.every((field) => field.optional);
        for (const field of type.fields) if (all || !field.optional) object[field.name] = this.value(field.type, field.docs, depth + 1);
        return object;
      }
    }
  }

  /** The method's argument: every parameter (optional ones too, to exercise their styles) and the body. */
  args(method: MethodModel): Record<string, unknown> {
    const args: Record<string, unknown> = {};
    const query: Record<string, unknown> = {};
    for (const param of method.params) {
      const value = this.value(param.type, param.docs);
      if (param.in === 'query') query[param.name] = value;
      else args[param.name] = value;
    }
    if (Object.keys(query).length > 0) args['query'] = query;
    if (method.body !== undefined) args['body'] = this.value(method.body.type, method.body.docs);
    return args;
  }
}
