/**
 * `sessiongen import` writes its YAML by hand (frontends/yaml/yaml-text.ts) for speed. Whatever it
 * writes must read back, through the `yaml` package the YAML front end reads specs with, as exactly
 * the data it was given: any string, key, number and nesting.
 */
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { yamlText, type YamlValue } from '../../generator/frontends/yaml/yaml-text.js';

/** Strings YAML is touchy about, then any string at all. */
const tricky = fc.constantFrom(
  '', ' ', '-', '- a', '?', ':', 'a: b', 'a #b', '#x', '1.10', '00123', '0x1F', '1e3', '.5', '-.inf', '.NaN', 'true', 'No', 'y', '~', 'null',
  '@x', '`x`', "'", '"', '|', '>', '%x', '!x', '&a', '*a', '[1]', '{a: 1}', 'a\nb', 'a\n', '\nb', 'a\n\n', ' a\nb', 'a\r\nb', 'tab\there',
  '\u2028', '\u0085', '\ufeff', '\u0000', 'a ', '日本', '😀', '\ud800', 'line\n  indented', '--- ', '...', '<<', '=',
);
const text = fc.oneof(tricky, fc.string({ unit: 'binary', maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 20 }));
const scalar = fc.oneof(text, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
const value: fc.Arbitrary<YamlValue> = fc.letrec<{ value: YamlValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.uniqueArray(fc.tuple(text, tie('value')), { maxLength: 4, selector: ([key]) => key }).map((entries) => new Map(entries)),
  ),
})).value;

function plain(data: YamlValue): unknown {
  if (data instanceof Map) return Object.fromEntries([...data].map(([key, inner]) => [key, plain(inner)]));
  if (Array.isArray(data)) return data.map(plain);
  if (typeof data === 'number' && Object.is(data, -0)) return 0;
  return data;
}

describe('the hand-written YAML writer', () => {
  it('writes what the yaml package reads back as the same data', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(text, value), { maxLength: 6, selector: ([key]) => key }), (entries) => {
        const data = new Map(entries);
        const written = yamlText(data);
        expect(parse(written, { uniqueKeys: false }) ?? {}, written).toEqual(plain(data));
      }),
      { numRuns: 400, seed: 20261201 },
    );
  });
});
