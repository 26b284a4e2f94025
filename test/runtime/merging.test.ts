import { describe, expect, it } from 'vitest';
import { useHarness } from '../helpers/harness.js';

const h = useHarness();

describe('merging call headers over the session headers', () => {
  it('lets a call header win over the session one, comparing names without case', async () => {
    const server = await h.server();
    const s = h.session(server.origin, { headers: { 'Applies-To': 'all requests', 'X-Keep': 'kept' } });
    await (await s.get('/', { headers: { 'applies-to': 'this request only', 'X-Call': 'c' } })).dump();
    await (await s.get('/', { headers: { 'APPLIES-TO': 'upper' } })).dump();
    await (await s.get('/')).dump();
    const [first, second, third] = server.received.map((r) => r.headers);
    // node:http joins a repeated header with ", ": one value here means it was sent once.
    expect(first!['applies-to']).toBe('this request only');
    expect(first!['x-keep']).toBe('kept');
    expect(first!['x-call']).toBe('c');
    expect(second!['applies-to']).toBe('upper');
    expect(third!['applies-to']).toBe('all requests');
    expect(third!['x-call']).toBeUndefined();
  });

  it('removes a session header for one call with null (any case)', async () => {
    const server = await h.server();
    const s = h.session(server.origin, { headers: { Accept: 'application/json', 'X-Other': 'o' } });
    await (await s.get('/', { headers: { accept: null } })).dump();
    await (await s.get('/', { headers: { 'X-OTHER': undefined } })).dump();
    await (await s.get('/')).dump();
    const [dropped, droppedOther, back] = server.received.map((r) => r.headers);
    expect(dropped!['accept']).toBeUndefined();
    expect(dropped!['x-other']).toBe('o');
    expect(droppedOther!['x-other']).toBeUndefined();
    expect(droppedOther!['accept']).toBe('application/json');
    expect(back!['accept']).toBe('application/json');
    expect(back!['x-other']).toBe('o');
  });

  it('never changes the session headers object or the call headers object', async () => {
    const server = await h.server();
    const s = h.session(server.origin, { headers: { Accept: 'application/json', 'X-Session': 's' } });
    const sessionHeaders = s.headers;
    const sessionBefore = structuredClone(sessionHeaders);
    const callHeaders = { accept: null, 'x-session': 'call', 'X-New': 'n' };
    const callBefore = structuredClone(callHeaders);
    await (await s.post('/', { headers: callHeaders, json: { a: 1 } })).dump();
    expect(s.headers).toBe(sessionHeaders);
    expect(s.headers).toStrictEqual(sessionBefore);
    expect(callHeaders).toStrictEqual(callBefore);
    expect(server.received[0]!.headers['x-session']).toBe('call');
  });

  it('does not mutate the options object given to the constructor', async () => {
    const server = await h.server();
    const headers = { 'X-A': 'a' };
    const params = { a: '1' };
    const s = h.session(server.origin, { headers, params });
    s.headers['X-B'] = 'b';
    s.params.b = '2';
    expect(headers).toStrictEqual({ 'X-A': 'a' });
    expect(params).toStrictEqual({ a: '1' });
  });

  it('sends array header values and numbers', async () => {
    const server = await h.server();
    const s = h.session(server.origin, { headers: { 'X-Num': 5 } });
    await (await s.get('/', { headers: { 'X-Many': ['a', 'b'] } })).dump();
    expect(server.received[0]!.headers['x-num']).toBe('5');
    expect(server.received[0]!.headers['x-many']).toBe('a, b');
  });

  it('lets a caller-set Content-Type win over the one a body implies', async () => {
    const server = await h.server();
    const s = h.session(server.origin, { headers: { 'content-type': 'application/vnd.session+json' } });
    await (await s.post('/', { json: { a: 1 } })).dump();
    await (await s.post('/', { json: { a: 1 }, headers: { 'Content-Type': 'application/merge-patch+json' } })).dump();
    await (await s.post('/', { json: { a: 1 }, headers: { 'Content-Type': null } })).dump();
    expect(server.received.map((r) => r.headers['content-type'])).toEqual([
      'application/vnd.session+json',
      'application/merge-patch+json',
      'application/json',
    ]);
  });
});
