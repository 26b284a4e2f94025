/**
 * Issue 16, items 9 and 12, on the wire, from the unmodified real documents: GitHub's
 * multi-segment path parameters, retries on by default (keyed POSTs too), the per-call
 * `idempotencyKey`, the API's own error text in HTTPError.message, and how a user's
 * `baseLocation` combines with the document's endpoint (OpenAI's `/v1`).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import { HTTPError, InvalidOptionError, InternalServerError } from '../../runtime/index.js';
import type { ApiCall, CallOptions, SessionOptions } from '../../runtime/index.js';
import { rejection, useHarness } from '../helpers/harness.js';
import type { ReceivedRequest, TestServer } from '../helpers/server.js';
import { realClient, typeCheckUsage } from './real-clients.js';
import type { GeneratedReal } from './real-clients.js';

const h = useHarness();

/** The slice of each generated class these tests call (the user's view is type-checked separately below). */
interface Closable {
  close(): Promise<void>;
}
interface GitHubClient extends Closable {
  readonly repos: {
    getContent(args: CallOptions & { owner: string; repo: string; path: string; query?: { ref?: string } }): ApiCall<unknown>;
    getBranch(args: CallOptions & { owner: string; repo: string; branch: string }): ApiCall<unknown>;
  };
}
interface StripeClient extends Closable {
  readonly customers: { create(args?: CallOptions & { body?: Record<string, unknown> }): ApiCall<{ id: string }> };
  readonly charges: { create(args?: CallOptions & { body?: Record<string, unknown> }): ApiCall<unknown> };
}
interface OpenAIClient extends Closable {
  readonly models: { listModels(options?: CallOptions): ApiCall<unknown> };
}

function construct<T extends Closable>(real: GeneratedReal, name: string, options: SessionOptions & Record<string, unknown>): T {
  const Client = real.module[name] as new (options: SessionOptions & Record<string, unknown>) => T;
  const client = new Client(options);
  h.defer(() => client.close());
  return client;
}

/** The headers a request carried, without the port-dependent `host`. */
function headersOf(request: ReceivedRequest): IncomingHttpHeaders {
  const { host, ...rest } = request.headers;
  expect(host).toMatch(/^127\.0\.0\.1:\d+$/);
  return rest;
}

const JSON_TYPE = { 'content-type': 'application/json' };

/** Answers each request from `replies` in turn (the last one repeats), recording the bytes. */
function replying(...replies: [status: number, body: unknown][]): Promise<TestServer> {
  let index = 0;
  return h.server((_request, response) => {
    const [status, body] = replies[Math.min(index++, replies.length - 1)]!;
    response.writeHead(status, JSON_TYPE);
    response.end(JSON.stringify(body));
  });
}

const USER_AGENT = expect.stringMatching(/^sessiongen\/\d+\.\d+\.\d+/) as unknown as string;

describe('GitHub: multi-segment path parameters (x-multi-segment)', () => {
  it('repos/get-content sends each segment of `path` encoded, the slashes kept; `owner` stays one segment', async () => {
    const real = await realClient('github');
    const server = await replying([200, { type: 'file', name: 'intro#1.md' }]);
    const gh = construct<GitHubClient>(real, 'GitHubOfficialOpenAPISpec', { baseLocation: server.origin });
    await gh.repos.getContent({ owner: 'o', repo: 'r', path: 'docs/a b/intro#1.md' });
    await gh.repos.getContent({ owner: 'o/x', repo: 'r', path: 'README.md', query: { ref: 'feature/x' } });
    await gh.repos.getBranch({ owner: 'o', repo: 'r', branch: 'feature/ü' });
    expect(server.received.map((r) => [r.method, r.url, r.raw.length])).toEqual([
      ['GET', '/repos/o/r/contents/docs/a%20b/intro%231.md', 0],
      ['GET', '/repos/o%2Fx/r/contents/README.md?ref=feature%2Fx', 0],
      ['GET', '/repos/o/r/branches/feature/%C3%BC', 0],
    ]);
    expect(headersOf(server.received[0]!)).toEqual({ 'user-agent': USER_AGENT, 'accept-encoding': 'gzip, deflate, br', connection: 'keep-alive' });
  });

  it.each([
    ['../secrets', 'a ".." segment'],
    ['docs/../../x', 'a ".." inside'],
    ['./docs', 'a "." segment'],
    ['docs//intro.md', 'an empty segment'],
    ['/docs/intro.md', 'a leading slash'],
    ['docs/', 'a trailing slash'],
    ['docs/a\r\nX-Injected: 1', 'CR LF'],
    ['docs/a\u0000b', 'NUL'],
  ])('refuses %j (%s) with an InvalidOptionError naming `path`, and sends nothing', async (path) => {
    const real = await realClient('github');
    const server = await replying([200, {}]);
    const gh = construct<GitHubClient>(real, 'GitHubOfficialOpenAPISpec', { baseLocation: server.origin });
    const error = await rejection((async () => gh.repos.getContent({ owner: 'o', repo: 'r', path }))());
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe('path');
    expect(server.received).toEqual([]);
    expect(server.totalSockets).toBe(0);
  });

  it('a user writes the call as Octokit users do, and it type-checks', async () => {
    const real = await realClient('github');
    const run = typeCheckUsage(
      real,
      'usage-multi-segment',
      `import { GitHubOfficialOpenAPISpec } from './client.js';
export async function main(): Promise<void> {
  await using gh = new GitHubOfficialOpenAPISpec({ baseLocation: 'http://127.0.0.1:1', retry: false });
  const content = await gh.repos.getContent({ owner: 'o', repo: 'r', path: 'docs/a b/intro#1.md', query: { ref: 'main' } });
  const branch = await gh.repos.getBranch({ owner: 'o', repo: 'r', branch: 'feature/x', retry: 0 });
  console.log(content, branch.name);
}
`,
    );
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});

describe('Stripe: retries by default, idempotency keys per call', () => {
  const CUSTOMER = { id: 'cus_1', object: 'customer' };
  const FAILURE = { error: { message: 'An unknown error occurred', type: 'api_error' } };
  const stripeOptions = (server: TestServer, more: SessionOptions = {}) => ({ baseLocation: server.origin, basicAuth: { username: 'sk_test_1', password: '' }, ...more });
  const expectedHeaders = (key: string | undefined): IncomingHttpHeaders => ({
    'user-agent': USER_AGENT,
    'accept-encoding': 'gzip, deflate, br',
    connection: 'keep-alive',
    authorization: `Basic ${Buffer.from('sk_test_1:').toString('base64')}`,
    'content-type': 'application/x-www-form-urlencoded;charset=UTF-8',
    'content-length': '13',
    ...(key === undefined ? {} : { 'idempotency-key': key }),
  });

  it('a per-call idempotencyKey is sent, and a POST answered 500 then 200 is retried with the same key', async () => {
    const real = await realClient('stripe');
    const server = await replying([500, FAILURE], [200, CUSTOMER]);
    const stripe = construct<StripeClient>(real, 'StripeAPI', stripeOptions(server));
    expect(await stripe.customers.create({ body: { email: 'a@b.c' }, idempotencyKey: 'k1' })).toEqual(CUSTOMER);
    expect(server.received.map((r) => [r.method, r.url, r.body, headersOf(r)])).toEqual([
      ['POST', '/v1/customers', 'email=a%40b.c', expectedHeaders('k1')],
      ['POST', '/v1/customers', 'email=a%40b.c', expectedHeaders('k1')],
    ]);
  });

  it('with the session option idempotencyKey: true, every try of one call carries the same generated key', async () => {
    const real = await realClient('stripe');
    const server = await replying([503, FAILURE], [502, FAILURE], [200, CUSTOMER]);
    const stripe = construct<StripeClient>(real, 'StripeAPI', stripeOptions(server, { idempotencyKey: true }));
    expect(await stripe.customers.create({ body: { email: 'a@b.c' } })).toEqual(CUSTOMER);
    const keys = server.received.map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(3);
    expect(keys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(keys).size).toBe(1);
    expect(server.received.map((r) => headersOf(r))).toEqual([1, 2, 3].map(() => expectedHeaders(String(keys[0]))));
  });

  it('a POST without a key is sent once: its 500 rejects with the API’s own text', async () => {
    const real = await realClient('stripe');
    const server = await replying([500, FAILURE], [200, CUSTOMER]);
    const stripe = construct<StripeClient>(real, 'StripeAPI', stripeOptions(server));
    const error = await rejection(Promise.resolve(stripe.customers.create({ body: { email: 'a@b.c' } })));
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as Error).message).toBe(`HTTP 500: An unknown error occurred (POST ${server.origin}/v1/customers)`);
    expect(server.received.map((r) => [r.method, r.url, r.body, headersOf(r)])).toEqual([['POST', '/v1/customers', 'email=a%40b.c', expectedHeaders(undefined)]]);
  });

  it("Stripe's stripe-should-retry: true retries its 409 (a keyed POST), false stops a 503", async () => {
    const real = await realClient('stripe');
    let hit = 0;
    const server = await h.server((request, response) => {
      hit++;
      const [status, said, body] = request.url === '/v1/customers' ? (hit === 1 ? [409, 'true', FAILURE] : [200, undefined, CUSTOMER]) : [503, 'false', FAILURE];
      response.writeHead(status, { ...JSON_TYPE, ...(said === undefined ? {} : { 'stripe-should-retry': said }) });
      response.end(JSON.stringify(body));
    });
    const stripe = construct<StripeClient>(real, 'StripeAPI', stripeOptions(server));
    expect(await stripe.customers.create({ body: { email: 'a@b.c' }, idempotencyKey: 'k4' })).toEqual(CUSTOMER);
    expect(await rejection(Promise.resolve(stripe.charges.create({ body: { amount: 1 }, idempotencyKey: 'k5' })))).toBeInstanceOf(InternalServerError);
    expect(server.received.map((r) => [r.method, r.url, r.headers['idempotency-key']])).toEqual([
      ['POST', '/v1/customers', 'k4'],
      ['POST', '/v1/customers', 'k4'],
      ['POST', '/v1/charges', 'k5'],
    ]);
  });

  it('retry: 0 on the call, or retry: false on the client, sends a keyed POST once', async () => {
    const real = await realClient('stripe');
    const server = await replying([500, FAILURE]);
    const stripe = construct<StripeClient>(real, 'StripeAPI', stripeOptions(server));
    const off = construct<StripeClient>(real, 'StripeAPI', stripeOptions(server, { retry: false }));
    await rejection(Promise.resolve(stripe.customers.create({ body: { email: 'a@b.c' }, idempotencyKey: 'k2', retry: 0 })));
    await rejection(Promise.resolve(off.customers.create({ body: { email: 'a@b.c' }, idempotencyKey: 'k3' })));
    expect(server.received.map((r) => r.headers['idempotency-key'])).toEqual(['k2', 'k3']);
  });

  it.each([402, 400])('a %i with { error: { message } } rejects with that message, sent once', async (status) => {
    const real = await realClient('stripe');
    const server = await replying([status, { error: { message: 'Your card was declined.', type: 'card_error', code: 'card_declined' } }]);
    const stripe = construct<StripeClient>(real, 'StripeAPI', stripeOptions(server));
    const error = await rejection(Promise.resolve(stripe.charges.create({ body: { amount: 100, currency: 'usd' }, idempotencyKey: 'ch-1' })));
    expect(error).toBeInstanceOf(HTTPError);
    expect((error as HTTPError).status).toBe(status);
    expect((error as HTTPError).message).toBe(`HTTP ${status}: Your card was declined. (POST ${server.origin}/v1/charges)`);
    expect((error as HTTPError).body).toEqual({ error: { message: 'Your card was declined.', type: 'card_error', code: 'card_declined' } });
    expect(server.received.map((r) => [r.method, r.url, r.body, r.headers['idempotency-key']])).toEqual([['POST', '/v1/charges', 'amount=100&currency=usd', 'ch-1']]);
  });

  it('an error text with line breaks and terminal codes is one printable line, cut at 500 characters', async () => {
    const real = await realClient('stripe');
    const forged = `declined\r\n2026-12-07 INFO payment ok\u001b[2J\u2028${'x'.repeat(2000)}`;
    const server = await replying([402, { error: { message: forged } }]);
    const stripe = construct<StripeClient>(real, 'StripeAPI', stripeOptions(server));
    const error = (await rejection(Promise.resolve(stripe.charges.create({ body: { amount: 1 } })))) as HTTPError;
    const said = error.message.slice('HTTP 402: '.length, error.message.lastIndexOf(' (POST '));
    expect(said.startsWith('declined 2026-12-07 INFO payment ok [2J xxx')).toBe(true);
    expect(said).toHaveLength(500);
    expect(said.endsWith('x…')).toBe(true);
    expect(error.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
    expect((error.body as { error: { message: string } }).error.message).toBe(forged);
  });

  it('a user passes idempotencyKey and retry on a call, and catches the error, as with stripe-node; it type-checks', async () => {
    const real = await realClient('stripe');
    const run = typeCheckUsage(
      real,
      'usage-retries',
      `import { HTTPError } from 'sessiongen/runtime';
import { StripeAPI } from './client.js';
export async function main(): Promise<void> {
  await using stripe = new StripeAPI({ basicAuth: { username: 'sk_test_1', password: '' }, baseLocation: 'http://127.0.0.1:1' });
  const customer = await stripe.customers.create({ body: { email: 'a@b.c' }, idempotencyKey: 'order-42' });
  try {
    await stripe.charges.create({ body: { amount: 100, currency: 'usd' }, idempotencyKey: 'charge-42', retry: 0 });
  } catch (error) {
    if (error instanceof HTTPError) console.log(error.status, error.message);
  }
  await using quiet = new StripeAPI({ basicAuth: { username: 'sk_test_1', password: '' }, retry: false, idempotencyKey: true });
  console.log(customer.id, quiet.baseLocation);
}
`,
    );
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});

describe('GitHub: the error text is { message }', () => {
  it('a 404 rejects with "HTTP 404: Not Found"', async () => {
    const real = await realClient('github');
    const server = await replying([404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' }]);
    const gh = construct<GitHubClient>(real, 'GitHubOfficialOpenAPISpec', { baseLocation: server.origin });
    const error = await rejection(Promise.resolve(gh.repos.getContent({ owner: 'o', repo: 'r', path: 'missing.md' })));
    expect((error as HTTPError).message).toBe(`HTTP 404: Not Found (GET ${server.origin}/repos/o/r/contents/missing.md)`);
    expect(server.received).toHaveLength(1);
  });
});

describe('OpenAI: a loopback baseLocation and the document’s endpoint /v1', () => {
  it('baseLocation replaces the scheme and host only: /v1 is still joined; endpoint: "" drops it; a /v1 in baseLocation adds a second one', async () => {
    const real = await realClient('openai');
    const server = await replying([200, { object: 'list', data: [] }]);
    const kept = construct<OpenAIClient>(real, 'OpenAIAPI', { apiKeyAuth: 'sk-test', baseLocation: server.origin });
    const bare = construct<OpenAIClient>(real, 'OpenAIAPI', { apiKeyAuth: 'sk-test', baseLocation: server.origin, endpoint: '' });
    const doubled = construct<OpenAIClient>(real, 'OpenAIAPI', { apiKeyAuth: 'sk-test', baseLocation: `${server.origin}/v1` });
    const elsewhere = construct<OpenAIClient>(real, 'OpenAIAPI', { apiKeyAuth: 'sk-test', baseLocation: `${server.origin}/mock`, endpoint: '/openai/v1/' });
    for (const client of [kept, bare, doubled, elsewhere]) await client.models.listModels();
    expect(server.received.map((r) => [r.method, r.url, r.headers.authorization])).toEqual([
      ['GET', '/v1/models', 'Bearer sk-test'],
      ['GET', '/models', 'Bearer sk-test'],
      ['GET', '/v1/v1/models', 'Bearer sk-test'],
      ['GET', '/mock/openai/v1/models', 'Bearer sk-test'],
    ]);
  });

  it('the user’s options type-check', async () => {
    const real = await realClient('openai');
    const run = typeCheckUsage(
      real,
      'usage-base-location',
      `import { OpenAIAPI } from './client.js';
export async function main(): Promise<void> {
  await using openai = new OpenAIAPI({ apiKeyAuth: 'sk-test', baseLocation: 'http://127.0.0.1:4010' });
  await using bare = new OpenAIAPI({ apiKeyAuth: 'sk-test', baseLocation: 'http://127.0.0.1:4010', endpoint: '' });
  console.log(await openai.models.listModels(), await bare.models.listModels({ retry: 0 }));
}
`,
    );
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
