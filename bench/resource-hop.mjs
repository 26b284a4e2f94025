#!/usr/bin/env node
/**
 * What a resource object costs per call: the same operation generated flat on the class
 * (`api.getThing()`) and on a resource (`api.things.retrieve()`), both compiled, called in
 * alternating rounds with the session's `callApi` replaced by one that returns at once, so the
 * time is the generated method's own and the resource's hop to the session. Prints CPU ns per
 * call and the ratio; the network path (the same for both) is in `npm run bench -- --focused`.
 *
 *   npm run build && node bench/resource-hop.mjs [--calls N] [--rounds N]
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ts } from '@ts-morph/common';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const option = (name, fallback) => {
  const index = process.argv.indexOf(name);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
};
const calls = option('--calls', 1_000_000);
const rounds = option('--rounds', 7);

// One operation, written twice: once flat, once on a resource.
const OPERATION = `
    path: /things/{id}
    params:
      id: integer
    query:
      expand?: string
    response: Thing`;
const SPEC = `client: HopApi
base_location: http://127.0.0.1:9
types:
  Thing:
    id: integer
    name: string
paths:
  getThing:${OPERATION}
  things.retrieve:${OPERATION}
`;

// Inside the package, so the emitted `sessiongen/runtime` import resolves to this checkout's dist/.
const dir = join(ROOT, '.cache/resource-hop');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'hop.yaml'), SPEC);
const { generate } = await import(pathToFileURL(join(ROOT, 'dist/generator/generate.js')).href);
const result = await generate({ specs: [join(dir, 'hop.yaml')], outDir: dir });
if (!result.ok) throw new Error(`generate failed: ${JSON.stringify(result.diagnostics)}`);
const source = readdirSync(dir).find((name) => name.endsWith('.ts'));
const { outputText } = ts.transpileModule(readFileSync(join(dir, source), 'utf8'), {
  compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
});
writeFileSync(join(dir, 'hop.mjs'), outputText);
const { HopApi } = await import(pathToFileURL(join(dir, 'hop.mjs')).href);

// The call stops where the session would start the request: what is left is the method and the hop.
class Measured extends HopApi {
  callApi() {
    return undefined;
  }
}
const api = new Measured();

const contenders = {
  flat: () => api.getThing({ id: 7, query: { expand: 'x' } }),
  resource: () => api.things.retrieve({ id: 7, query: { expand: 'x' } }),
};

function cpuNsPerCall(call) {
  const start = process.cpuUsage();
  for (let index = 0; index < calls; index++) call();
  const used = process.cpuUsage(start);
  return ((used.user + used.system) * 1000) / calls;
}

// Warm both up so neither pays the JIT in a measured round.
for (const call of Object.values(contenders)) cpuNsPerCall(call);
const samples = { flat: [], resource: [] };
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? ['flat', 'resource'] : ['resource', 'flat'];
  for (const name of order) samples[name].push(cpuNsPerCall(contenders[name]));
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const flat = median(samples.flat);
const resource = median(samples.resource);
console.log(`resource hop, ${calls.toLocaleString('en')} calls × ${rounds} rounds (median), load ${loadavg()[0].toFixed(2)}`);
console.log(`  api.getThing()          ${flat.toFixed(1)} ns CPU/call`);
console.log(`  api.things.retrieve()   ${resource.toFixed(1)} ns CPU/call`);
console.log(`  resource ÷ flat         ${(resource / flat).toFixed(2)}× (${(resource - flat).toFixed(1)} ns/call)`);
await api.close();
rmSync(dir, { recursive: true, force: true });
