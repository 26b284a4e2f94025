/**
 * Multi-segment path parameters in the generator: OpenAPI's `x-multi-segment: true` and the
 * spec's `$multi_segment: true` give the same model and the same emitted call, `import` prints
 * the key, and everything else stays one segment. (On the wire: wire-runtime.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { DiagnosticSink, formatDiagnostic } from '../../generator/diagnostics.js';
import { emitClient } from '../../generator/emit/client.js';
import { compileSpec } from '../../generator/generate.js';
import { readYamlSpec } from '../../generator/frontends/yaml/index.js';
import { printSpec } from '../../generator/frontends/yaml/print.js';
import { checkModel } from '../../generator/model/checks.js';
import type { ClientModel } from '../../generator/model/types.js';
import { encodePathParam, encodePathSegments, InvalidOptionError } from '../../runtime/index.js';
import { doc, method, model, read } from './helpers.js';

const contents = (extension: unknown) =>
  doc({
    paths: {
      '/repos/{owner}/contents/{path}': {
        get: {
          operationId: 'getContent',
          parameters: [
            { name: 'owner', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'path', in: 'path', required: true, schema: { type: 'string' }, ...(extension === undefined ? {} : { 'x-multi-segment': extension }) },
            { name: 'ref', in: 'query', schema: { type: 'string' }, 'x-multi-segment': true },
          ],
          responses: { '200': { description: 'ok' } },
        },
      },
    },
  });

function reprinted(client: ClientModel): { yaml: string; back: ClientModel; errors: string[] } {
  const yaml = printSpec(client, 'api.json', 'schema.json');
  const sink = new DiagnosticSink('spec.yaml');
  const draft = readYamlSpec(yaml, 'api.json', sink);
  const back = draft === undefined ? undefined : checkModel(draft, sink);
  if (back === undefined) throw new Error(sink.diagnostics.map(formatDiagnostic).join('\n'));
  return { yaml, back, errors: sink.diagnostics.filter((item) => item.severity === 'error').map(formatDiagnostic) };
}

describe('x-multi-segment (OpenAPI)', () => {
  it('marks the path parameter only, and the emitted call encodes its segments, naming it', () => {
    const client = model(contents(true));
    // The path places it: `client.repos.contents.retrieve(...)`.
    expect(method(client, 'retrieve').resource).toEqual(['repos', 'contents']);
    const [owner, path, ref] = method(client, 'retrieve').params;
    expect([owner?.multiSegment, path?.multiSegment, ref?.multiSegment]).toEqual([undefined, true, undefined]);
    const code = emitClient(client);
    expect(code).toContain("`/repos/${encodePathParam(owner)}/contents/${encodePathSegments(path, 'path')}`");
    expect(code).toContain("import { ResourceBase, Session, encodePathParam, encodePathSegments, readNone } from 'sessiongen/runtime';");
    expect(code).toContain('Its slashes are kept: each `/`-separated segment is percent-encoded');
  });

  it('without it (or false) the parameter is one segment, and encodePathSegments is not imported', () => {
    for (const extension of [undefined, false]) {
      const code = emitClient(model(contents(extension)));
      expect(code).toContain("`/repos/${encodePathParam(owner)}/contents/${encodePathParam(path)}`");
      expect(code).not.toContain('encodePathSegments');
    }
  });

  it('a value that is not true or false is a located warning, and the parameter stays one segment', () => {
    const result = read(contents('yes'));
    expect(result.errors).toEqual([]);
    expect(result.warnings.map(formatDiagnostic)).toEqual([
      expect.stringMatching(/^api\.json:\d+:\d+: warning: #\/paths\/~1repos~1\{owner\}~1contents~1\{path\}\/get\/parameters\/1\/x-multi-segment: x-multi-segment "yes" \(not true or false\) is not supported; the value is sent as one segment$/),
    ]);
    expect(method(result.model!, 'retrieve').params[1]?.multiSegment).toBeUndefined();
  });

  it('import prints $multi_segment: true, and the spec gives the same client', () => {
    const client = model(contents(true));
    const { yaml, back, errors } = reprinted(client);
    expect(errors).toEqual([]);
    expect(yaml).toContain('    params:\n      path:\n        $type: string\n        $multi_segment: true\n');
    expect(emitClient(back)).toBe(emitClient(client));
  });
});

describe('$multi_segment (YAML spec)', () => {
  const spec = (detail: string) => `client: Files\nbase_location: https://example.com\npaths:\n  getFile:\n    path: /files/{path}/raw\n    params:\n      path: ${detail}\n`;

  it('$multi_segment: true on a path parameter gives the multi-segment call', () => {
    const { model: client, diagnostics } = compileSpec(spec('{ $type: string, $multi_segment: true }'), 'spec.yaml');
    expect(diagnostics).toEqual([]);
    expect(emitClient(client!)).toContain("`/files/${encodePathSegments(path, 'path')}/raw`");
  });

  it('$multi_segment: false is one segment; a value that is not a boolean is a located error', () => {
    expect(emitClient(compileSpec(spec('{ $type: string, $multi_segment: false }'), 'spec.yaml').model!)).toContain('`/files/${encodePathParam(path)}/raw`');
    const { model: none, diagnostics } = compileSpec(spec('{ $type: string, $multi_segment: yes please }'), 'spec.yaml');
    expect(none).toBeUndefined();
    expect(diagnostics.map(formatDiagnostic)).toEqual(['spec.yaml:7:46: paths.getFile.params.path.$multi_segment: expected true or false; got "yes please"']);
  });

  it('$multi_segment on a query parameter is an unknown key there, located', () => {
    const text = 'client: Files\npaths:\n  list:\n    path: /files\n    query:\n      prefix?: { $type: string, $multi_segment: true }\n';
    const { model: none, diagnostics } = compileSpec(text, 'spec.yaml');
    expect(none).toBeUndefined();
    expect(diagnostics.map(formatDiagnostic)).toEqual([expect.stringMatching(/^spec\.yaml:6:\d+: paths\.list\.query\.prefix\?\.\$multi_segment: .*/)]);
  });
});

describe('encodePathSegments (runtime)', () => {
  it('encodes each segment as encodePathParam does one, and keeps the slashes', () => {
    for (const segments of [['docs', 'a b', 'intro#1.md'], ['ü', '名前', '😀'], ['%2F', '%2e%2e', '?q=1', 'a;b=c'], ['feature', 'x']]) {
      expect(encodePathSegments(segments.join('/'), 'path')).toBe(segments.map(encodePathParam).join('/'));
    }
    expect([encodePathSegments('', 'path'), encodePathSegments(7, 'n'), encodePathSegments(true, 'b')]).toEqual(['', '7', 'true']);
  });

  it.each(['..', '.', 'a/..', '../a', 'a/./b', 'a//b', '/a', 'a/', '/', 'a\rb', 'a\nb', 'a\u0000b'])('refuses %j, naming the parameter', (value) => {
    let thrown: unknown;
    try {
      encodePathSegments(value, 'path');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidOptionError);
    expect((thrown as InvalidOptionError).option).toBe('path');
    expect((thrown as Error).message).toMatch(/^invalid option path: /);
  });
});
