/**
 * The characters a method's path may hold as written, one rule for both front ends: RFC 3986
 * pchar, `/`, `?` (a fixed query such as OpenAI's `/responses?beta=true`) and `%XX` escapes. A
 * spec must write anything else percent-encoded; a document's path is encoded here, as the
 * runtime would encode it on the wire anyway, so both read into the same model.
 */

/** One allowed character, or one escape, at the start of the text. */
export const PATH_TEXT = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|^%[0-9A-Fa-f]{2}/;

const NOT_PATH_TEXT = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/?%]|%(?![0-9A-Fa-f]{2})/gu;

/** The text with every character a path may not hold percent-encoded as UTF-8 (`/a b` gives `/a%20b`). */
export function encodePathText(text: string): string {
  return text.replace(NOT_PATH_TEXT, (char) => encodeURIComponent(char));
}
