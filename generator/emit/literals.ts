/**
 * Every spec string reaches the emitted code through one of these functions, so none can end
 * a string, comment or template early or add a line where it should not.
 */
import { isIdentifierName } from '../model/names.js';

// Backslash, the quote, control characters, the JS line separators, and lone surrogates
// (which would make the file invalid UTF-8).
const UNSAFE_IN_STRING = /[\\'\u0000-\u001f\u007f\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeChar(char: string): string {
  return SHORT_ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * ts-morph's writer takes any quote, backtick or `${` right after a backslash as escaped, so
 * `'\\'` (a text ending in a backslash) looked unterminated to it and it broke the file after
 * it. A backslash that ends the text is written `\u005c`, which reads the same to JavaScript.
 */
function endSafe(escaped: string): string {
  return escaped.endsWith('\\\\') ? `${escaped.slice(0, -2)}\\u005c` : escaped;
}

/** A single-quoted string literal that evaluates to exactly `text`. */
export function stringLiteral(text: string): string {
  return `'${endSafe(text.replace(UNSAFE_IN_STRING, escapeChar))}'`;
}

/** A key in a type (`name`, or `'content-type'` when it is not an identifier). */
export function typeMemberName(name: string): string {
  return isIdentifierName(name) ? name : stringLiteral(name);
}

/** A key in an object literal. `__proto__` must be computed, or it would set the prototype instead. */
export function objectKey(name: string): string {
  if (name === '__proto__') return `[${stringLiteral(name)}]`;
  return typeMemberName(name);
}

const LINE_BREAK = /\r\n|[\n\r\u2028\u2029]/;

/** Lines for a JSDoc block: `*​/` cannot close it, and every kind of line break starts a new line. */
export function jsDocLines(text: string): string[] {
  return text
    .split(LINE_BREAK)
    .map((line) => line.replace(/\*\//g, '*\\/').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, escapeChar).trimEnd());
}

/** An API's name in backticks on one line of JSDoc: a line break in it could start a line of its own (`@deprecated`). */
export function codeSpan(name: string): string {
  return `\`${lineCommentText(name)}\``;
}

/** Text for a `//` comment: one line whatever it holds. */
export function lineCommentText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, escapeChar);
}

/** The body of a template literal that evaluates to exactly `text`. */
export function templateText(text: string): string {
  return endSafe(text.replace(/\\|`|\$\{|[\u0000-\u001f\u007f\u2028\u2029]/g, (match) => (match === '${' ? '\\${' : match === '`' ? '\\`' : escapeChar(match))));
}
