/**
 * The call surface users meet on real, unmodified documents: operations on resource objects named
 * the way each API's own SDK names them (Octokit, stripe-node, Slack's Web API), the class itself
 * holding only resources and the Session's members, and the calls sent byte for byte as before.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ResourceBase, Session } from 'sessiongen/runtime';
import { startServer, type TestServer } from '../helpers/server.js';
import { realClient, typeCheckUsage, type GeneratedReal, type RealApi } from './real-clients.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

type Method = (args?: Record<string, unknown>) => PromiseLike<unknown>;
interface Resource {
  readonly [name: string]: Method | Resource;
}

/** The client class the module exports: the one export that extends Session. */
function clientClass(real: GeneratedReal): { name: string; make: (options: Record<string, unknown>) => Session & Resource } {
  const found = Object.entries(real.module).filter(([, value]) => typeof value === 'function' && value.prototype instanceof Session);
  expect(found.map(([name]) => name)).toHaveLength(1);
  const [name, value] = found[0]!;
  const Client = value as new (options: Record<string, unknown>) => Session & Resource;
  return { name, make: (options) => new Client(options) };
}

/** `client.a.b.c` as a function bound to its resource object, or undefined where there is none. */
function methodAt(client: Resource, path: string): Method | undefined {
  const parts = path.split('.');
  let holder: Resource | undefined = client;
  for (const part of parts.slice(0, -1)) {
    const next: Method | Resource | undefined = holder?.[part];
    holder = typeof next === 'object' ? next : undefined;
  }
  const method = holder?.[parts.at(-1)!];
  return typeof method === 'function' ? method.bind(holder) : undefined;
}

/** The client's own methods and resources, beside what every Session has. */
function ownMembers(client: Session): { methods: string[]; resources: string[] } {
  const methods = Object.getOwnPropertyNames(Object.getPrototypeOf(client) as object).filter((name) => name !== 'constructor');
  const resources = Object.entries(client).filter(([, value]) => value instanceof ResourceBase).map(([name]) => name);
  return { methods, resources };
}

const SURFACES: Readonly<Record<Extract<RealApi, 'github' | 'stripe' | 'slack'>, readonly string[]>> = {
  github: ['repos.getContent', 'issues.create', 'pulls.list', 'repos.listForOrg', 'actions.listWorkflowRuns', 'git.getTree', 'users.getAuthenticated', 'meta.root'],
  stripe: ['customers.list', 'customers.create', 'customers.retrieve', 'customers.update', 'customers.del', 'customers.search', 'customers.sources.list', 'customers.sources.verify', 'accounts.people.update', 'balance.retrieve', 'accountLinks.create', 'checkout.sessions.create'],
  slack: ['chat.postMessage', 'conversations.list', 'admin.apps.approve', 'files.upload', 'api.test'],
};

describe('operations sit on resources named as the API\'s own SDKs name them', () => {
  it.each(Object.entries(SURFACES))('%s', async (api, paths) => {
    const real = await realClient(api as RealApi);
    const { make } = clientClass(real);
    const client = make({ baseLocation: 'http://127.0.0.1:9' });
    try {
      expect(paths.filter((path) => methodAt(client, path) === undefined), 'missing from the generated client').toEqual([]);
      const own = ownMembers(client);
      // `client.` completes to resources and the Session's members, not to the operations.
      expect(own.methods).toEqual([]);
      expect(own.resources.length).toBeGreaterThan(0);
      expect(own.resources.every((name) => /^[a-z][A-Za-z0-9]*$/.test(name))).toBe(true);
    } finally {
      await client.close();
    }
  });
});

describe('a call through a resource is the same request', () => {
  it('GitHub: repos.getContent keeps the slashes of its path, issues.create posts the JSON', async () => {
    server = await startServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end('{}');
    });
    const real = await realClient('github');
    const client = clientClass(real).make({ baseLocation: server.origin });
    try {
      await methodAt(client, 'repos.getContent')!({ owner: 'octo', repo: 'hello world', path: 'docs/a b.md', query: { ref: 'main' } });
      await methodAt(client, 'issues.create')!({ owner: 'octo', repo: 'r', body: { title: 'Bug' } });
      expect(server.received.map((request) => `${request.method} ${request.url} ${request.body}`)).toEqual([
        'GET /repos/octo/hello%20world/contents/docs/a%20b.md?ref=main ',
        'POST /repos/octo/r/issues {"title":"Bug"}',
      ]);
    } finally {
      await client.close();
    }
  });

  it('Stripe: customers.list/create/retrieve/update/del and a nested resource go to stripe-node\'s routes', async () => {
    server = await startServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end('{"object":"list","data":[],"has_more":false}');
    });
    const real = await realClient('stripe');
    const client = clientClass(real).make({ baseLocation: server.origin, bearerAuth: 'sk_test_1', retry: 0 });
    try {
      await methodAt(client, 'customers.list')!({ query: { limit: 2 } });
      await methodAt(client, 'customers.create')!({ body: { email: 'a@example.com' } });
      await methodAt(client, 'customers.retrieve')!({ customer: 'cus_1' });
      await methodAt(client, 'customers.update')!({ customer: 'cus_1', body: { name: 'Ann' } });
      await methodAt(client, 'customers.del')!({ customer: 'cus_1' });
      await methodAt(client, 'customers.sources.list')!({ customer: 'cus_1' });
      expect(server.received.map((request) => `${request.method} ${request.url} ${request.body}`)).toEqual([
        'GET /v1/customers?limit=2 ',
        'POST /v1/customers email=a%40example.com',
        'GET /v1/customers/cus_1 ',
        'POST /v1/customers/cus_1 name=Ann',
        'DELETE /v1/customers/cus_1 ',
        'GET /v1/customers/cus_1/sources ',
      ]);
      expect(server.received.every((request) => request.headers.authorization === 'Bearer sk_test_1')).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('Slack: chat.postMessage posts the form to /api/chat.postMessage', async () => {
    server = await startServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end('{"ok":true}');
    });
    const real = await realClient('slack');
    const client = clientClass(real).make({ baseLocation: server.origin, slackAuth: 'xoxb-1' });
    try {
      await methodAt(client, 'chat.postMessage')!({ body: { channel: 'C1', text: 'hi' } });
      expect(server.received.map((request) => `${request.method} ${request.url} ${request.headers['content-type']} ${request.body}`)).toEqual([
        // The runtime's form type, as fetch sends a URLSearchParams body.
        'POST /api/chat.postMessage application/x-www-form-urlencoded;charset=UTF-8 channel=C1&text=hi',
      ]);
    } finally {
      await client.close();
    }
  });
});

describe('the calls type-check as a user writes them', () => {
  it('GitHub, Octokit\'s way', async () => {
    const real = await realClient('github');
    const { name } = clientClass(real);
    const code = `import { ${name}, type ReposGetContentArgs, type ReposGetContentError } from './client.js';
const github = new ${name}({ baseLocation: 'https://api.github.com' });
const content = await github.repos.getContent({ owner: 'octo', repo: 'r', path: 'README.md' });
const args: ReposGetContentArgs = { owner: 'octo', repo: 'r', path: 'README.md' };
const result = await github.repos.getContent(args).result();
if (!result.ok) { const error: ReposGetContentError = result.error; void error; }
await github.issues.create({ owner: 'octo', repo: 'r', body: { title: 'Bug' } });
for await (const pull of github.pulls.list({ owner: 'octo', repo: 'r' })) void pull.number;
void content;
// @ts-expect-error: the operations are on their resources, not on the class.
await github.reposGetContent({ owner: 'octo', repo: 'r', path: 'README.md' });
`;
    expect(typeCheckUsage(real, 'surface-github', code).stdout).toBe('');
  });

  it('Stripe, stripe-node\'s way, and its types by TypeScript\'s conventions', async () => {
    const real = await realClient('stripe');
    const { name } = clientClass(real);
    const code = `import { ${name}, type Customer, type DeletedCustomer, type AccountLink } from './client.js';
const stripe = new ${name}({ bearerAuth: 'sk_test_1' });
const created: Customer = await stripe.customers.create({ body: { email: 'a@example.com' } });
const deleted: DeletedCustomer = await stripe.customers.del({ customer: created.id });
const link: AccountLink = await stripe.accountLinks.create({ body: { account: 'acct_1', type: 'account_onboarding' } });
await stripe.customers.sources.list({ customer: 'cus_1' });
void deleted; void link;
// @ts-expect-error: the old names are gone.
await stripe.PostCustomers({ body: {} });
`;
    expect(typeCheckUsage(real, 'surface-stripe', code).stdout).toBe('');
  });
});
