import { describe, expect, it } from 'vitest';
import { DIAGNOSTICS, formatDiagnostic } from '../../generator/diagnostics.js';
import { DOCUMENT_CASES, OPENAPI_CODES } from './diagnostic-cases.js';
import { read } from './helpers.js';

describe('OpenAPI diagnostics', () => {
  it('every code the front end declares has a case', () => {
    expect(OPENAPI_CODES.filter((code) => DOCUMENT_CASES[code] === undefined)).toEqual([]);
    expect(OPENAPI_CODES.filter((code) => !(code in DIAGNOSTICS))).toEqual([]);
  });

  it.each(Object.entries(DOCUMENT_CASES))('%s is reported at its line, column and pointer', (code, testCase) => {
    const file = testCase.file ?? 'api.json';
    const result = read(testCase.text, { file, ...(testCase.files === undefined ? {} : { files: testCase.files }) });
    const found = result.diagnostics.filter((item) => item.code === code).map(formatDiagnostic);
    // A loop of $refs is reported from each place that enters it.
    expect(found.length, result.printed).toBeGreaterThanOrEqual(1);
    expect(found[0]!.startsWith(`${file}:${testCase.expected}`), `${found[0]}\nexpected ${file}:${testCase.expected}`).toBe(true);
    if (result.errors.length > 0) expect(result.model).toBeUndefined();
  });
});
