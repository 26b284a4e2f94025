// axios with a keep-alive http.Agent limited to the same number of sockets.
import http from 'node:http';
import axios from 'axios';
import { runContender } from '../lib/harness.mjs';

runContender((config) => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: config.connections });
  const client = axios.create({ baseURL: config.origin, httpAgent: agent, proxy: false });
  return {
    small: async (id) => (await client.get('/things/' + id)).data,
    big: async () => (await client.get('/big')).data,
    post: async (payload) => (await client.post('/echo', payload)).data,
    cookieLogin: () => Promise.reject(new Error('axios has no cookie jar of its own')),
    cookieCheck: () => Promise.reject(new Error('axios has no cookie jar of its own')),
    close: async () => agent.destroy(),
  };
});
