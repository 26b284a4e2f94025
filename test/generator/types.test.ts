/**
 * Type-level tests: code using a generated client is compiled with tsc. Right calls compile,
 * wrong ones (missing path param, wrong body type, ...) do not, with the error tsc should give.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSource } from '../../generator/generate.js';
import { FIXTURES, scratch, typeCheck } from './helpers.js';

let dir: string;

beforeAll(() => {
  dir = scratch('types');
  const { code } = generateSource(readFileSync(join(FIXTURES, 'petstore.yaml'), 'utf8'), 'petstore.yaml');
  writeFileSync(join(dir, 'petstore.ts'), code!);
  for (const name of ['secured', 'tokens']) {
    const generated = generateSource(readFileSync(join(FIXTURES, `${name}.yaml`), 'utf8'), `${name}.yaml`);
    writeFileSync(join(dir, `${name}.ts`), generated.code!);
  }
});

const USES = `import { PetStore, type Pet } from './petstore.js';

export async function uses(): Promise<void> {
  await using api = new PetStore({ connections: 50 });
  const pets: Pet[] = await api.listPets({ query: { limit: 10 } });
  const pet: Pet = await api.getPet({ petId: 1, timeout: 1000 });
  const created: Pet = await api.createPet({ body: { name: 'Rex' }, headers: { 'X-Trace': 'a' } });
  const { data, response } = await api.getPet({ petId: 1 }).withResponse();
  const status: number = response.status;
  await api.listPets();
  void [pets, pet, created, data, status];

  // @ts-expect-error the path parameter is required
  await api.getPet({});
  // @ts-expect-error the argument is required when a path parameter is
  await api.getPet();
  // @ts-expect-error path parameters are typed (integer)
  await api.getPet({ petId: '1' });
  // @ts-expect-error the body must be a NewPet
  await api.createPet({ body: { name: 1 } });
  // @ts-expect-error the body is required
  await api.createPet({});
  // @ts-expect-error query keys are typed
  await api.listPets({ query: { limit: 'ten' } });
  // @ts-expect-error unknown query keys are refused
  await api.listPets({ query: { limt: 10 } });
  // @ts-expect-error the result is typed
  const wrong: string = await api.getPet({ petId: 1 });
  // @ts-expect-error constructor options are SessionOptions
  new PetStore({ connections: 'many' });
  void wrong;
}
`;

describe('generated types', () => {
  it('right calls compile and every wrong call is an error (each @ts-expect-error is used)', () => {
    writeFileSync(join(dir, 'uses.ts'), USES);
    const run = typeCheck(dir, [join(dir, 'uses.ts')]);
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('a call missing a path parameter does not compile, with the error naming it', () => {
    writeFileSync(join(dir, 'missing.ts'), "import { PetStore } from './petstore.js';\nexport const pet = new PetStore().getPet({ timeout: 5 });\n");
    const run = typeCheck(dir, [join(dir, 'missing.ts')]);
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain("missing.ts(2,42): error TS2741: Property 'petId' is missing in type '{ timeout: number; }' but required in type 'GetPetArgs'.");
  });

  it('a body of the wrong type does not compile', () => {
    writeFileSync(join(dir, 'body.ts'), "import { PetStore } from './petstore.js';\nexport const pet = new PetStore().createPet({ body: { name: 42 } });\n");
    const run = typeCheck(dir, [join(dir, 'body.ts')]);
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain("body.ts(2,55): error TS2322: Type 'number' is not assignable to type 'string'.");
  });
});

const SECURED_USES = `import { BasicAuth } from 'sessiongen/runtime';
import { Secured, type Account } from './secured.js';
import { Tokens } from './tokens.js';

export async function uses(): Promise<void> {
  await using api = new Secured({ credentials: { username: 'ann', password: 'pw' }, retry: 0, timeout: 100 });
  const account: Account = await api.getAccount({ id: 1, retry: { limit: 1, statuses: [503] }, maxRedirects: 2 });
  await using other = new Secured({ credentials: { username: 'ann', password: 'pw' }, auth: new BasicAuth('bob', 'pw') });
  await using bearer = new Tokens({ token: 't' });
  const text: string = await bearer.flaky({ retry: 3 });
  void [account, other, text];

  // @ts-expect-error the spec's auth makes the options required
  new Secured();
  // @ts-expect-error a password is required with the user name
  new Secured({ credentials: { username: 'ann' } });
  // @ts-expect-error bearer auth asks for a token, not credentials
  new Tokens({ credentials: { username: 'ann', password: 'pw' } });
  // @ts-expect-error the token is a string
  new Tokens({ token: 1 });
}
`;

describe('generated types for a spec that names an auth scheme', () => {
  it('the secret is required and typed; call options (retry, maxRedirects, timeout) compile', () => {
    writeFileSync(join(dir, 'secured-uses.ts'), SECURED_USES);
    const run = typeCheck(dir, [join(dir, 'secured-uses.ts')]);
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('constructing the client without its credentials does not compile, with the error naming them', () => {
    writeFileSync(join(dir, 'no-credentials.ts'), "import { Secured } from './secured.js';\nexport const a = new Secured({ connections: 2 });\nexport const b = new Secured();\n");
    const run = typeCheck(dir, [join(dir, 'no-credentials.ts')]);
    expect(run.status).not.toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual([
      "no-credentials.ts(2,30): error TS2741: Property 'credentials' is missing in type '{ connections: number; }' but required in type 'SecuredOptions'.",
      'no-credentials.ts(3,18): error TS2554: Expected 1 arguments, but got 0.',
    ]);
  });
});
