#!/usr/bin/env node
// The `sessiongen` bin; everything it does is in command.ts, so tests can call it in-process too.
import { main } from './cli/command.js';

const print = (stream: NodeJS.WriteStream) => (line: string): void => void stream.write(line + '\n');
process.exitCode = await main(process.argv.slice(2), print(process.stdout), print(process.stderr));
