import { describe, expect, it } from 'vitest';
import { InvalidOptionError, SessionResponse } from '../../runtime/index.js';
import type { Hook, PreparedRequest } from '../../runtime/index.js';
import { eventually } from '../helpers/server.js';
import { rejection, sleep, useHarness } from '../helpers/harness.js';

const h = useHarness();

/** Collects the process warnings emitted while a test runs. */
function captureWarnings(): Error[] {
  const warnings: Error[] = [];
  const listener = (warning: Error): void => {
    warnings.push(warning);
  };
  process.on('warning', listener);
  h.defer(() => process.off('warning', listener));
  return warnings;
}

describe('args hooks', () => {
  it('see the call arguments before the request is built, and a returned value replaces them', async () => {
    const server = await h.server();
    const seen: { method: string; url: string | undefined; path: string | undefined }[] = [];
    const s = h.session(server.origin, {
      hooks: {
        args: (args) => {
          seen.push(structuredClone({ method: args.method, url: args.url, path: args.options.path }));
          return { ...args, method: 'PUT', options: { ...args.options, path: '/rewritten', params: { added: 'yes' } } };
        },
      },
    });
    const response = await s.get('/original');
    expect(response.status).toBe(200);
    expect(seen).toEqual([{ method: 'GET', url: undefined, path: '/original' }]);
    expect(server.received.map((r) => [r.method, r.url])).toEqual([['PUT', '/rewritten?added=yes']]);
  });

  it('run session hooks first, then the call hooks, each on what the one before returned', async () => {
    const server = await h.server();
    const order: string[] = [];
    const s = h.session(server.origin, {
      hooks: {
        args: [
          (args) => {
            order.push('session 1');
            return { ...args, options: { ...args.options, headers: { ...args.options.headers, 'X-Trail': 'session1' } } };
          },
          async (args) => {
            await sleep(5);
            order.push('session 2');
            return { ...args, options: { ...args.options, headers: { 'X-Trail': `${String(args.options.headers?.['X-Trail'])},session2` } } };
          },
        ],
      },
    });
    await s.get('/', {
      hooks: {
        args: (args) => {
          order.push('call');
          return { ...args, options: { ...args.options, headers: { 'X-Trail': `${String(args.options.headers?.['X-Trail'])},call` } } };
        },
      },
    });
    expect(order).toEqual(['session 1', 'session 2', 'call']);
    expect(server.received[0]!.headers['x-trail']).toBe('session1,session2,call');
  });
});

describe('preRequest hooks', () => {
  it('change the request that goes out: one function, a list, async or not, session then call', async () => {
    const server = await h.server();
    const order: string[] = [];
    const append = (name: string): Hook<PreparedRequest> => (request) => {
      order.push(name);
      const before = request.headers['x-trail'];
      request.headers['x-trail'] = before === undefined ? name : `${String(before)},${name}`;
    };
    const s = h.session(server.origin, { hooks: { preRequest: append('s1') } });
    await s.get('/one');
    s.hooks.preRequest = [
      append('s1'),
      async (request) => {
        await sleep(5);
        return append('s2')(request) ?? request;
      },
    ];
    await s.get('/two', { hooks: { preRequest: [append('c1'), append('c2')] } });
    await s.get('/three', { hooks: { preRequest: append('c') } });
    expect(server.received.map((r) => [r.url, r.headers['x-trail']])).toEqual([
      ['/one', 's1'],
      ['/two', 's1,s2,c1,c2'],
      ['/three', 's1,s2,c'],
    ]);
    expect(order).toEqual(['s1', 's1', 's2', 'c1', 'c2', 's1', 's2', 'c']);
  });

  it('a returned request replaces the one given (method, URL and headers)', async () => {
    const server = await h.server();
    const s = h.session(server.origin);
    await s.get('/asked', {
      hooks: {
        preRequest: (request) => ({ ...request, method: 'DELETE', url: `${server.origin}/replaced?x=1`, headers: { 'x-replaced': 'yes' } }),
      },
    });
    expect(server.received).toHaveLength(1);
    expect(server.received[0]!.method).toBe('DELETE');
    expect(server.received[0]!.url).toBe('/replaced?x=1');
    expect(server.received[0]!.headers['x-replaced']).toBe('yes');
  });

  it('a hook that returns nothing (and changes nothing) leaves the request as it was', async () => {
    const server = await h.server();
    let called = 0;
    const s = h.session(server.origin, { headers: { 'X-Session': 'kept' } });
    await s.post('/same', {
      json: { a: 1 },
      hooks: {
        preRequest: () => {
          called++;
          return undefined;
        },
      },
    });
    expect(called).toBe(1);
    const [received] = server.received;
    expect(received!.method).toBe('POST');
    expect(received!.url).toBe('/same');
    expect(received!.headers['x-session']).toBe('kept');
    expect(received!.headers['content-type']).toBe('application/json');
    expect(received!.body).toBe('{"a":1}');
  });

  it.each([
    ['CR LF', 'a\r\nX-Injected: yes'],
    ['LF', 'a\nX-Injected: yes'],
  ])('a hook that puts %s into a header value is refused before anything is sent', async (_what, value) => {
    const server = await h.server();
    const s = h.session(server.origin);
    const error = await rejection(
      s.get('/', {
        hooks: {
          preRequest: (request) => {
            request.headers['x-evil'] = value;
          },
        },
      }),
    );
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe('hooks.preRequest');
    expect(server.received).toHaveLength(0);
    expect(server.totalSockets).toBe(0);
  });
});

describe('postRequest hooks', () => {
  it('run right after the request was sent, with the request as it went out, session before call', async () => {
    const server = await h.server();
    const calls: [string, string, number][] = [];
    const s = h.session(server.origin, {
      hooks: {
        preRequest: (request) => {
          request.headers['x-pre'] = 'set';
        },
        postRequest: (request) => {
          calls.push(['session', String(request.headers['x-pre']), server.received.length]);
        },
      },
    });
    const response = await s.get('/p', {
      hooks: {
        postRequest: async (request) => {
          await sleep(1);
          calls.push(['call', request.url, server.received.length]);
        },
      },
    });
    expect(response.status).toBe(200);
    // The server had the request when the hooks ran.
    expect(calls).toEqual([
      ['session', 'set', 1],
      ['call', `${server.origin}/p`, 1],
    ]);
  });
});

describe('response hooks', () => {
  it('see the response; returning nothing keeps it, returning another replaces it', async () => {
    const server = await h.server((request, response) => void response.end(request.url));
    const s = h.session(server.origin);
    const other = h.session(server.origin);
    const seen: string[] = [];
    const response = await s.get('/first', {
      hooks: {
        response: [
          (r) => {
            seen.push(r.url);
          },
          async (r) => {
            await r.dump();
            return other.get('/second');
          },
          (r) => {
            seen.push(r.url);
          },
        ],
      },
    });
    expect(response).toBeInstanceOf(SessionResponse);
    expect(await response.text()).toBe('/second');
    expect(seen).toEqual([`${server.origin}/first`, `${server.origin}/second`]);
  });

  it('session response hooks run before the call ones', async () => {
    const server = await h.server();
    const order: string[] = [];
    const s = h.session(server.origin, { hooks: { response: [() => void order.push('s1'), () => void order.push('s2')] } });
    await s.get('/', { hooks: { response: () => void order.push('c') } });
    expect(order).toEqual(['s1', 's2', 'c']);
  });
});

describe('a hook that throws', () => {
  it.each(['args', 'preRequest', 'postRequest', 'response'] as const)('(%s) gives a warning naming the hook, and the call goes on', async (name) => {
    const server = await h.server();
    const warnings = captureWarnings();
    const after: string[] = [];
    function brokenHook(): never {
      throw new Error('hook exploded');
    }
    const s = h.session(server.origin, { headers: { 'X-Session': 'v' } });
    const response = await s.get('/ok', { hooks: { [name]: [brokenHook, () => void after.push(name)] } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    // The call went out unchanged, once, and the next hook still ran.
    expect(server.received).toHaveLength(1);
    expect(server.received[0]!.url).toBe('/ok');
    expect(server.received[0]!.headers['x-session']).toBe('v');
    expect(after).toEqual([name]);
    await eventually(() => warnings.length > 0, 'a process warning');
    const warning = warnings.find((w) => w.message.includes('hook exploded'));
    expect(warning, warnings.map((w) => w.message).join('\n')).toBeDefined();
    expect(warning!.message).toContain(name);
    expect(warning!.message).toContain('brokenHook');
  });

  it('an async hook that rejects also warns, and later hooks see the value unchanged', async () => {
    const server = await h.server();
    const warnings = captureWarnings();
    const s = h.session(server.origin);
    await s.get('/', {
      hooks: {
        preRequest: [
          (request) => {
            request.headers['x-first'] = '1';
          },
          async () => {
            await sleep(1);
            throw new Error('async failure');
          },
          (request) => {
            request.headers['x-third'] = String(request.headers['x-first']);
          },
        ],
      },
    });
    expect(server.received[0]!.headers['x-first']).toBe('1');
    expect(server.received[0]!.headers['x-third']).toBe('1');
    await eventually(() => warnings.some((w) => w.message.includes('async failure') && w.message.includes('preRequest')), 'a preRequest warning');
  });
});
