/** The spec's `$encoding`: read into the model's body fields, and reported where it cannot apply. */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../generator/diagnostics.js';
import { compileSpec, generateSource } from '../../generator/generate.js';

function spec(body: string): string {
  return `client: Api\npaths:\n  send:\n    method: POST\n    path: /send\n    body:\n${body}`;
}

const FORM = '      $type:\n        ids: integer[]\n        meta: Record<string, string>\n      $content_type: application/x-www-form-urlencoded\n';

describe('$encoding in a spec', () => {
  it('gives each named field its style and explode, and the method its runtime encoding', () => {
    const text = spec(`${FORM}      $encoding:\n        ids: { style: pipeDelimited, explode: true }\n        meta: deepObject\n`);
    const { model, diagnostics } = compileSpec(text, 'spec.yaml');
    expect(diagnostics).toEqual([]);
    expect(model?.methods[0]?.body?.fields).toEqual([
      { name: 'ids', style: 'pipeDelimited', explode: true, contentType: undefined, headers: [] },
      { name: 'meta', style: 'deepObject', explode: true, contentType: undefined, headers: [] },
    ]);
    expect(generateSource(text, 'spec.yaml').code).toContain("{ ...options, form: body, encoding: { ids: { style: 'pipeDelimited', explode: true } } }");
  });

  it('warns about a field the body does not have, and refuses part keys in a form and a style it does not know', () => {
    const lines = (body: string): string[] => compileSpec(spec(body), 'spec.yaml').diagnostics.map(formatDiagnostic);
    expect(lines(`${FORM}      $encoding:\n        id: form\n`)).toEqual(['spec.yaml:12:9: warning: paths.send.body.$encoding.id: the encoding names "id", which the body\'s schema does not have; it is ignored']);
    expect(lines(`${FORM}      $encoding:\n        ids: { content_type: text/csv }\n        meta: matrix\n`)).toEqual([
      'spec.yaml:12:16: paths.send.body.$encoding.ids.content_type: unknown key "content_type"; expected one of style, explode',
      'spec.yaml:13:15: paths.send.body.$encoding.meta: expected one of form, spaceDelimited, pipeDelimited, deepObject; got "matrix"',
    ]);
  });
});
