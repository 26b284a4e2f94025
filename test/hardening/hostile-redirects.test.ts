import { describe, expect, it } from 'vitest';
import { ParseError, RedirectError, SessionError } from '../../runtime/index.js';
import { rejection, useHarness } from '../helpers/harness.js';

/**
 * Issue 10, item 3: every failure a peer can cause is a SessionError. A Location that is no URL
 * fails as a RedirectError; a body that is not JSON, read with json(), as a ParseError.
 */
const h = useHarness();

describe('hostile Location headers', () => {
  for (const location of ['http://[bad', 'http://', 'http://127.0.0.1:70000/x', 'https://exa mple.com/']) {
    it(`302 with Location: ${location} rejects with a RedirectError naming the chain`, async () => {
      const server = await h.server((_request, response) => {
        response.statusCode = 302;
        response.setHeader('location', location);
        response.end();
      });
      const s = h.session(server.origin);
      const error = await rejection(s.get('/start'));
      expect(error).toBeInstanceOf(RedirectError);
      expect(error).toBeInstanceOf(SessionError);
      expect((error as RedirectError).chain).toEqual([server.origin + '/start']);
      expect((error as RedirectError).message).toContain('not a valid URL');
      // The session is still usable, and the bad hop was never sent.
      expect(server.received).toHaveLength(1);
    });
  }
});

describe('a body that is not JSON', () => {
  it('json() rejects with a ParseError (a SessionError), not a bare SyntaxError', async () => {
    const server = await h.server((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end('{"truncated": ');
    });
    const s = h.session(server.origin);
    const error = await rejection((await s.get('/')).json());
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).code).toBe('ERR_BODY_JSON');
    expect((error as ParseError).cause).toBeInstanceOf(SyntaxError);
  });
});
