/**
 * The API's own words for an error status, for HTTPError's message: what Stripe and OpenAI put
 * in `{ error: { message } }`, GitHub and Twilio in `{ message }`, OAuth servers in
 * `{ error, error_description }`, or a short plain-text body. The text came from the peer, so it
 * is made safe to log: control characters (CR, LF, ESC, U+2028, ...) become spaces, runs of
 * whitespace one space, and it is cut at MAX_ERROR_TEXT characters.
 */

/** The most characters of the server's text in an HTTPError's message (the whole body stays in `body`). */
export const MAX_ERROR_TEXT = 500;

// C0 and C1 controls, DEL, and the separators JavaScript and some log viewers take as line ends.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** The message the body carries, unsanitized; undefined when it has none we know. */
function rawMessage(body: unknown): string | undefined {
  if (typeof body === 'string') {
    // An HTML page (a proxy's 502) says nothing a log line can use.
    return body.trimStart().startsWith('<') ? undefined : text(body);
  }
  const error = field(body, 'error');
  return text(field(error, 'message')) ?? text(field(body, 'message')) ?? text(field(body, 'error_description')) ?? text(error);
}

/** Printable, one line, at most MAX_ERROR_TEXT characters (a cut one ends in `…`). */
export function safeErrorText(raw: string): string {
  const flat = raw.replace(UNPRINTABLE, ' ').replace(/\s+/g, ' ').trim();
  if (flat.length <= MAX_ERROR_TEXT) return flat;
  // Cut between code points, never inside a surrogate pair.
  let end = MAX_ERROR_TEXT - 1;
  const code = flat.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return flat.slice(0, end) + '…';
}

/** `HTTP 402: Your card was declined.`, or `HTTP 402` when the body has no message. */
export function statusMessage(status: number, body: unknown): string {
  const raw = rawMessage(body);
  const said = raw === undefined ? '' : safeErrorText(raw);
  return said === '' ? `HTTP ${status}` : `HTTP ${status}: ${said}`;
}
