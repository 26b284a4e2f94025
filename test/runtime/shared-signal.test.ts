import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AbortError } from '../../runtime/index.js';
import { gate, rejection, useHarness } from '../helpers/harness.js';
import { eventually } from '../helpers/server.js';

/** Issue 10, item 9: many calls on one AbortSignal is normal use, and gives no MaxListenersExceededWarning. */
const h = useHarness();

let warnings: Error[] = [];
const onWarning = (warning: Error): void => void warnings.push(warning);
beforeEach(() => {
  warnings = [];
  process.on('warning', onWarning);
});
afterEach(() => {
  process.off('warning', onWarning);
});

async function settleWarnings(): Promise<string[]> {
  // process 'warning' is emitted on a later tick.
  await new Promise((resolve) => setImmediate(resolve));
  return warnings.map((warning) => warning.name);
}

describe('one AbortSignal shared by many calls', () => {
  it('50 calls on the session signal and one user signal: no warning, one listener at most, none after', async () => {
    const open = gate();
    const server = await h.server(async (_request, response) => {
      await open.wait;
      response.end('ok');
    });
    const sessionSignal = new AbortController().signal;
    const userSignal = new AbortController().signal;
    const s = h.session(server.origin, { connections: 50, signal: sessionSignal });
    const calls = Array.from({ length: 50 }, () => s.get('/', { signal: userSignal }));
    await eventually(() => server.received.length === 50, 'all 50 calls to arrive');
    expect(getEventListeners(sessionSignal, 'abort').length).toBe(1);
    expect(getEventListeners(userSignal, 'abort').length).toBe(1);
    open.open();
    for (const response of await Promise.all(calls)) await response.text();
    expect(getEventListeners(sessionSignal, 'abort').length).toBe(0);
    expect(getEventListeners(userSignal, 'abort').length).toBe(0);
    expect(await settleWarnings()).not.toContain('MaxListenersExceededWarning');
  });

  it('aborting the shared signal still ends every call waiting on it, queued or in flight', async () => {
    const server = await h.server(() => undefined);
    const controller = new AbortController();
    const s = h.session(server.origin, { connections: 3 });
    const calls = Array.from({ length: 12 }, () => rejection(s.get('/', { signal: controller.signal })));
    await eventually(() => server.received.length === 3, 'three calls in flight');
    controller.abort(new Error('enough'));
    const errors = await Promise.all(calls);
    expect(errors.every((error) => error instanceof AbortError)).toBe(true);
    expect(await settleWarnings()).not.toContain('MaxListenersExceededWarning');
  });
});
