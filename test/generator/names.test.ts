import { describe, expect, it } from 'vitest';
import { Session } from 'sessiongen/runtime';
import { compileSpec } from '../../generator/generate.js';
import { isReservedMethodName, SESSION_MEMBERS } from '../../generator/model/names.js';

function membersOf(session: Session): string[] {
  const names = new Set<string>(Object.keys(session));
  for (let proto: object | null = Object.getPrototypeOf(session) as object; proto !== null && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    for (const name of Object.getOwnPropertyNames(proto)) names.add(name);
  }
  return [...names];
}

describe('names a path cannot take', () => {
  it('every member of the runtime Session is refused as a path name', async () => {
    await using session = new Session('http://127.0.0.1:9');
    const missing = membersOf(session).filter((name) => !isReservedMethodName(name));
    expect(missing, 'add these to SESSION_MEMBERS in generator/names.ts').toEqual([]);
  });

  it('each is refused with the reservedMethodName diagnostic', () => {
    for (const name of SESSION_MEMBERS) {
      if (!/^[A-Za-z_$][\w$]*$/.test(name)) continue;
      const { diagnostics } = compileSpec(`client: Api\npaths:\n  ${name}:\n    path: /x\n`, 'spec.yaml');
      expect(diagnostics.map((diagnostic) => diagnostic.code), name).toEqual(['reservedMethodName']);
    }
  });

  it('keywords are fine as method names (they are property names)', () => {
    const { diagnostics, model } = compileSpec('client: Api\npaths:\n  default:\n    path: /x\n  new:\n    path: /y\n', 'spec.yaml');
    expect(diagnostics).toEqual([]);
    expect(model?.methods.map((method) => method.name)).toEqual(['default', 'new']);
  });
});
