/** Prism (`@stoplight/prism-cli`), the mock server that validates every request against its document, started on loopback. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ROOT } from '../generator/helpers.js';

const PRISM = join(ROOT, 'node_modules/.bin/prism');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

/** Starts Prism on the document and resolves once it listens (it reads GitHub's 10 MB document first); the caller kills `child`. */
export async function startPrism(document: string): Promise<{ origin: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(PRISM, ['mock', document, '-h', '127.0.0.1', '-p', String(port), '--errors'], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`Prism did not start:\n${output.slice(-2000)}`)), 110_000);
    const watch = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('Prism is listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', watch);
    child.stderr!.on('data', watch);
    child.once('exit', (code) => reject(new Error(`Prism exited with ${code}:\n${output.slice(-2000)}`)));
  });
  return { origin: `http://127.0.0.1:${port}`, child };
}
