/**
 * `--watch`: generate, then again after every save of a spec. Saves come in bursts (editors
 * write, rename and touch), so runs are debounced, and never overlap. A broken spec prints its
 * errors and watching goes on; the last good output stays in place.
 */
import { watch, type FSWatcher } from 'node:fs';
import { dirname } from 'node:path';
import { generate, SpecCache } from '../generate.js';
import { globBase, isGlob } from './glob.js';
import { report, type Print } from './report.js';

export const DEBOUNCE_MS = 100;

export interface WatchIo {
  readonly out: Print;
  readonly err: Print;
  /** Patterns to spec files; throws (with a message for the user) when one matches nothing. */
  readonly resolve: (patterns: readonly string[]) => string[];
}

function watchedFolders(patterns: readonly string[]): Map<string, boolean> {
  const folders = new Map<string, boolean>();
  for (const pattern of patterns) {
    const folder = isGlob(pattern) ? globBase(pattern) : dirname(pattern);
    folders.set(folder, (folders.get(folder) ?? false) || pattern.includes('**'));
  }
  return folders;
}

/** Watches until `signal` aborts (or for ever without one). */
export async function watchSpecs(patterns: readonly string[], outDir: string, io: WatchIo, signal?: AbortSignal): Promise<void> {
  let running = false;
  // A save recompiles only the specs whose text changed; the others' output is reused.
  const cache = new SpecCache();
  let again = false;
  let timer: NodeJS.Timeout | undefined;

  const run = async (): Promise<void> => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      const specs = io.resolve(patterns);
      report(await generate({ specs, outDir, cache }), false, io.out, io.err);
    } catch (error) {
      io.err(`sessiongen: ${(error as Error).message}`);
    } finally {
      running = false;
    }
    io.out(`sessiongen: watching ${patterns.join(' ')} (Ctrl-C to stop)`);
    if (again) {
      again = false;
      await run();
    }
  };

  const schedule = (file: string | null): void => {
    // Our own output and editors' hidden temporary files are not specs.
    if (file !== null && (file.endsWith('.ts') || file.split(/[\\/]/).pop()!.startsWith('.'))) return;
    clearTimeout(timer);
    timer = setTimeout(() => void run(), DEBOUNCE_MS);
  };

  const watchers: FSWatcher[] = [];
  for (const [folder, recursive] of watchedFolders(patterns)) {
    try {
      watchers.push(watch(folder, { recursive }, (_event, file) => schedule(file)));
    } catch (error) {
      io.err(`sessiongen: cannot watch ${folder}: ${(error as Error).message}`);
    }
  }
  await run();
  await new Promise<void>((resolve) => {
    if (signal === undefined) return;
    const stop = (): void => {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
      resolve();
    };
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
  });
}
