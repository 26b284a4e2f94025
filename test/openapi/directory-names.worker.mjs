/**
 * A worker thread of directory-names.test.ts: generates each directory document it is sent, as
 * `sessiongen generate` does, and sends back the code or why there is none. The test checks the
 * names itself; this only spreads the generating, most of the time, over the cores. Plain
 * JavaScript over dist/, because a worker thread runs outside vitest's TypeScript transform.
 */
import { parentPort } from 'node:worker_threads';
import { generateDocument } from '../../scripts/directory-documents.mjs';

parentPort.on('message', ({ path, source }) => {
  const generated = generateDocument(path, source);
  parentPort.postMessage(generated.failure === undefined ? { path, code: generated.code } : { path, failure: generated.failure });
});
