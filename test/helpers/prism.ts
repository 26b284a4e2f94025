/**
 * Prism (`@stoplight/prism-cli`), a mock server that validates every request against an OpenAPI
 * document, started on loopback with `--errors` so a request the document does not allow is
 * answered 422 (or 415 for a media type it does not take) with the violations.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { HTTPError } from 'sessiongen/runtime';
import { ROOT } from '../generator/helpers.js';

const PRISM = join(ROOT, 'node_modules/.bin/prism');

export interface RunningPrism {
  readonly origin: string;
  readonly process: ChildProcess;
}

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

/** Starts Prism on the document and resolves once it listens (a large document takes a while to read). */
export async function startPrism(document: string, timeout = 110_000): Promise<RunningPrism> {
  const port = await freePort();
  const child = spawn(PRISM, ['mock', document, '-h', '127.0.0.1', '-p', String(port), '--errors'], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`Prism did not start in ${timeout} ms:\n${output.slice(-2000)}`));
    }, timeout);
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
  return { origin: `http://127.0.0.1:${port}`, process: child };
}

export interface Violation {
  readonly location: readonly string[];
  readonly code: string | number;
  readonly message: string;
}

function parseViolations(header: string): Violation[] {
  try {
    // Prism starts the list with a sentence when it is long.
    return JSON.parse(header.slice(Math.max(0, header.indexOf('[')))) as Violation[];
  } catch {
    // Cut short: judge by what is there.
    return header.includes('"location":["request"') ? [{ location: ['request'], code: 'many', message: header }] : [];
  }
}

/**
 * What Prism found wrong with a request: from its `sl-violations` header, or the body of the 422
 * it makes up when the document has none. Empty when the request was accepted.
 */
export function requestViolations(error: HTTPError): Violation[] {
  const header = error.headers['sl-violations'];
  const body = error.body as { validation?: Violation[] } | undefined;
  const all: Violation[] = typeof header === 'string' ? parseViolations(header) : (body?.validation ?? []);
  // The header says `request.body`, the body `body`: anything not about the response is about the request.
  return all.filter((violation) => violation.location[0] !== 'response');
}
