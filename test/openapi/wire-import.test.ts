/**
 * `sessiongen import` then `generate` on the unmodified real documents whose imported spec the
 * YAML front end used to refuse, and the imported client's requests on a loopback server:
 * Stripe's deepObject `expand` array and its `created` (an object or an integer, here the
 * integer), OpenAI's paths with a fixed `?beta=true` merged with the call's own query.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../generator/diagnostics.js';
import { generate } from '../../generator/generate.js';
import { importDocument } from '../../generator/import.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { scratch } from '../generator/helpers.js';
import { REAL_DOCUMENTS, type RealApi } from './real-clients.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"object":"list","data":[],"has_more":false}');
  });
});

afterAll(async () => {
  await server.close();
});

/** The client generated from the spec `sessiongen import` wrote for the document, as a module. */
async function importedClient(api: RealApi, spec: string): Promise<{ module: Record<string, unknown>; yaml: string }> {
  const dir = scratch(`imported-${api}`);
  const output = join(dir, spec);
  const imported = await importDocument({ document: REAL_DOCUMENTS[api], output });
  expect(imported.ok).toBe(true);
  const generated = await generate({ specs: [output], outDir: dir });
  expect(generated.diagnostics.filter((item) => item.severity === 'error').map(formatDiagnostic)).toEqual([]);
  const file = join(dir, spec.replace(/\.yaml$/, '.ts'));
  return { module: (await import(pathToFileURL(file).href)) as Record<string, unknown>, yaml: readFileSync(output, 'utf8') };
}

interface Disposable {
  [Symbol.asyncDispose](): Promise<void>;
}

describe('an imported spec of a real document sends what the document says', () => {
  it("Stripe: expand as repeated expand[] keys, created as one integer, both deepObject in the spec", async () => {
    const { module, yaml } = await importedClient('stripe', 'stripe.yaml');
    expect(yaml).toContain('      expand?:\n        $type: string[]\n');
    type Stripe = Disposable & { customers: { list(args: { query: { expand: string[]; created: number; limit: number } }): PromiseLike<unknown> } };
    const StripeAPI = module['StripeAPI'] as new (options: object) => Stripe;
    await using api = new StripeAPI({ baseLocation: server.origin, basicAuth: { username: 'sk_test', password: '' } });
    await api.customers.list({ query: { expand: ['data.default_source', 'data.tax'], created: 1700000000, limit: 3 } });
    const request = server.received.at(-1)!;
    expect(request.method).toBe('GET');
    expect(request.url).toBe('/v1/customers?created=1700000000&expand%5B%5D=data.default_source&expand%5B%5D=data.tax&limit=3');
  }, 300_000);

  it("OpenAI: the path keeps its fixed ?beta=true (after the document's /v1 endpoint), the call query after it", async () => {
    const { module, yaml } = await importedClient('openai', 'openai.yaml');
    expect(yaml).toContain('    path: /responses/{response_id}?beta=true\n');
    type OpenAI = Disposable & { responses: { betaGetResponse(args: { response_id: string; query: { include: string[] } }): PromiseLike<unknown> } };
    const OpenAIAPI = module['OpenAIAPI'] as new (options: object) => OpenAI;
    await using api = new OpenAIAPI({ baseLocation: server.origin, apiKeyAuth: 'sk' });
    await api.responses.betaGetResponse({ response_id: 'resp 1', query: { include: ['message.output_text.logprobs'] } });
    const request = server.received.at(-1)!;
    expect(request.method).toBe('GET');
    expect(request.url).toBe('/v1/responses/resp%201?beta=true&include=message.output_text.logprobs');
  }, 300_000);
});
