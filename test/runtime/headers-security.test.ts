import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../../runtime/index.js';
import type { HeaderMap, RequestOptions } from '../../runtime/index.js';
import { rejection, useHarness } from '../helpers/harness.js';

const h = useHarness();

const badValues = [
  ['CR LF', 'a\r\nX-Injected: yes'],
  ['a lone LF', 'a\nX-Injected: yes'],
  ['a lone CR', 'a\rb'],
  ['NUL', 'a\0b'],
] as const;

async function expectRefused(server: { received: unknown[]; totalSockets: number }, call: Promise<unknown>, option: string): Promise<void> {
  const error = await rejection(call);
  expect(error).toBeInstanceOf(InvalidOptionError);
  expect((error as InvalidOptionError).option).toBe(option);
  expect((error as Error).message).toMatch(/CR, LF or NUL|not a valid HTTP token|cannot be sent/);
  expect(server.received).toHaveLength(0);
  expect(server.totalSockets).toBe(0);
}

describe('header injection', () => {
  it.each(badValues)('refuses a call header value with %s before anything is sent', async (_what, value) => {
    const server = await h.server();
    const s = h.session(server.origin);
    await expectRefused(server, s.get('/', { headers: { 'X-Value': value } }), 'headers');
  });

  it.each(badValues)('refuses a call header name with %s before anything is sent', async (_what, value) => {
    const server = await h.server();
    const s = h.session(server.origin);
    await expectRefused(server, s.get('/', { headers: { [value]: 'v' } as HeaderMap }), 'headers');
  });

  it.each(badValues)('refuses a session header with %s, given at construction or later', async (_what, value) => {
    const server = await h.server();
    const atConstruction = h.session(server.origin, { headers: { 'X-Value': value } });
    await expectRefused(server, atConstruction.get('/'), 'session headers');
    const later = h.session(server.origin);
    later.headers['X-Later'] = ['fine', value];
    await expectRefused(server, later.get('/'), 'session headers');
    const name = h.session(server.origin);
    name.headers[`X${value}`] = 'v';
    await expectRefused(server, name.get('/'), 'session headers');
  });

  it.each(badValues)('refuses a call cookie with %s', async (_what, value) => {
    const server = await h.server();
    const s = h.session(server.origin);
    await expectRefused(server, s.get('/', { cookies: { name: value } }), 'cookies');
    await expectRefused(server, s.get('/', { cookies: { [value]: 'v' } }), 'cookies');
  });

  it('refuses bad headers in an array value sent by a call, and then works again', async () => {
    const server = await h.server();
    const s = h.session(server.origin);
    const options: RequestOptions = { headers: { 'X-Many': ['ok', 'bad\r\nInjected: 1'] } };
    await expectRefused(server, s.get('/', options), 'headers');
    await (await s.get('/', { headers: { 'X-Many': ['ok', 'fine'] } })).dump();
    expect(server.received).toHaveLength(1);
    expect(server.received[0]!.headers['injected']).toBeUndefined();
  });

  it('accepts ordinary visible characters, tabs and punctuation', async () => {
    const server = await h.server();
    const s = h.session(server.origin);
    await (await s.get('/', { headers: { 'X-Punct': 'a\tb; c=d, "e"' } })).dump();
    expect(server.received[0]!.headers['x-punct']).toBe('a\tb; c=d, "e"');
  });
});
