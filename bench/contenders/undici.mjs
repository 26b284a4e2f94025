// THE LIMIT: raw undici `request` through an undici Pool of the same size, body read with body.json().
// Cookies (cookie workload only) are kept by hand in a tough-cookie jar, the least any client must do.
import { Pool } from 'undici';
import { CookieJar } from 'tough-cookie';
import { runContender } from '../lib/harness.mjs';

async function body({ statusCode, body }) {
  if (statusCode < 200 || statusCode >= 300) {
    await body.dump();
    throw new Error('HTTP ' + statusCode);
  }
  return body.json();
}

runContender((config) => {
  const pool = new Pool(config.origin, { connections: config.connections });
  const jar = config.kind === 'cookie' ? new CookieJar() : undefined;
  const withCookies = async (path) => {
    const url = config.origin + path;
    const cookie = await jar.getCookieString(url);
    const response = await pool.request({ path, method: 'GET', headers: cookie === '' ? undefined : { cookie } });
    const set = response.headers['set-cookie'];
    if (set !== undefined) for (const line of Array.isArray(set) ? set : [set]) await jar.setCookie(line, url, { ignoreError: true });
    return body(response);
  };
  const jsonHeaders = { 'content-type': 'application/json' };
  return {
    small: async (id) => body(await pool.request({ path: '/things/' + id, method: 'GET' })),
    big: async () => body(await pool.request({ path: '/big', method: 'GET' })),
    post: async (payload) => body(await pool.request({ path: '/echo', method: 'POST', headers: jsonHeaders, body: JSON.stringify(payload) })),
    cookieLogin: () => withCookies('/cookie/login'),
    cookieCheck: () => withCookies('/cookie/check'),
    close: () => pool.close(),
  };
});
