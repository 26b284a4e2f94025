/**
 * Generates many documents on worker threads (directory-names.worker.mjs, over dist/) and hands
 * each client's code to the caller as it comes, in this thread. The largest documents go first,
 * so the last one to finish is a small one and no thread waits long on another.
 */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

export interface WalkResult {
  /** Documents that gave no code, with why. */
  readonly failures: ReadonlyMap<string, string>;
  /** Documents that gave code, each handed to `onCode` once. */
  readonly generated: number;
}

type Reply = { readonly path: string; readonly code: string } | { readonly path: string; readonly failure: string };

const WORKER = new URL('./directory-names.worker.mjs', import.meta.url);

/** Up to four threads: each holds a whole document and its client, up to a few hundred MB for the largest. */
export function defaultJobs(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

/** Generates every document in `paths` (`source` names each in its client's header) and calls `onCode` with each client. */
export async function walkDocuments(paths: readonly string[], source: (path: string) => string, onCode: (path: string, code: string) => void, jobs: number = defaultJobs()): Promise<WalkResult> {
  const pending = [...paths].sort((a, b) => statSync(b).size - statSync(a).size);
  const failures = new Map<string, string>();
  const answered = new Set<string>();
  let generated = 0;
  const workers = Array.from({ length: Math.min(jobs, pending.length) }, () => new Worker(WORKER));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const next = (): void => {
              const path = pending.shift();
              if (path === undefined) resolve();
              else worker.postMessage({ path, source: source(path) });
            };
            worker.on('message', (reply: Reply) => {
              try {
                answered.add(reply.path);
                if ('code' in reply) {
                  generated++;
                  onCode(reply.path, reply.code);
                } else failures.set(reply.path, reply.failure);
                next();
              } catch (error) {
                reject(error);
              }
            });
            worker.on('error', reject);
            worker.on('exit', (code) => reject(new Error(`a generating worker stopped (exit code ${code})`)));
            next();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  const unanswered = paths.filter((path) => !answered.has(path));
  if (unanswered.length > 0) throw new Error(`no answer for ${unanswered.length} documents, e.g. ${unanswered.slice(0, 3).join(', ')}`);
  return { failures, generated };
}
