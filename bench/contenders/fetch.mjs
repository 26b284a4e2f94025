// undici's fetch (from the undici package, not Node's bundled copy) with an Agent of the same size.
import { Agent, fetch } from 'undici';
import { fetchJson as body, runContender } from '../lib/harness.mjs';

runContender((config) => {
  const dispatcher = new Agent({ connections: config.connections });
  const base = config.origin;
  return {
    small: async (id) => body(await fetch(base + '/things/' + id, { dispatcher })),
    big: async () => body(await fetch(base + '/big', { dispatcher })),
    post: async (payload) =>
      body(await fetch(base + '/echo', { method: 'POST', dispatcher, headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) })),
    cookieLogin: () => Promise.reject(new Error('fetch has no cookie jar')),
    cookieCheck: () => Promise.reject(new Error('fetch has no cookie jar')),
    close: () => dispatcher.close(),
  };
});
