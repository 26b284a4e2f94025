// Raw runtime Session calls: s.get / s.post, then r.json().
import { Session } from 'sessiongen/runtime';
import { runContender } from '../lib/harness.mjs';

async function body(response) {
  if (!response.ok) {
    await response.dump();
    throw new Error('HTTP ' + response.status);
  }
  return response.json();
}

runContender((config) => {
  const s = new Session(config.origin, { connections: config.connections, persistCookies: config.kind === 'cookie' });
  return {
    small: async (id) => body(await s.get('/things/' + id)),
    big: async () => body(await s.get('/big')),
    post: async (payload) => body(await s.post('/echo', { json: payload })),
    cookieLogin: async () => body(await s.get('/cookie/login')),
    cookieCheck: async () => body(await s.get('/cookie/check')),
    close: () => s.close(),
  };
});
