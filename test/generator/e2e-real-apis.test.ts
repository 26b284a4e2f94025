/**
 * The Stripe-, GitHub- and Slack-like fixtures, generated and called through the real runtime
 * against a loopback server: what the server received, byte for byte (form and multipart
 * bodies, header and cookie parameters, query styles, API keys, per-path hosts), and what each
 * typed method resolved to (bytes, text, streams, typed errors).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import qs from 'qs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTTPError, NotFoundError, ParseError } from 'sessiongen/runtime';
import { generate } from '../../generator/generate.js';
import { python } from '../helpers/python.js';
import { startServer, type ReceivedRequest, type TestServer } from '../helpers/server.js';
import { FIXTURES, scratch } from './helpers.js';

type StripeModule = typeof import('../../fixtures/expected/stripe.js');
type GitHubModule = typeof import('../../fixtures/expected/github.js');
type SlackModule = typeof import('../../fixtures/expected/slack.js');

const ASSET = Buffer.from([0, 1, 2, 250, 255, 13, 10, 0x50, 0x4b]);
const { version } = (await import('../../package.json', { with: { type: 'json' } })).default as { version: string };

let server: TestServer;
const failedKeys = new Set<string>();
let stripe: StripeModule;
let github: GitHubModule;
let slack: SlackModule;

function json(response: import('node:http').ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  response.writeHead(status, { 'content-type': type }).end(JSON.stringify(body));
}

beforeAll(async () => {
  server = await startServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    const path = url.pathname;
    if (path === '/v1/customers' && request.method === 'GET') {
      const after = url.searchParams.get('starting_after');
      const pages: Record<string, string[]> = { '': ['cus_a', 'cus_b'], cus_b: ['cus_c', 'cus_d'], cus_d: ['cus_e'] };
      const ids = pages[after ?? ''] ?? [];
      return json(response, 200, { object: 'list', url: '/v1/customers', has_more: after !== 'cus_d', data: ids.map((id) => ({ id, object: 'customer', email: null, balance: 0, created: 1, metadata: {} })) });
    }
    if (path === '/v1/events/stream') {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(': comment\r\nevent: customer.created\r\nid: evt_1\r\ndata: {"id":"evt_1","type":"customer.created",\r\ndata: "created":1,"data":{"object":{}}}\r\n\r\n');
      setTimeout(() => response.end('id: evt_2\ndata: {"id":"evt_2","type":"ping","created":2,"data":{"object":{}}}\n\n'), 5);
      return;
    }
    if (path === '/v1/customers/export') {
      response.writeHead(200, { 'content-type': 'application/x-ndjson' });
      response.end('{"id":"cus_1","object":"customer","email":null,"balance":0,"created":1,"metadata":{}}\n\n{"id":"cus_2","object":"customer","email":"x@y","balance":5,"created":2,"metadata":{}}\n');
      return;
    }
    if (path === '/repos/o/r/issues') {
      const page = Number(url.searchParams.get('page') ?? '1');
      const issue = (number: number): object => ({ number, title: `#${number}`, state: 'open', labels: [], user: null, created_at: 'x', updated_at: 'y' });
      if (page < 3) response.setHeader('link', `<${server.origin}/repos/o/r/issues?state=open&page=${page + 1}>; rel="next", <${server.origin}/repos/o/r/issues?page=3>; rel="last"`);
      return json(response, 200, [issue(page * 2 - 1), issue(page * 2)]);
    }
    if (path === '/api/conversations.list' && url.searchParams.get('limit') === '1') {
      const cursor = url.searchParams.get('cursor') ?? '';
      const next: Record<string, string> = { '': 'c2', c2: 'c3', c3: '' };
      return json(response, 200, { ok: true, channels: [{ id: cursor || 'c1', name: `n-${cursor}`, is_private: false }], response_metadata: { next_cursor: next[cursor] ?? '' } });
    }
    if (path === '/v1/customers/cus_404') return json(response, 404, { error: { type: 'invalid_request_error', message: 'No such customer' } });
    if (path === '/v1/customers/cus_html') {
      response.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>');
      return;
    }
    if (path.startsWith('/v1/customers') && request.method === 'DELETE') return json(response, 200, { id: 'cus_1', object: 'customer', deleted: true });
    if (path.startsWith('/v1/customers')) return json(response, 200, { id: 'cus_1', object: 'customer', email: 'a@b.c', balance: 0, created: 1, metadata: {} });
    if (path === '/v1/payment_intents' && request.headers['x-fail-once'] !== undefined && !failedKeys.has(String(request.headers['idempotency-key']))) {
      failedKeys.add(String(request.headers['idempotency-key']));
      return json(response, 503, { error: { type: 'api_error', message: 'try again' } });
    }
    if (path === '/v1/payment_intents') return json(response, 200, { id: 'pi_1', object: 'payment_intent', amount: 100, currency: 'eur', status: 'succeeded', customer: null, metadata: {} });
    if (path.endsWith('/releases/assets/7') && request.headers.accept === 'application/octet-stream') {
      response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(ASSET);
      return;
    }
    if (path.endsWith('/releases/assets/7')) return json(response, 200, { id: 7, name: 'a.zip', content_type: 'application/zip', size: ASSET.length, browser_download_url: 'x', uploader: null });
    if (path.endsWith('/releases/3/assets')) return json(response, 201, { id: 8, name: url.searchParams.get('name'), content_type: 'application/octet-stream', size: 9, browser_download_url: 'x', uploader: null });
    if (path === '/repos/o/r/readme') {
      response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('# Read me\n');
      return;
    }
    if (path === '/markdown/raw') {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<h1>Hi</h1>');
      return;
    }
    if (path.startsWith('/repos/o/r/zipball/')) {
      response.writeHead(200, { 'content-type': 'application/zip' });
      response.write(ASSET.subarray(0, 4));
      setTimeout(() => response.end(ASSET.subarray(4)), 5);
      return;
    }
    if (path === '/user/starred/o/r' || (path === '/repos/o/r' && request.method === 'DELETE')) {
      response.writeHead(204).end();
      return;
    }
    if (path === '/repos/o/gone') return json(response, 404, { message: 'Not Found', documentation_url: 'https://docs' });
    if (path.startsWith('/repos/')) return json(response, 200, []);
    if (path === '/api/chat.postMessage') return json(response, 200, { ok: true, channel: 'C1', ts: '1.2', message: { type: 'message', ts: '1.2', text: 'hi' } });
    if (path === '/api/conversations.list') return json(response, 200, { ok: true, channels: [] });
    if (path === '/api/files.upload') return json(response, 200, { ok: true, file: { id: 'F1', name: 'a.bin' } });
    if (path === '/api/api.test') return json(response, 200, { ok: false, error: 'invalid_auth' });
    json(response, 404, { message: 'no route' });
  });
  const dir = scratch('real-apis');
  const result = await generate({ specs: ['stripe', 'github', 'slack'].map((name) => join(FIXTURES, `${name}.yaml`)), outDir: dir });
  expect(result.diagnostics).toEqual([]);
  const load = async <T>(name: string): Promise<T> => (await import(pathToFileURL(join(dir, `${name}.ts`)).href)) as T;
  stripe = await load('stripe');
  github = await load('github');
  slack = await load('slack');
});

afterAll(() => server.close());

function last(): ReceivedRequest {
  return server.received.at(-1)!;
}

describe('Stripe-like: form bodies, header parameters, deepObject and typed errors', () => {
  it('sends a nested form body exactly as qs encodes it and Python reads it, with the idempotency key and the secret', async () => {
    await using api = new stripe.Stripe({ baseLocation: server.origin, token: 'sk_test_1' });
    const body = { email: 'a@b.c', name: 'Ada L', metadata: { order: '1', 'note key': 'x&y=z' }, address: { line1: '1 Main St', country: 'DE' } };
    const customer = await api.customers.create({ idempotencyKey: 'key-1', body });
    expect(customer.id).toBe('cus_1');
    const received = last();
    expect(received.method).toBe('POST');
    expect(received.url).toBe('/v1/customers');
    expect(received.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8');
    expect(received.body).toBe(qs.stringify(body, { format: 'RFC1738' }));
    expect(await python<string[][]>('import sys, json, urllib.parse; print(json.dumps(urllib.parse.parse_qsl(sys.stdin.read(), strict_parsing=True)))', received.body)).toEqual([
      ['email', 'a@b.c'], ['name', 'Ada L'], ['metadata[order]', '1'], ['metadata[note key]', 'x&y=z'], ['address[line1]', '1 Main St'], ['address[country]', 'DE'],
    ]);
    expect(received.headers['idempotency-key']).toBe('key-1');
    expect(received.headers.authorization).toBe('Bearer sk_test_1');
    expect(received.headers['stripe-version']).toBe('2024-06-20');
    expect(received.headers['user-agent']).toBe(`sessiongen/${version}`);
  });

  it('leaves an optional header parameter out when it is not given, rather than sending it empty', async () => {
    await using api = new stripe.Stripe({ baseLocation: server.origin, token: 't', headers: { 'Idempotency-Key': 'from-session' } });
    await api.paymentIntents.create({ body: { amount: 100, currency: 'eur', payment_method_types: ['card', 'sepa_debit'], expand: ['customer'] } });
    expect(last().headers['idempotency-key']).toBe('from-session');
    expect(last().body).toBe('amount=100&currency=eur&payment_method_types%5B%5D=card&payment_method_types%5B%5D=sepa_debit&expand%5B%5D=customer');
  });

  it('retries a POST answered 503 with the same generated Idempotency-Key (idempotency_key: true in the spec)', async () => {
    await using api = new stripe.Stripe({ baseLocation: server.origin, token: 't', retry: { limit: 2, statuses: [503], backoff: 1 } });
    const before = server.received.length;
    const intent = await api.paymentIntents.create({ body: { amount: 1, currency: 'eur' }, headers: { 'X-Fail-Once': '1' } });
    expect(intent.id).toBe('pi_1');
    const keys = server.received.slice(before).map((request) => request.headers['idempotency-key']);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    await api.paymentIntents.create({ body: { amount: 2, currency: 'eur' } });
    expect(last().headers['idempotency-key']).not.toBe(keys[0]);
  });

  it('writes deepObject and bracketed keys into the query', async () => {
    await using api = new stripe.Stripe({ baseLocation: server.origin, token: 't' });
    await api.customers.list({ query: { limit: 3, created: { gte: 10, lt: 20 }, expand: ['data.default_source', 'data.tax'] } });
    const query = new URL(last().url, 'http://x').searchParams;
    expect([...query]).toEqual([['limit', '3'], ['created[gte]', '10'], ['created[lt]', '20'], ['expand[]', 'data.default_source'], ['expand[]', 'data.tax']]);
  });

  it('gives a documented error typed by result(), and throws it as the status class', async () => {
    await using api = new stripe.Stripe({ baseLocation: server.origin, token: 't' });
    const result = await api.customers.retrieve({ customer: 'cus_404' }).result();
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.status).toBe(404);
    expect(result.error.body.error.message).toBe('No such customer');
    await expect(api.customers.retrieve({ customer: 'cus_404' })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('never fails with ParseError on an error body in another content type', async () => {
    await using api = new stripe.Stripe({ baseLocation: server.origin, token: 't' });
    const error = await api.customers.retrieve({ customer: 'cus_html' }).then(() => undefined, (reason: unknown) => reason);
    expect(error).toBeInstanceOf(HTTPError);
    expect(error).not.toBeInstanceOf(ParseError);
    expect((error as HTTPError).body).toBe('<h1>Bad gateway</h1>');
  });

  it('deletes, with the literal types of the answer', async () => {
    await using api = new stripe.Stripe({ baseLocation: server.origin, token: 't' });
    expect(await api.customers.del({ customer: 'cus 1/2' })).toEqual({ id: 'cus_1', object: 'customer', deleted: true });
    expect(last().url).toBe('/v1/customers/cus%201%2F2');
  });
});

describe('GitHub-like: wire names, comma lists, two representations of a route, bytes, text, streams, uploads', () => {
  it('sends the session headers, {path} encoded as one segment, and comma-joined labels', async () => {
    await using api = new github.GitHub({ baseLocation: server.origin });
    await api.repos.getContent({ owner: 'o', repo: 'r', path: 'docs/READ ME.md', query: { ref: 'main' } });
    expect(last().url).toBe('/repos/o/r/contents/docs%2FREAD%20ME.md?ref=main');
    expect(last().headers['x-github-api-version']).toBe('2022-11-28');
    expect(last().headers.accept).toBe('application/vnd.github+json');
    await api.issues.listForRepo({ owner: 'o', repo: 'r', query: { state: 'open', labels: ['bug', 'good first issue', 'a,b'], per_page: 50 } });
    expect(last().url).toBe('/repos/o/r/issues?state=open&labels=bug,good%20first%20issue,a%2Cb&per_page=50');
  });

  it('reads one route as JSON metadata or as the raw bytes, by Accept', async () => {
    await using api = new github.GitHub({ baseLocation: server.origin });
    const asset = await api.repos.getReleaseAsset({ owner: 'o', repo: 'r', assetId: 7 });
    expect(asset.size).toBe(ASSET.length);
    expect(last().headers.accept).toBe('application/vnd.github+json');
    const bytes = await api.repos.downloadReleaseAsset({ owner: 'o', repo: 'r', assetId: 7 });
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(bytes).equals(ASSET)).toBe(true);
    expect(last().headers.accept).toBe('application/octet-stream');
  });

  it('uploads raw bytes to the path\'s own host, as the user maps it, byte for byte', async () => {
    await using api = new github.GitHub({ baseLocation: 'https://api.github.invalid', servers: { 'https://uploads.github.com': server.origin } });
    const uploaded = await api.repos.uploadReleaseAsset({ owner: 'o', repo: 'r', release_id: 3, query: { name: 'a b.bin' }, body: ASSET });
    expect(uploaded.name).toBe('a b.bin');
    expect(last().url).toBe('/repos/o/r/releases/3/assets?name=a%20b.bin');
    expect(last().headers['content-type']).toBe('application/octet-stream');
    expect(last().raw.equals(ASSET)).toBe(true);
  });

  it('sends a text body as it is, not JSON-quoted, and reads text results', async () => {
    await using api = new github.GitHub({ baseLocation: server.origin });
    expect(await api.markdown.renderRaw({ body: '# Hi "there"' })).toBe('<h1>Hi</h1>');
    expect(last().body).toBe('# Hi "there"');
    expect(last().headers['content-type']).toBe('text/plain;charset=UTF-8');
    expect(await api.repos.getReadme({ owner: 'o', repo: 'r' })).toBe('# Read me\n');
    expect(last().headers.accept).toBe('application/vnd.github.raw+json');
  });

  it('hands a stream over unread, and it carries the whole body', async () => {
    await using api = new github.GitHub({ baseLocation: server.origin });
    const stream = await api.repos.downloadZipballArchive({ owner: 'o', repo: 'r', ref: 'main' });
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(ASSET)).toBe(true);
  });

  it('a method with no result resolves to nothing, and withResponse() still gives the response', async () => {
    await using api = new github.GitHub({ baseLocation: server.origin });
    expect(await api.activity.starRepoForAuthenticatedUser({ owner: 'o', repo: 'r' })).toBeUndefined();
    const { response } = await api.delete_({ owner: 'o', repo: 'r' }).withResponse();
    expect(response.status).toBe(204);
    expect(last().method).toBe('DELETE');
    const result = await api.repos.get({ owner: 'o', repo: 'gone' }).result();
    expect(result.ok ? undefined : [result.error.status, result.error.body.message]).toEqual([404, 'Not Found']);
  });
});

describe('pages and streams through the generated methods', () => {
  it('Stripe: iterates every customer across pages by the last item\'s id and has_more, one request a page', async () => {
    await using api = new stripe.Stripe({ baseLocation: server.origin, token: 't' });
    const before = server.received.length;
    const ids: string[] = [];
    for await (const customer of api.customers.list({ query: { limit: 2 } })) ids.push(customer.id);
    expect(ids).toEqual(['cus_a', 'cus_b', 'cus_c', 'cus_d', 'cus_e']);
    expect(server.received.slice(before).map((request) => request.url)).toEqual([
      '/v1/customers?limit=2',
      '/v1/customers?limit=2&starting_after=cus_b',
      '/v1/customers?limit=2&starting_after=cus_d',
    ]);
  });

  it('Stripe: awaiting the call gives the first page only', async () => {
    await using api = new stripe.Stripe({ baseLocation: server.origin, token: 't' });
    const page = await api.customers.list();
    expect(page.data.map((customer) => customer.id)).toEqual(['cus_a', 'cus_b']);
    expect(page.has_more).toBe(true);
  });

  it('GitHub: follows the Link header, and a break sends no further request', async () => {
    await using api = new github.GitHub({ baseLocation: server.origin });
    const numbers: number[] = [];
    for await (const issue of api.issues.listForRepo({ owner: 'o', repo: 'r', query: { state: 'open' } })) numbers.push(issue.number);
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6]);
    const before = server.received.length;
    for await (const issue of api.issues.listForRepo({ owner: 'o', repo: 'r' })) if (issue.number === 2) break;
    expect(server.received.length - before).toBe(1);
  });

  it('Slack: pages by the cursor in the body until it is empty, with page limits', async () => {
    await using api = new slack.Slack({ baseLocation: server.origin, apiKey: 'k' });
    const all: string[] = [];
    for await (const channel of api.conversations.list({ query: { limit: 1 } })) all.push(channel.id);
    expect(all).toEqual(['c1', 'c2', 'c3']);
    const pages: number[] = [];
    for await (const page of api.conversations.list({ query: { limit: 1 } }).pages({ limit: 2 })) pages.push(page.items.length);
    expect(pages).toEqual([1, 1]);
  });

  it('Stripe: server-sent events arrive typed, multi-line data joined, and JSON lines one by one', async () => {
    await using api = new stripe.Stripe({ baseLocation: server.origin, token: 't' });
    const events: [string, string | undefined, string][] = [];
    for await (const event of await api.events.list()) events.push([event.event, event.id, event.data.type]);
    expect(events).toEqual([['customer.created', 'evt_1', 'customer.created'], ['message', 'evt_2', 'ping']]);
    const lines: (string | null)[] = [];
    for await (const customer of await api.customers.export()) lines.push(customer.email);
    expect(lines).toEqual([null, 'x@y']);
  });
});

describe('Slack-like: an API key, dotted names, multipart uploads, cookies', () => {
  it('sends the key in its header and the spec\'s params on every call', async () => {
    await using api = new slack.Slack({ baseLocation: server.origin, apiKey: 'xoxb-1' });
    const posted = await api.chat.postMessage({ body: { channel: 'C1', text: 'hi & bye', unfurl_links: false, metadata: { event_type: 'e', event_payload: { id: 1 } } } });
    expect(posted.ok).toBe(true);
    expect(last().url).toBe('/api/chat.postMessage?pretty=1');
    expect(last().headers['x-slack-token']).toBe('xoxb-1');
    expect(last().body).toBe('channel=C1&text=hi+%26+bye&unfurl_links=false&metadata%5Bevent_type%5D=e&metadata%5Bevent_payload%5D%5Bid%5D=1');
  });

  it('writes comma lists, a wire name that is not an identifier, and a cookie parameter', async () => {
    await using api = new slack.Slack({ baseLocation: server.origin, apiKey: 'k' });
    await api.conversations.list({ d: 'cookie-value', query: { types: ['public_channel', 'im'], excludeArchived: true, limit: 2 } });
    expect(last().url).toBe('/api/conversations.list?pretty=1&limit=2&types=public_channel,im&exclude-archived=true');
    expect(last().headers.cookie).toBe('d=cookie-value');
  });

  it('uploads a multipart body with a file part to the path\'s own host, as the user maps it; Python\'s email parser reads it back', async () => {
    await using api = new slack.Slack({ baseLocation: 'https://slack.invalid', apiKey: 'k', servers: { 'https://files.slack.com': server.origin } });
    await api.files.upload({ body: { channels: 'C1', title: 'Tést "quoted"', file: new File([ASSET], 'a.bin', { type: 'application/zip' }) } });
    const received = last();
    expect(received.url).toBe('/api/files.upload?pretty=1');
    const parts = await python<[string | null, string | null, string, string][]>(
      [
        'import sys, json, email, email.policy',
        'data = sys.stdin.buffer.read()',
        `message = email.message_from_bytes(b"Content-Type: " + ${JSON.stringify(received.headers['content-type'])}.encode() + b"\\r\\n\\r\\n" + data, policy=email.policy.HTTP)`,
        'print(json.dumps([[p.get_param("name", header="content-disposition"), p.get_filename(), p.get_content_type(), p.get_payload(decode=True).hex()] for p in message.iter_parts()]))',
      ].join('\n'),
      received.raw,
    );
    expect(parts).toEqual([
      ['channels', null, 'text/plain', Buffer.from('C1').toString('hex')],
      ['title', null, 'text/plain', Buffer.from('Tést "quoted"').toString('hex')],
      ['file', 'a.bin', 'application/zip', ASSET.toString('hex')],
    ]);
  });

  it('sends a required header parameter and types the documented error', async () => {
    await using api = new slack.Slack({ baseLocation: server.origin, apiKey: 'k' });
    const answer = await api.api.test({ xRequestId: 'req-1' });
    expect(answer.ok).toBe(false);
    expect(last().headers['x-request-id']).toBe('req-1');
  });
});
