/**
 * YAML text for the plain data `sessiongen import` prints (strings, numbers, booleans, null,
 * arrays, objects and Maps), in block style. The `yaml` package's Document builds a node per
 * value and stringifies it with every option checked: half a second of GitHub's import. This
 * writes the same shape directly: keys and strings plain where the YAML 1.2 core schema reads
 * them back as the same string, JSON-quoted (a valid YAML double-quoted scalar) where not, and
 * text of several lines as a literal block (`|-`) where one can hold it exactly.
 * The import tests read every printed spec back with the `yaml` package.
 */

export type YamlValue = string | number | boolean | null | readonly YamlValue[] | { readonly [key: string]: YamlValue } | ReadonlyMap<string, YamlValue>;

/** Characters that cannot start a plain scalar, or would make it read as something else. */
const BAD_FIRST = new Set([...',[]{}#&*!|>\'"%@`<=~ \t']);

/** These start a plain scalar when a non-space follows (`-1?`, `.git`); no plain scalar may read as a number. */
const INDICATOR_FIRST = new Set([...'-?:.+']);

/** Numbers (and YAML 1.1's sexagesimals and infinities), which plain text would read back as. */
const NUMBER_LIKE = /^[-+]?(?:\.[0-9]|[0-9])[0-9_]*(?:[.:][0-9_]*)*(?:[eE][-+]?[0-9]+)?$|^[-+]?\.(?:inf|nan)$|^0x[0-9a-f]+$|^0o[0-7]+$/i;

/** Plain text that reads as null, a boolean or a number in YAML 1.2's core schema (and 1.1's booleans, to be safe). */
const NOT_A_STRING = /^(?:~|null|true|false|yes|no|on|off|y|n)$/i;

/** Anything YAML would not keep as it is inside a plain or block scalar: controls, line and page separators, BOM, lone surrogates. */
const UNSAFE_CHAR = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function isPlain(text: string): boolean {
  if (text === '' || BAD_FIRST.has(text[0]!) || NOT_A_STRING.test(text)) return false;
  if (INDICATOR_FIRST.has(text[0]!) && (text.length === 1 || text[1] === ' ')) return false;
  if (NUMBER_LIKE.test(text)) return false;
  if (text.endsWith(' ') || text.endsWith(':') || text.includes('\t') || text.includes('\n') || text.includes('\r')) return false;
  if (text.includes(': ') || text.includes(' #')) return false;
  return !UNSAFE_CHAR.test(text);
}

/** A double-quoted scalar: JSON's escapes are YAML's, plus the characters YAML reads as breaks or drops. */
function quoted(text: string): string {
  return JSON.stringify(text).replace(/[\u0085\u2028\u2029\ufeff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Single quotes for one line holding double quotes (and no single ones), which read better so. */
function singleQuoted(text: string): string | undefined {
  return text.includes('"') && !text.includes("'") && !text.includes('\n') && !text.includes('\r') && !UNSAFE_CHAR.test(text) ? `'${text}'` : undefined;
}

/**
 * A literal block for text of several lines, when one holds it exactly (tabs are content there):
 * no control character or carriage return, the first line not indented (indentation is taken from it), the last not
 * blank, at most one final line break.
 */
function literalBlock(text: string, indent: string): string | undefined {
  if (!text.includes('\n') || text.includes('\r') || UNSAFE_CHAR.test(text)) return undefined;
  const ending = text.endsWith('\n') ? (text.endsWith('\n\n') ? undefined : '') : '-';
  if (ending === undefined) return undefined;
  const lines = (ending === '' ? text.slice(0, -1) : text).split('\n');
  if (lines[0] === '' || lines[0]!.startsWith(' ')) return undefined;
  // A line of spaces is content (past the indentation) after the first line; not as the last, to be safe.
  if (lines.at(-1)!.trim() === '') return undefined;
  return `|${ending}\n${lines.map((line) => (line === '' ? '' : indent + line)).join('\n')}`;
}

function scalar(value: string | number | boolean | null, indent: string): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : Number.isNaN(value) ? '.nan' : value > 0 ? '.inf' : '-.inf';
  if (isPlain(value)) return value;
  return literalBlock(value, indent) ?? singleQuoted(value) ?? quoted(value);
}

function key(text: string): string {
  return isPlain(text) ? text : quoted(text);
}

function entries(value: YamlValue): [string, YamlValue][] | undefined {
  if (value instanceof Map) return [...value];
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return Object.entries(value);
  return undefined;
}

function isEmptyCollection(value: YamlValue): boolean {
  if (Array.isArray(value)) return value.length === 0;
  const list = entries(value);
  return list !== undefined && list.length === 0;
}

/** Lines for a value that is a collection, at `indent`. */
function collection(value: YamlValue, indent: string, out: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value as readonly YamlValue[]) {
      if (typeof item !== 'object' || item === null || isEmptyCollection(item)) {
        out.push(`${indent}- ${inline(item, `${indent}  `)}`);
        continue;
      }
      // The item's first line follows the dash; the rest line up under it.
      const inner: string[] = [];
      collection(item, `${indent}  `, inner);
      out.push(`${indent}- ${inner[0]!.slice(indent.length + 2)}`, ...inner.slice(1));
    }
    return;
  }
  for (const [name, item] of entries(value)!) {
    if (typeof item !== 'object' || item === null || isEmptyCollection(item)) out.push(`${indent}${key(name)}: ${inline(item, `${indent}  `)}`);
    else {
      out.push(`${indent}${key(name)}:`);
      // Sequences under a key are indented, as the yaml package writes them.
      collection(item, `${indent}  `, out);
    }
  }
}

/** A scalar or an empty collection, on the line of its key or dash. */
function inline(value: YamlValue, indent: string): string {
  if (Array.isArray(value)) return '[]';
  if (typeof value === 'object' && value !== null) return '{}';
  return scalar(value, indent);
}

/** A document: `# comment` lines, a blank line, then the value (a map at the top). */
export function yamlText(value: YamlValue, comment: readonly string[] = []): string {
  const out: string[] = comment.map((line) => `#${line}`);
  if (out.length > 0) out.push('');
  if (typeof value === 'object' && value !== null && !isEmptyCollection(value)) collection(value, '', out);
  else out.push(inline(value, '  '));
  return `${out.join('\n')}\n`;
}
