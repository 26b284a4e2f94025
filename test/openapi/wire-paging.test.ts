/**
 * Pagination detected from the unmodified real documents, on the wire: `for await` over Stripe's
 * customers (`starting_after` = the last item's id, while `has_more`), Slack's conversations
 * (`response_metadata.next_cursor`, ended by ""), Twilio's calls (`next_page_uri`, ended by
 * null) and GitHub's Link header, each against a loopback server that pages as the real API does.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PagedCall } from '../../runtime/index.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { realClient, typeCheckUsage } from './real-clients.js';

type Json = Record<string, unknown>;

/** Generating a real document (GitHub's has 1,223 operations) takes a while on a loaded machine: done once per file, inside the first test that needs it. */
const GENERATES = 180_000;
/** A generated client as these tests drive it: constructed with options, one paged method of one resource called. */
type Client<Item> = Record<string, Record<string, (args?: Json) => PagedCall<unknown, Item>>>;
type ClientClass<Item> = new (options: Json) => Client<Item>;

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function json(response: import('node:http').ServerResponse, body: unknown): void {
  response.setHeader('content-type', 'application/json');
  response.end(JSON.stringify(body));
}

async function clientClass<Item>(api: Parameters<typeof realClient>[0], name: string): Promise<ClientClass<Item>> {
  const real = await realClient(api);
  return real.module[name] as ClientClass<Item>;
}

/** What the server received, as `METHOD url` plus the body's bytes (empty for every page request). */
function requests(): string[] {
  return server!.received.map((request) => `${request.method} ${request.url} [${request.raw.length} bytes]`);
}

describe('Stripe: has_more + starting_after from the last item', () => {
  const customers = ['cus_1', 'cus_2', 'cus_3', 'cus_4', 'cus_5'].map((id) => ({ id, object: 'customer', email: `${id}@example.com` }));

  it('walks every page of GET /v1/customers and stops when has_more is false', async () => {
    server = await startServer((request, response) => {
      const url = new URL(request.url!, 'http://x');
      const limit = Number(url.searchParams.get('limit') ?? 10);
      const after = url.searchParams.get('starting_after');
      const start = after === null ? 0 : customers.findIndex((customer) => customer.id === after) + 1;
      const data = customers.slice(start, start + limit);
      json(response, { object: 'list', data, has_more: start + limit < customers.length, url: '/v1/customers' });
    });
    const StripeAPI = await clientClass<{ id: string }>('stripe', 'StripeAPI');
    const stripe = new StripeAPI({ baseLocation: server.origin, basicAuth: { username: 'sk_test_123', password: '' } });
    const seen: string[] = [];
    for await (const customer of stripe['customers']!['list']!({ query: { limit: 2 } })) seen.push(customer.id);
    expect(seen).toEqual(['cus_1', 'cus_2', 'cus_3', 'cus_4', 'cus_5']);
    expect(requests()).toEqual([
      'GET /v1/customers?limit=2 [0 bytes]',
      'GET /v1/customers?limit=2&starting_after=cus_2 [0 bytes]',
      'GET /v1/customers?limit=2&starting_after=cus_4 [0 bytes]',
    ]);
  }, GENERATES);

  it('type-checks the loop as a user writes it, with the item typed as Stripe\'s customer', async () => {
    const real = await realClient('stripe');
    const code = `import { StripeAPI, type Customer } from './client.js';
const stripe = new StripeAPI({ basicAuth: { username: 'sk_test_123', password: '' } });
const emails: (string | null | undefined)[] = [];
for await (const customer of stripe.customers.list({ query: { limit: 2 } })) {
  const same: Customer = customer;
  const id: string = customer.id;
  emails.push(same.email, id);
}
for await (const page of stripe.customers.list({ query: { limit: 100 } }).pages({ limit: 3 })) {
  const more: boolean = page.data.has_more;
  const first: Customer | undefined = page.items[0];
  console.log(more, first?.id);
}
`;
    expect(typeCheckUsage(real, 'paging-stripe', code).stdout).toBe('');
    // The item is the customer, not unknown: a wrong use of it fails to compile.
    const wrong = typeCheckUsage(real, 'paging-stripe-wrong', `import { StripeAPI } from './client.js';
const stripe = new StripeAPI({ basicAuth: { username: 'sk_test_123', password: '' } });
for await (const customer of stripe.customers.list()) {
  const id: number = customer.id;
  console.log(id);
}
`);
    expect(wrong.stdout).toContain("error TS2322: Type 'string' is not assignable to type 'number'.");
  }, GENERATES);
});

describe('Slack: response_metadata.next_cursor, ended by an empty cursor', () => {
  const pages: Record<string, { ids: string[]; next: string }> = {
    '': { ids: ['C1', 'C2'], next: 'dGVhbTpDMDI=' },
    'dGVhbTpDMDI=': { ids: ['C3', 'C4'], next: 'dGVhbTpDMDQ=' },
    'dGVhbTpDMDQ=': { ids: ['C5'], next: '' },
  };

  it('walks conversations.list page by page and sends nothing after next_cursor ""', async () => {
    server = await startServer((request, response) => {
      const page = pages[new URL(request.url!, 'http://x').searchParams.get('cursor') ?? ''];
      if (page === undefined) return json(response, { ok: false, error: 'invalid_cursor' });
      json(response, { ok: true, channels: page.ids.map((id) => ({ id, name: id.toLowerCase(), created: 1449252889, creator: 'U012A3CDE' })), response_metadata: { next_cursor: page.next } });
    });
    const SlackWebAPI = await clientClass<{ id: string }>('slack', 'SlackWebAPI');
    const slack = new SlackWebAPI({ baseLocation: server.origin, slackAuth: 'xoxb-1' });
    const seen: string[] = [];
    for await (const channel of slack['conversations']!['list']!({ query: { limit: 2 } })) seen.push(channel.id);
    expect(seen).toEqual(['C1', 'C2', 'C3', 'C4', 'C5']);
    expect(requests()).toEqual([
      'GET /api/conversations.list?limit=2 [0 bytes]',
      'GET /api/conversations.list?limit=2&cursor=dGVhbTpDMDI%3D [0 bytes]',
      'GET /api/conversations.list?limit=2&cursor=dGVhbTpDMDQ%3D [0 bytes]',
    ]);
  }, GENERATES);

  it('type-checks the loop as a user writes it, with the item typed as Slack\'s conversation', async () => {
    const real = await realClient('slack');
    // Slack's document gives \`objs_conversation\` an \`items\` and no \`type\`, so the type it names is a
    // list; the item is that type, exactly as the document has it, not unknown.
    const code = `import { SlackWebAPI, type ObjsConversation } from './client.js';
const slack = new SlackWebAPI({ slackAuth: 'xoxb-1' });
const channels: ObjsConversation[] = [];
for await (const channel of slack.conversations.list({ query: { limit: 200, exclude_archived: true } })) {
  channels.push(channel);
}
`;
    expect(typeCheckUsage(real, 'paging-slack', code).stdout).toBe('');
    const wrong = typeCheckUsage(real, 'paging-slack-wrong', `import { SlackWebAPI } from './client.js';
const slack = new SlackWebAPI({ slackAuth: 'xoxb-1' });
for await (const channel of slack.conversations.list()) {
  const text: string = channel;
  console.log(text);
}
`);
    expect(wrong.stdout).toContain("error TS2322: Type 'ObjsConversation' is not assignable to type 'string'.");
  }, GENERATES);
});

describe('Twilio: next_page_uri in the body, ended by null', () => {
  it('follows next_page_uri (relative to the response) and stops at null', async () => {
    const base = '/2010-04-01/Accounts/AC123/Calls.json';
    server = await startServer((request, response) => {
      const url = new URL(request.url!, 'http://x');
      const token = url.searchParams.get('PageToken');
      const page = token === null ? 0 : Number(token.slice(2));
      const next = page < 2 ? `${base}?PageSize=2&Page=${page + 1}&PageToken=PA${page + 1}` : null;
      json(response, { calls: [{ sid: `CA${page}a` }, { sid: `CA${page}b` }], next_page_uri: next, page, page_size: 2, uri: request.url });
    });
    const Twilio = await clientClass<{ sid: string }>('twilio', 'Twilio');
    const twilio = new Twilio({ baseLocation: server.origin, accountSid_authToken: { username: 'AC123', password: 'secret' } });
    const seen: string[] = [];
    for await (const call of twilio['api20100401Call']!['listCall']!({ AccountSid: 'AC123', query: { PageSize: 2 } })) seen.push(call.sid);
    expect(seen).toEqual(['CA0a', 'CA0b', 'CA1a', 'CA1b', 'CA2a', 'CA2b']);
    expect(requests()).toEqual([
      `GET ${base}?PageSize=2 [0 bytes]`,
      `GET ${base}?PageSize=2&Page=1&PageToken=PA1 [0 bytes]`,
      `GET ${base}?PageSize=2&Page=2&PageToken=PA2 [0 bytes]`,
    ]);
  }, GENERATES);
});

describe('Twilio: the loop as a user writes it', () => {
  it('type-checks, with the item typed as Twilio\'s call', async () => {
    const real = await realClient('twilio');
    const code = `import { Twilio, type ApiV2010AccountCall } from './client.js';
const twilio = new Twilio({ accountSid_authToken: { username: 'AC123', password: 'secret' } });
for await (const call of twilio.api20100401Call.listCall({ AccountSid: 'AC123', query: { PageSize: 50 } })) {
  const same: ApiV2010AccountCall = call;
  console.log(same.sid);
}
`;
    expect(typeCheckUsage(real, 'paging-twilio', code).stdout).toBe('');
  }, GENERATES);
});

describe('GitHub: the Link header, as before', () => {
  it('follows rel="next" for GET /orgs/{org}/repos', async () => {
    server = await startServer((request, response) => {
      const page = Number(new URL(request.url!, 'http://x').searchParams.get('page') ?? 1);
      if (page < 2) response.setHeader('link', `<${server!.origin}/orgs/octo/repos?per_page=1&page=${page + 1}>; rel="next"`);
      json(response, [{ id: page, name: `repo-${page}`, full_name: `octo/repo-${page}` }]);
    });
    const GitHub = await clientClass<{ name: string }>('github', 'GitHubOfficialOpenAPISpec');
    const github = new GitHub({ baseLocation: server.origin });
    const seen: string[] = [];
    for await (const repo of github['repos']!['listForOrg']!({ org: 'octo', query: { per_page: 1 } })) seen.push(repo.name);
    expect(seen).toEqual(['repo-1', 'repo-2']);
    expect(requests()).toEqual(['GET /orgs/octo/repos?per_page=1 [0 bytes]', 'GET /orgs/octo/repos?per_page=1&page=2 [0 bytes]']);
  }, GENERATES);
});
