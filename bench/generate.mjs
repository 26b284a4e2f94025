// Times the generator on specs of 100, 1,000 and 10,000 paths: the whole CLI process
// (`node dist/generator/cli.js generate ...`, start-up included) and `tsc --noEmit --strict` on
// its output. Run after `npm run build`: `node bench/generate.mjs`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist/generator/cli.js');
const tsc = join(root, 'node_modules/.bin/tsc');
const sizes = (process.env.BENCH_SIZES ?? '100,1000,10000').split(',').map(Number);

/** A spec with `count` paths mixing the shapes real specs have: params, query, body, responses. */
function spec(count) {
  const lines = [
    'client: Big',
    'base_location: https://api.example.com',
    'endpoint: /v1',
    'connections: 20',
    'headers:',
    '  Accept: application/json',
    'types:',
    '  Item:',
    '    id: integer',
    '    name: string',
    '    tags?: string[]',
    '  NewItem:',
    '    name: string',
    'paths:',
  ];
  for (let index = 0; index < count; index++) {
    switch (index % 4) {
      case 0:
        lines.push(`  list${index}:`, `    path: /things${index}`, '    query:', '      limit?: integer', '    response: Item[]');
        break;
      case 1:
        lines.push(`  get${index}:`, `    description: Gets thing ${index}.`, `    path: /things${index}/{id}`, '    params:', '      id: integer', '    response: Item');
        break;
      case 2:
        lines.push(`  create${index}:`, '    method: POST', `    path: /things${index}`, '    body: NewItem', '    headers:', '      X-Source: bench', '    response: Item');
        break;
      default:
        lines.push(`  remove${index}:`, '    method: DELETE', `    path: /things${index}/{id}`);
    }
  }
  return lines.join('\n') + '\n';
}

function time(command, args, cwd) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  return ms;
}

const work = mkdtempSync(join(tmpdir(), 'sessiongen-bench-'));
const rows = [];
try {
  for (const size of sizes) {
    const dir = join(work, String(size));
    mkdirSync(dir);
    writeFileSync(join(dir, 'big.yaml'), spec(size));
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true, noEmit: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext',
          lib: ['ES2023', 'ESNext.Disposable'], types: [], skipLibCheck: true,
          // Resolve the runtime to the built declarations, so only the generated file is checked.
          paths: { 'sessiongen/runtime': [join(root, 'dist/runtime/index.d.ts')] },
        },
        files: ['out/big.ts'],
      }),
    );
    const generateMs = time(process.execPath, [cli, 'generate', 'big.yaml', '--out', 'out'], dir);
    const tscMs = time(tsc, ['-p', 'tsconfig.json'], dir);
    rows.push({ paths: size, generateMs, tscMs });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const pad = (text, width) => String(text).padStart(width);
console.log(`${pad('paths', 7)} ${pad('generate (whole CLI)', 21)} ${pad('tsc --noEmit --strict', 22)} ${pad('ms/path (gen)', 14)}`);
for (const row of rows) {
  console.log(`${pad(row.paths, 7)} ${pad(`${row.generateMs.toFixed(0)} ms`, 21)} ${pad(`${row.tscMs.toFixed(0)} ms`, 22)} ${pad((row.generateMs / row.paths).toFixed(3), 14)}`);
}
