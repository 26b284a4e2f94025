// got 14 with a keep-alive http.Agent limited to the same number of sockets, no retries;
// the cookie workload uses got's own `cookieJar` option with a tough-cookie jar.
import http from 'node:http';
import got from 'got';
import { CookieJar } from 'tough-cookie';
import { runContender } from '../lib/harness.mjs';

runContender((config) => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: config.connections });
  const client = got.extend({
    prefixUrl: config.origin,
    agent: { http: agent },
    retry: { limit: 0 },
    cookieJar: config.kind === 'cookie' ? new CookieJar() : undefined,
  });
  return {
    small: (id) => client.get('things/' + id).json(),
    big: () => client.get('big').json(),
    post: (payload) => client.post('echo', { json: payload }).json(),
    cookieLogin: () => client.get('cookie/login').json(),
    cookieCheck: () => client.get('cookie/check').json(),
    close: async () => agent.destroy(),
  };
});
