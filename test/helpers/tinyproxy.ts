import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './httpbin.js';

/** A real Debian tinyproxy on loopback, with its own config and log in a temp dir. */
export interface Tinyproxy {
  readonly port: number;
  /** `http://127.0.0.1:port`, with `user:pass@` when the proxy asks for credentials. */
  readonly url: string;
  /** The proxy's log so far. */
  log(): string;
  /** The `Request` lines of the log: the request line of each request or CONNECT the proxy got. */
  requests(): string[];
  close(): Promise<void>;
}

async function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts tinyproxy in the foreground (`-d`); `auth` makes it answer 407 without those credentials
 * (its config takes letters, digits, `-` and `.` in them, not `:` or spaces).
 */
export async function startTinyproxy(auth?: { user: string; password: string }): Promise<Tinyproxy> {
  const dir = mkdtempSync(join(tmpdir(), 'sessiongen-tinyproxy-'));
  const logFile = join(dir, 'tinyproxy.log');
  const port = await freePort();
  const config = [
    `Port ${port}`,
    'Listen 127.0.0.1',
    'Timeout 30',
    `LogFile "${logFile}"`,
    // Connect level logs each request line ("Request (file descriptor n): GET http://... HTTP/1.1").
    'LogLevel Connect',
    'MaxClients 50',
    'DisableViaHeader Yes',
    // No ConnectPort line: CONNECT is allowed to any port (the test servers' ports are random).
    ...(auth === undefined ? [] : [`BasicAuth ${auth.user} ${auth.password}`]),
  ];
  writeFileSync(join(dir, 'tinyproxy.conf'), config.join('\n') + '\n');
  const child: ChildProcess = spawn('tinyproxy', ['-d', '-c', join(dir, 'tinyproxy.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let failed: Error | undefined;
  child.once('error', (error) => (failed = error));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const until = Date.now() + 5000;
  while (!(await accepts(port))) {
    if (failed !== undefined || child.exitCode !== null || Date.now() > until) {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`tinyproxy did not start on port ${port} (install Debian's tinyproxy; .ci/run does): ${failed?.message ?? ''} ${stderr} ${readLog(logFile)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const credentials = auth === undefined ? '' : `${encodeURIComponent(auth.user)}:${encodeURIComponent(auth.password)}@`;
  return {
    port,
    url: `http://${credentials}127.0.0.1:${port}`,
    log: () => readLog(logFile),
    requests: () => [...readLog(logFile).matchAll(/Request \(file descriptor \d+\): (.*)$/gm)].map((match) => match[1]!),
    async close() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function readLog(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
