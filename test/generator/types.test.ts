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
  for (const name of ['secured', 'tokens', 'github', 'stripe', 'slack']) {
    const generated = generateSource(readFileSync(join(FIXTURES, `${name}.yaml`), 'utf8'), `${name}.yaml`);
    writeFileSync(join(dir, `${name}.ts`), generated.code!);
  }
});

/** Writes `code` beside the generated clients and expects strict tsc to be silent: every @ts-expect-error used. */
function expectCompiles(file: string, code: string): void {
  writeFileSync(join(dir, file), code);
  const run = typeCheck(dir, [join(dir, file)]);
  expect(run.stdout + run.stderr).toBe('');
  expect(run.status).toBe(0);
}

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
    expectCompiles('uses.ts', USES);
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
    expectCompiles('secured-uses.ts', SECURED_USES);
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

const REAL_API_USES = `import { Readable } from 'node:stream';
import { FilePart, type ResponseStream } from 'sessiongen/runtime';
import { GitHub, type Issue } from './github.js';
import { Slack } from './slack.js';
import { Stripe, type Customer } from './stripe.js';

export async function uses(bytes: Uint8Array, blob: Blob): Promise<void> {
  await using github = new GitHub();
  const issues: Issue[] = await github.issues.listForRepo({ owner: 'o', repo: 'r', query: { state: 'open', labels: ['bug'] } });
  // @ts-expect-error an enum is its values: a misspelled one does not compile
  await github.issues.listForRepo({ owner: 'o', repo: 'r', query: { state: 'opne' } });
  // @ts-expect-error a literal field of a result is its value
  const closed: 'opne' = issues[0]!.state;

  // Each way of reading a response resolves to its own type.
  const asset: Uint8Array = await github.repos.downloadReleaseAsset({ owner: 'o', repo: 'r', assetId: 1 });
  const zip: ResponseStream = await github.repos.downloadZipballArchive({ owner: 'o', repo: 'r', ref: 'main' });
  const readme: string = await github.repos.getReadme({ owner: 'o', repo: 'r' });
  // @ts-expect-error bytes are not text
  const assetText: string = await github.repos.downloadReleaseAsset({ owner: 'o', repo: 'r', assetId: 1 });
  // @ts-expect-error a stream is not bytes
  const zipBytes: Uint8Array = await github.repos.downloadZipballArchive({ owner: 'o', repo: 'r', ref: 'main' });
  // @ts-expect-error text is not JSON of another shape
  const readmeJson: { name: string } = await github.repos.getReadme({ owner: 'o', repo: 'r' });

  // Wire names: the placeholder {asset-id} is the key assetId.
  await github.repos.getReleaseAsset({ owner: 'o', repo: 'r', assetId: 1 });
  // @ts-expect-error the wire name is not the argument's key
  await github.repos.getReleaseAsset({ owner: 'o', repo: 'r', 'asset-id': 1 });
  // @ts-expect-error the path parameter is typed (integer)
  await github.repos.getReleaseAsset({ owner: 'o', repo: 'r', assetId: '1' });
  await github.delete_({ owner: 'o', repo: 'r' });

  // result() narrows on ok and then on the status to the documented error body.
  const r = await github.repos.get({ owner: 'o', repo: 'r' }).result();
  if (!r.ok && r.error.status === 404) {
    const message: string = r.error.body.message;
    // @ts-expect-error BasicError has no such field
    void r.error.body.mesage;
    void message;
  }
  if (r.ok) {
    const name: string = r.data.name;
    // @ts-expect-error the data is only there when ok
    void r.error.body;
    void name;
  }
  const s = await new Stripe({ token: 't' }).customers.retrieve({ customer: 'cus_1' }).result();
  if (!s.ok && s.error.status === 404) {
    const type: 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error' = s.error.body.error.type;
    // @ts-expect-error StripeError's type is an enum
    const wrongType: 'card_declined' = s.error.body.error.type;
    void [type, wrongType];
  }

  // Binary uploads take any raw body.
  await github.repos.uploadReleaseAsset({ owner: 'o', repo: 'r', release_id: 1, query: { name: 'a.zip' }, body: bytes });

  // The api_key client requires its key, a string.
  await using slack = new Slack({ apiKey: 'xoxb' });
  // @ts-expect-error the spec's api_key auth makes the options required
  new Slack();
  // @ts-expect-error the key is required
  new Slack({ connections: 2 });
  // @ts-expect-error the key is a string
  new Slack({ apiKey: 1 });
  // @ts-expect-error api_key auth asks for apiKey, not a token
  new Slack({ token: 'xoxb' });

  // Required header params are required; optional ones may be left out.
  await slack.api.test({ xRequestId: 'id' });
  // @ts-expect-error the X-Request-Id header parameter is required
  await slack.api.test({});
  // @ts-expect-error header parameters are typed
  await slack.api.test({ xRequestId: 1 });
  // @ts-expect-error the header's wire name is not the argument's key
  await slack.api.test({ 'X-Request-Id': 'id' });
  await slack.conversations.list({ query: { types: ['im', 'mpim'] }, d: 'cookie' });
  // @ts-expect-error a comma-style enum array is checked item by item
  await slack.conversations.list({ query: { types: ['dm'] } });

  // A multipart file takes bytes, a Blob, a FilePart or a stream.
  await slack.files.upload({ body: { file: bytes, channels: 'C1' } });
  await slack.files.upload({ body: { file: blob } });
  await slack.files.upload({ body: { file: new FilePart(bytes, { filename: 'a.txt', contentType: 'text/plain' }) } });
  await slack.files.upload({ body: { file: Readable.from(['a']) } });
  await slack.files.upload({ body: { file: new ReadableStream<Uint8Array>() } });
  // @ts-expect-error a number is not a file
  await slack.files.upload({ body: { file: 1 } });
  // @ts-expect-error the file is required
  await slack.files.upload({ body: { channels: 'C1' } });

  // Form bodies are checked like JSON ones.
  await slack.chat.postMessage({ body: { channel: 'C1', text: 'hi', metadata: { event_type: 'e', event_payload: { a: 1, b: 'x', c: true } } } });
  // @ts-expect-error text is required
  await slack.chat.postMessage({ body: { channel: 'C1' } });
  // @ts-expect-error the payload's values are scalars
  await slack.chat.postMessage({ body: { channel: 'C1', text: 'hi', metadata: { event_type: 'e', event_payload: { a: [1] } } } });
  await using stripe = new Stripe({ token: 'sk' });
  const customer: Customer = await stripe.customers.create({ body: { email: 'a@b.example', metadata: { order: '1' }, address: { line1: 'x' } }, idempotencyKey: 'k' });
  await stripe.customers.create({ body: {} });
  // @ts-expect-error metadata values are strings
  await stripe.customers.create({ body: { metadata: { order: 1 } } });
  // @ts-expect-error an address needs its line1
  await stripe.customers.create({ body: { address: { city: 'x' } } });
  // @ts-expect-error the amount is an integer
  await stripe.paymentIntents.create({ body: { amount: '100', currency: 'usd' } });
  await stripe.customers.list({ query: { created: { gte: 1 }, expand: ['data.default_source'] } });
  // @ts-expect-error the query key is the identifier made from the wire name expand[]
  await stripe.customers.list({ query: { 'expand[]': ['x'] } });
  // @ts-expect-error a deepObject query parameter has its own keys
  await stripe.customers.list({ query: { created: { since: 1 } } });
  void [closed, asset, zip, readme, assetText, zipBytes, readmeJson, customer];
}
`;

describe('generated types for real APIs (github, stripe, slack)', () => {
  it('enums, header params, readers, typed errors, api_key, wire names, multipart files and form bodies (each @ts-expect-error is used)', () => {
    expectCompiles('real-uses.ts', REAL_API_USES);
  });

  it('a misspelled enum value and a wire-name key fail with the errors tsc should give', () => {
    const code = [
      "import { GitHub } from './github.js';",
      'const github = new GitHub();',
      "export const a = github.issues.listForRepo({ owner: 'o', repo: 'r', query: { state: 'opne' } });",
      "export const b = github.repos.getReleaseAsset({ owner: 'o', repo: 'r', 'asset-id': 1 });",
      '',
    ].join('\n');
    writeFileSync(join(dir, 'real-wrong.ts'), code);
    const run = typeCheck(dir, [join(dir, 'real-wrong.ts')]);
    expect(run.status).not.toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^real-wrong\.ts\(3,78\): error TS2322: Type '"opne"' is not assignable to type '"all" \| "closed" \| "open" \| undefined'\.$/);
    expect(lines.some((line) => line.startsWith('real-wrong.ts(4,') && line.includes("'asset-id'"))).toBe(true);
  });
});
