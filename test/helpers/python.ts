import { execFile } from 'node:child_process';

/** Debian's own Python, an encoder and parser written by other people, to check the runtime's bytes against. */
export const PYTHON = '/usr/bin/python3';

/** Runs `script` with `input` on stdin and gives what it printed as JSON. */
export function python<T>(script: string, input: Buffer | string): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = execFile(PYTHON, ['-c', script], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`python3 failed: ${stderr || error.message}`));
      else resolve(JSON.parse(stdout) as T);
    });
    child.stdin!.end(input);
  });
}
