/**
 * Names that say what they send, on the wire: Twilio's `StartTime`, `StartTime<` and `StartTime>`
 * (from the unmodified document) are `StartTime`, `startTimeBefore` and `startTimeAfter`, each
 * sending its own wire name; the natural-looking `startTime` is no name at all, so it cannot
 * silently send the "before" filter (it did, as `startTime`, before).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiCall } from '../../runtime/index.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { realClient, typeCheckUsage } from './real-clients.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The client's resource objects by name, each with its methods by name. */
type TwilioClient = Record<string, Record<string, (args: Record<string, unknown>) => ApiCall<unknown>>>;
type TwilioClass = new (options: Record<string, unknown>) => TwilioClient;

const CALLS = '/2010-04-01/Accounts/AC123/Calls.json';

describe("Twilio's comparison filters", () => {
  it('sends StartTime<, StartTime> and StartTime exactly as named by startTimeBefore, startTimeAfter and StartTime', async () => {
    server = await startServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end('{"calls":[]}');
    });
    const real = await realClient('twilio');
    const Twilio = real.module['Twilio'] as TwilioClass;
    const twilio = new Twilio({ baseLocation: server.origin, accountSid_authToken: { username: 'AC123', password: 'token' } });
    await twilio['api20100401Call']!['listCall']!({ AccountSid: 'AC123', query: { startTimeBefore: '2024-01-31', startTimeAfter: '2024-01-01', StartTime: '2024-01-15' } });
    await twilio['api20100401Call']!['listCall']!({ AccountSid: 'AC123', query: { endTimeBefore: '2024-02-01' } });
    expect(server.received.map((request) => `${request.method} ${request.url} [${request.raw.length} bytes]`)).toEqual([
      // The document's order; `<` and `>` percent-encoded as every query name is.
      `GET ${CALLS}?StartTime=2024-01-15&StartTime%3C=2024-01-31&StartTime%3E=2024-01-01 [0 bytes]`,
      `GET ${CALLS}?EndTime%3C=2024-02-01 [0 bytes]`,
    ]);
    const host = new URL(server.origin).host;
    for (const request of server.received) {
      expect(request.headers).toEqual({ host, connection: 'keep-alive', 'user-agent': 'sessiongen/0.1.0', 'accept-encoding': 'gzip, deflate, br', authorization: `Basic ${Buffer.from('AC123:token').toString('base64')}` });
    }
  });

  it('type-checks the filters as a user writes them, and refuses the name that would have meant "before"', async () => {
    const real = await realClient('twilio');
    const code = `import { Twilio } from './client.js';
const twilio = new Twilio({ accountSid_authToken: { username: 'AC123', password: 'token' } });
await twilio.api20100401Call.listCall({ AccountSid: 'AC123', query: { startTimeBefore: '2024-01-31', startTimeAfter: '2024-01-01', StartTime: '2024-01-15' } });
await twilio.api20100401Message.listMessage({ AccountSid: 'AC123', query: { dateSentBefore: '2024-01-31', dateSentAfter: '2024-01-01', DateSent: '2024-01-15' } });
// @ts-expect-error: no key is named startTime; the filters say what they send.
await twilio.api20100401Call.listCall({ AccountSid: 'AC123', query: { startTime: '2024-01-31' } });
// @ts-expect-error: nor startTime2.
await twilio.api20100401Call.listCall({ AccountSid: 'AC123', query: { startTime2: '2024-01-31' } });
`;
    expect(typeCheckUsage(real, 'names-twilio', code).stdout).toBe('');
  });

  it('generates without a warning about names: nothing is renamed with a counter', async () => {
    const real = await realClient('twilio');
    expect(real.printed.filter((line) => line.includes('already taken'))).toEqual([]);
  });
});
