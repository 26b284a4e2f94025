import { describe, expect, it } from 'vitest';
import { RedirectError, SessionError } from '../../runtime/index.js';
import { rejection, useHarness } from '../helpers/harness.js';

/** Issue 10, item 3: a Location that is no URL is the peer's fault, and fails as a RedirectError. */
const h = useHarness();

describe('hostile Location headers', () => {
  for (const location of ['http://[bad', 'http://', 'http://127.0.0.1:70000/x', 'https://exa mple.com/']) {
    it(`302 with Location: ${location} rejects with a RedirectError naming the chain`, async () => {
      const server = await h.server((request, response) => {
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
