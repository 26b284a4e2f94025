/**
 * Spec strings must never break out of the string, comment or template they are written into.
 * Each check evaluates the emitted piece with the JavaScript parser and compares the value.
 */
import { describe, expect, it } from 'vitest';
import { jsDocLines, lineCommentText, objectKey, stringLiteral, templateText } from '../../generator/emit/literals.js';

const HOSTILE = [
  "'", '"', '`', '\\', '${x}', '*/', '/*', '\n', '\r\n', '\u2028', '\u2029', '\u0000', '\t', '</script>',
  '\ud800', '\udc00', '😀', '$', '{', '}', "'); process.exit(1); ('", '`; throw 1; `', '*/ throw 1; /*',
];

/** Deterministic pseudo-random strings built from the hostile pieces and plain text. */
function samples(count: number): string[] {
  let seed = 42;
  const next = (limit: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % limit;
  };
  const pieces = [...HOSTILE, 'a', 'Z', ' ', '0', 'é'];
  const out = [...HOSTILE];
  for (let index = 0; index < count; index++) out.push(Array.from({ length: 1 + next(8) }, () => pieces[next(pieces.length)]).join(''));
  return out;
}

const evaluate = (expression: string): unknown => new Function(`return (${expression});`)();

describe('emitting spec strings', () => {
  it('a string literal evaluates to exactly the text', () => {
    for (const text of samples(500)) expect(evaluate(stringLiteral(text)), JSON.stringify(text)).toBe(text);
  });

  it('a template literal body evaluates to exactly the text', () => {
    for (const text of samples(500)) expect(evaluate('`' + templateText(text) + '`'), JSON.stringify(text)).toBe(text);
  });

  it('an object key sets an own property, even __proto__', () => {
    for (const key of ['__proto__', 'content-type', 'a', "it's"]) {
      const object = evaluate(`{ ${objectKey(key)}: 1 }`) as Record<string, number>;
      expect(Object.hasOwn(object, key), key).toBe(true);
    }
  });

  it('JSDoc lines never close the comment', () => {
    for (const text of samples(500)) {
      const comment = `/**\n${jsDocLines(text).map((line) => ` * ${line}`).join('\n')}\n */`;
      expect(evaluate(`(() => { ${comment} return 1; })()`), JSON.stringify(text)).toBe(1);
    }
  });

  it('a line comment stays one line', () => {
    for (const text of samples(500)) expect(evaluate(`(() => { // ${lineCommentText(text)}\nreturn 1; })()`), JSON.stringify(text)).toBe(1);
  });
});
