// node-fetch 3 with a keep-alive http.Agent limited to the same number of sockets.
import http from 'node:http';
import fetch from 'node-fetch';
import { fetchJson as body, runContender } from '../lib/harness.mjs';

runContender((config) => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: config.connections });
  const base = config.origin;
  return {
    small: async (id) => body(await fetch(base + '/things/' + id, { agent })),
    big: async () => body(await fetch(base + '/big', { agent })),
    post: async (payload) =>
      body(await fetch(base + '/echo', { method: 'POST', agent, headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) })),
    cookieLogin: () => Promise.reject(new Error('node-fetch has no cookie jar')),
    cookieCheck: () => Promise.reject(new Error('node-fetch has no cookie jar')),
    close: async () => agent.destroy(),
  };
});
