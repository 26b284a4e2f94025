/** Turns a run's result into lines for the terminal and an exit code. */
import { formatDiagnostic } from '../diagnostics.js';
import type { GenerateResult } from '../generate.js';

export const EXIT_OK = 0;
/** A spec is invalid, or --check found a missing or stale file. */
export const EXIT_FAILED = 1;
/** The command line is wrong: unknown flag, no --out, a spec that does not exist. */
export const EXIT_USAGE = 2;

export type Print = (line: string) => void;

/** Prints a run's outcome; returns the exit code it calls for. */
export function report(result: GenerateResult, check: boolean, out: Print, err: Print): number {
  for (const diagnostic of result.diagnostics) err(formatDiagnostic(diagnostic));
  const errors = result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
  if (errors > 0) {
    err(`sessiongen: ${errors} problem${errors === 1 ? '' : 's'} found; nothing written`);
    return EXIT_FAILED;
  }
  for (const file of result.files) {
    if (file.status === 'written') out(`wrote ${file.output}`);
    else if (file.status === 'missing' || file.status === 'stale') err(`${file.status}: ${file.output} (from ${file.spec})`);
    // What was detected rather than written in the document (its pagination), said on every run but --check's.
    if (!check) for (const note of file.notes ?? []) out(`${file.output}: ${note}`);
  }
  if (check && !result.ok) {
    err('sessiongen: generated files are out of date; run sessiongen generate without --check');
    return EXIT_FAILED;
  }
  if (check) out(`sessiongen: ${result.files.length} file${result.files.length === 1 ? '' : 's'} up to date`);
  return EXIT_OK;
}
