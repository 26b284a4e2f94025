// The generated client: typed methods of a class emitted by `sessiongen generate` from
// bench/bench.yaml and compiled with tsc by bench/run.mjs (config.generatedModule).
import { pathToFileURL } from 'node:url';
import { runContender } from '../lib/harness.mjs';

runContender(async (config) => {
  const module = await import(pathToFileURL(config.generatedModule).href);
  const Client = module[config.generatedClass];
  if (typeof Client !== 'function') throw new Error(`${config.generatedModule} exports no class ${config.generatedClass}`);
  const api = new Client({ baseLocation: config.origin, connections: config.connections, persistCookies: config.kind === 'cookie' });
  return {
    small: (id) => api.things.retrieve({ id }),
    big: () => api.big.list(),
    post: (payload) => api.echo.create({ body: payload }),
    cookieLogin: () => api.cookie.login(),
    cookieCheck: () => api.cookie.check(),
    close: () => api.close(),
  };
});
