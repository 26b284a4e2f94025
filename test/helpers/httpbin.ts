import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

// Debian's python3-httpbin installs for the system Python, not whichever python3 is first on PATH.
const SYSTEM_PYTHON = '/usr/bin/python3';

export interface Httpbin {
  readonly origin: string;
  stop(): Promise<void>;
}

/** A loopback port that was free a moment ago, for a server that takes a fixed port (not 0). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function answers(origin: string): Promise<boolean> {
  try {
    const response = await fetch(origin + '/status/200');
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

/** Starts Debian's httpbin (a server no one here wrote) on a loopback port and waits until it answers. */
export async function startHttpbin(): Promise<Httpbin> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  let output = '';
  const child: ChildProcess = spawn(SYSTEM_PYTHON, ['-m', 'httpbin.core', '--host', '127.0.0.1', '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const until = Date.now() + 15_000;
  while (!(await answers(origin))) {
    if (child.exitCode !== null || Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`httpbin did not start (install Debian's python3-httpbin; .ci/run does): ${output.slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    origin,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
