/**
 * Request bodies as the unmodified real documents describe them, recorded byte for byte on a
 * loopback server: Stripe's multipart file upload with its `encoding` (deepObject parts, a file
 * part), Stripe's form bodies, Twilio's repeated `MediaUrl` (OpenAPI's default form style), and
 * the 3.1 petstore's `application/octet-stream` upload sent with the document's media type.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import qs from 'qs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../generator/generate.js';
import { ROOT, scratch } from '../generator/helpers.js';
import { python } from '../helpers/python.js';
import { startServer, type ReceivedRequest, type TestServer } from '../helpers/server.js';
import { realClient, typeCheckUsage, type GeneratedReal } from './real-clients.js';

type Call = (args: unknown) => PromiseLike<unknown>;
/** The client's resource objects by name, each with its methods by name. */
type Client = Record<string, Record<string, Call>> & AsyncDisposable;
type ClientClass = new (options: Record<string, unknown>) => Client;

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server.close();
});

/** The last request the server recorded. */
function last(): ReceivedRequest {
  return server.received.at(-1)!;
}


interface Part {
  /** The part's header lines as sent. */
  readonly headers: string;
  readonly body: Buffer;
}

/** The parts of a multipart body, split at its boundary exactly as RFC 2046 frames them. */
function splitParts(request: ReceivedRequest): Part[] {
  const boundary = /boundary=(.+)$/.exec(request.headers['content-type'] ?? '')![1]!;
  const raw = request.raw;
  const delimiter = Buffer.from(`--${boundary}`);
  expect(raw.subarray(raw.length - delimiter.length - 4).toString('latin1')).toBe(`--${boundary}--\r\n`);
  const parts: Part[] = [];
  let start = raw.indexOf(delimiter) + delimiter.length + 2;
  for (;;) {
    const end = raw.indexOf(Buffer.from(`\r\n--${boundary}`), start);
    if (end < 0) break;
    const part = raw.subarray(start, end);
    const split = part.indexOf('\r\n\r\n');
    parts.push({ headers: part.subarray(0, split).toString('utf8'), body: Buffer.from(part.subarray(split + 4)) });
    start = end + 2 + delimiter.length + 2;
    if (raw.subarray(end + 2 + delimiter.length, end + 4 + delimiter.length).toString() === '--') break;
  }
  return parts;
}

interface ParsedPart {
  name: string;
  filename: string | null;
  type: string;
  data: string;
}

/** Python's `email` package reading the same body: an independent multipart parser. */
function parseWithPython(request: ReceivedRequest): Promise<{ defects: number; parts: ParsedPart[] }> {
  const script = [
    'import sys, json, email, email.policy',
    'msg = email.message_from_bytes(sys.stdin.buffer.read(), policy=email.policy.HTTP)',
    "parts = [{'name': p.get_param('name', header='content-disposition'), 'filename': p.get_filename(), 'type': p.get_content_type(), 'data': p.get_payload(decode=True).decode('latin-1')} for p in msg.iter_parts()]",
    "print(json.dumps({'defects': len(msg.defects) + sum(len(p.defects) for p in msg.iter_parts()), 'parts': parts}))",
  ].join('\n');
  return python(script, Buffer.concat([Buffer.from(`Content-Type: ${request.headers['content-type']}\r\n\r\n`), request.raw]));
}

/** What `curl -F` sends for the same fields, recorded by the same server. */
function curlForm(url: string, fields: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('curl', ['-sS', '-o', '/dev/null', ...fields.flatMap((field) => ['-F', field]), url], (error) => (error ? reject(error) : resolve()));
  });
}

const PDF = Buffer.from('%PDF-1.4\n\x00\x01\xff binary\r\n--not-a-boundary\n', 'latin1');

describe('Stripe', () => {
  let stripe: GeneratedReal;
  let Stripe: ClientClass;

  beforeAll(async () => {
    stripe = await realClient('stripe');
    Stripe = stripe.module['StripeAPI'] as ClientClass;
  }, 120_000);

  it('type-checks file uploads and form bodies as a user writes them', () => {
    const run = typeCheckUsage(
      stripe,
      'bodies-usage',
      [
        "import { StripeAPI } from './client.js';",
        "const stripe = new StripeAPI({ basicAuth: { username: 'sk_test_123', password: '' } });",
        "const pdf = new File([new Uint8Array([37, 80, 68, 70])], 'receipt.pdf', { type: 'application/pdf' });",
        "await stripe.files.create({ body: { file: pdf, purpose: 'dispute_evidence', expand: ['links'], file_link_data: { create: true, metadata: { order: '6735' } } } });",
        "await stripe.files.create({ body: { file: new Blob(['a,b\\n']), purpose: 'dispute_evidence' } });",
        "await stripe.customers.create({ body: { email: 'a@example.com', metadata: { order: '6735' }, expand: ['tax_ids'], address: { city: 'Paris' } } });",
        '',
      ].join('\n'),
    );
    expect(run.stdout + run.stderr).toBe('');
  });

  it('POST /v1/files: a File part with its name and type, expand[] and file_link_data[...] text parts, as the encoding says', async () => {
    await using client = new Stripe({ basicAuth: { username: 'sk_test_123', password: '' }, baseLocation: server.origin });
    const file = new File([PDF], 'receipt.pdf', { type: 'application/pdf' });
    await client['files']!['create']!({
      body: { file, purpose: 'dispute_evidence', expand: ['links', 'links.data'], file_link_data: { create: true, expires_at: 1700000000, metadata: { order: '6735', note: 'a "b"' } } },
    });
    const request = last();
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/v1/files');
    expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=----sessiongen[0-9a-f]{32}$/);
    expect(request.headers['content-length']).toBe(String(request.raw.length));
    const parts = splitParts(request);
    const text = (name: string): string => `Content-Disposition: form-data; name="${name}"`;
    expect(parts.map((part) => [part.headers, part.body.toString('latin1')])).toEqual([
      ['Content-Disposition: form-data; name="file"; filename="receipt.pdf"\r\nContent-Type: application/pdf', PDF.toString('latin1')],
      [text('purpose'), 'dispute_evidence'],
      [text('expand[]'), 'links'],
      [text('expand[]'), 'links.data'],
      [text('file_link_data[create]'), 'true'],
      [text('file_link_data[expires_at]'), '1700000000'],
      [text('file_link_data[metadata][order]'), '6735'],
      [text('file_link_data[metadata][note]'), 'a "b"'],
    ]);
    const parsed = await parseWithPython(request);
    expect(parsed.defects).toBe(0);
    expect(parsed.parts.map((part) => [part.name, part.filename, part.type, part.data])).toEqual([
      ['file', 'receipt.pdf', 'application/pdf', PDF.toString('latin1')],
      ['purpose', null, 'text/plain', 'dispute_evidence'],
      ['expand[]', null, 'text/plain', 'links'],
      ['expand[]', null, 'text/plain', 'links.data'],
      ['file_link_data[create]', null, 'text/plain', 'true'],
      ['file_link_data[expires_at]', null, 'text/plain', '1700000000'],
      ['file_link_data[metadata][order]', null, 'text/plain', '6735'],
      ['file_link_data[metadata][note]', null, 'text/plain', 'a "b"'],
    ]);
  });

  it('sends the same parts as curl -F does for the same fields', async () => {
    const dir = scratch('wire-bodies-curl');
    const path = join(dir, 'receipt.pdf');
    writeFileSync(path, PDF);
    await curlForm(`${server.origin}/v1/files`, [`file=@${path};type=application/pdf`, 'purpose=dispute_evidence', 'expand[]=links', 'file_link_data[create]=true', 'file_link_data[metadata][order]=6735']);
    const byCurl = (await parseWithPython(last())).parts;
    await using client = new Stripe({ basicAuth: { username: 'sk_test_123', password: '' }, baseLocation: server.origin });
    await client['files']!['create']!({ body: { file: new File([PDF], 'receipt.pdf', { type: 'application/pdf' }), purpose: 'dispute_evidence', expand: ['links'], file_link_data: { create: true, metadata: { order: '6735' } } } });
    const ours = (await parseWithPython(last())).parts;
    expect(ours).toEqual(byCurl);
    expect(ours).toHaveLength(5);
  });

  it('a Blob without a name or type goes as a file part named "blob", application/octet-stream', async () => {
    await using client = new Stripe({ basicAuth: { username: 'sk_test_123', password: '' }, baseLocation: server.origin });
    await client['files']!['create']!({ body: { file: new Blob(['a,b\n']), purpose: 'dispute_evidence' } });
    const parts = splitParts(last());
    expect(parts.map((part) => [part.headers, part.body.toString('utf8')])).toEqual([
      ['Content-Disposition: form-data; name="file"; filename="blob"\r\nContent-Type: application/octet-stream', 'a,b\n'],
      ['Content-Disposition: form-data; name="purpose"', 'dispute_evidence'],
    ]);
  });

  it('POST /v1/customers: metadata, address and expand in brackets, as the form encoding (deepObject) asks', async () => {
    await using client = new Stripe({ basicAuth: { username: 'sk_test_123', password: '' }, baseLocation: server.origin });
    const body = {
      email: 'ann@example.com',
      metadata: { order: '6735', 'note with space': 'a&b=c ü' },
      expand: ['tax_ids', 'sources'],
      address: { city: 'Paris', line1: '1 Rue de Rivoli' },
      preferred_locales: ['fr', 'en'],
      tax_id_data: [{ type: 'eu_vat', value: 'FR123' }],
    };
    await client['customers']!['create']!({ body });
    const request = last();
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/v1/customers');
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8');
    expect(request.body).toBe(
      'email=ann%40example.com&metadata%5Border%5D=6735&metadata%5Bnote+with+space%5D=a%26b%3Dc+%C3%BC' +
        '&expand%5B%5D=tax_ids&expand%5B%5D=sources&address%5Bcity%5D=Paris&address%5Bline1%5D=1+Rue+de+Rivoli' +
        '&preferred_locales%5B%5D=fr&preferred_locales%5B%5D=en&tax_id_data%5B0%5D%5Btype%5D=eu_vat&tax_id_data%5B0%5D%5Bvalue%5D=FR123',
    );
    // qs (stripe-node's encoder) writes the same, arrays of scalars as brackets, of objects with indices.
    const { tax_id_data: indexed, ...rest } = body;
    expect(request.body).toBe(`${qs.stringify(rest, { arrayFormat: 'brackets', format: 'RFC1738' })}&${qs.stringify({ tax_id_data: indexed }, { arrayFormat: 'indices', format: 'RFC1738' })}`);
  });
});

describe('Twilio', () => {
  let twilio: GeneratedReal;

  beforeAll(async () => {
    twilio = await realClient('twilio');
  }, 120_000);

  it('MediaUrl repeats its key (OpenAPI form style, explode), no brackets', async () => {
    const Twilio = twilio.module['Twilio'] as ClientClass;
    await using client = new Twilio({ accountSid_authToken: { username: 'AC123', password: 'token' }, baseLocation: server.origin });
    await client['api20100401Message']!['createMessage']!({ AccountSid: 'AC123', body: { To: '+15558675310', From: '+15017122661', Body: 'Hi', MediaUrl: ['https://a.example/1.png', 'https://a.example/2.png'] } });
    const request = last();
    expect(request.url).toBe('/2010-04-01/Accounts/AC123/Messages.json');
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8');
    expect(request.body).toBe('To=%2B15558675310&From=%2B15017122661&Body=Hi&MediaUrl=https%3A%2F%2Fa.example%2F1.png&MediaUrl=https%3A%2F%2Fa.example%2F2.png');
    const pairs = await python<[string, string][]>('import sys, json, urllib.parse; print(json.dumps(urllib.parse.parse_qsl(sys.stdin.read(), strict_parsing=True)))', request.body);
    expect(pairs.filter(([name]) => name === 'MediaUrl').map(([, value]) => value)).toEqual(['https://a.example/1.png', 'https://a.example/2.png']);
  });

  it('type-checks the call as a user writes it', () => {
    const run = typeCheckUsage(
      twilio,
      'bodies-usage',
      [
        "import { Twilio } from './client.js';",
        "const twilio = new Twilio({ accountSid_authToken: { username: 'AC123', password: 'token' } });",
        "await twilio.api20100401Message.createMessage({ AccountSid: 'AC123', body: { To: '+15558675310', From: '+15017122661', MediaUrl: ['https://a.example/1.png'] } });",
        '',
      ].join('\n'),
    );
    expect(run.stdout + run.stderr).toBe('');
  });
});

describe('raw bodies keep the media type the document names', () => {
  let petstore: GeneratedReal;
  let wildcard: GeneratedReal;

  /** Generates a document into a scratch folder and imports the client, as realClient does for the five APIs. */
  async function generated(name: string, specs: string): Promise<GeneratedReal> {
    const dir = scratch(`wire-bodies-${name}`);
    const result = await generate({ specs: [specs], outDir: dir });
    expect(result.ok).toBe(true);
    const file = result.files[0]!.output;
    return { dir, file, printed: [], module: (await import(pathToFileURL(file).href)) as Record<string, unknown> };
  }

  beforeAll(async () => {
    petstore = await generated('petstore', join(ROOT, 'node_modules/@readme/oas-examples/3.1/json/petstore.json'));
    const dir = scratch('wire-bodies-wildcard-doc');
    const document = join(dir, 'uploads.json');
    const upload = { requestBody: { required: true, content: { '*/*': { schema: { type: 'string', format: 'binary' } } } }, responses: { 204: { description: 'stored' } } };
    writeFileSync(document, JSON.stringify({ openapi: '3.1.0', info: { title: 'Uploads', version: '1' }, paths: { '/objects': { put: { operationId: 'putObject', ...upload } } } }));
    wildcard = await generated('wildcard', document);
  }, 120_000);

  it("the petstore's application/octet-stream upload is sent as such for a string and for a Blob of another type", async () => {
    const Petstore = petstore.module['SwaggerPetstore'] as ClientClass;
    await using client = new Petstore({ petstore_auth: 't', baseLocation: server.origin });
    await client['pet']!['uploadFile']!({ petId: 7, body: 'plain text' });
    expect([last().url, last().headers['content-type'], last().headers['content-length'], last().body]).toEqual(['/v2/pet/7/uploadImage', 'application/octet-stream', '10', 'plain text']);
    await client['pet']!['uploadFile']!({ petId: 7, body: new Blob([PDF], { type: 'image/png' }) });
    expect([last().headers['content-type'], last().headers['content-length']]).toEqual(['application/octet-stream', String(PDF.length)]);
    expect(last().raw.equals(PDF)).toBe(true);
    await client['pet']!['uploadFile']!({ petId: 7, body: 'x', headers: { 'Content-Type': 'image/png' } });
    expect(last().headers['content-type']).toBe('image/png');
  });

  it('under a */* media type a Blob goes with its own type, bytes with application/octet-stream', async () => {
    const Uploads = wildcard.module['Uploads'] as ClientClass;
    await using client = new Uploads({ baseLocation: server.origin });
    await client['objects']!['update']!({ body: new Blob([PDF], { type: 'image/png' }) });
    expect([last().method, last().headers['content-type'], last().raw.equals(PDF)]).toEqual(['PUT', 'image/png', true]);
    await client['objects']!['update']!({ body: new Uint8Array(PDF) });
    expect(last().headers['content-type']).toBe('application/octet-stream');
  });

  it('type-checks a string and a Blob as raw bodies', () => {
    const run = typeCheckUsage(
      petstore,
      'bodies-usage',
      [
        "import { SwaggerPetstore } from './client.js';",
        "const api = new SwaggerPetstore({ petstore_auth: 't' });",
        "await api.pet.uploadFile({ petId: 7, body: 'plain text' });",
        "await api.pet.uploadFile({ petId: 7, body: new Blob([new Uint8Array([1, 2])], { type: 'image/png' }) });",
        '',
      ].join('\n'),
    );
    expect(run.stdout + run.stderr).toBe('');
  });
});
