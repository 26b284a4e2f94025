/**
 * The YAML spec's `stream` key: a result the server streams instead when the body asks for it,
 * read into the same model the OpenAPI front end makes, with located errors for what cannot work.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../generator/diagnostics.js';
import { compileSpec, generateSource } from '../../generator/generate.js';

const HEAD = 'client: Chat\nbase_location: https://api.example.com\ntypes:\n  Request: { model: string, "stream?": "boolean | null", "format?": "\'sse\' | \'json\'" }\n  Chunk: { delta: string }\npaths:\n  chat:\n    method: POST\n    path: /chat\n';

function errors(spec: string): string[] {
  return compileSpec(spec, 'spec.yaml').diagnostics.map(formatDiagnostic);
}

describe('the stream key of a path', () => {
  it('overloads the method on the body value that asks for the stream; JSON lines by $content_type', () => {
    const { code, diagnostics } = generateSource(`${HEAD}    body: Request\n    response: { id: string }\n    stream:\n      when: { stream: true }\n      response: Chunk\n  lines:\n    method: POST\n    path: /lines\n    body: Request\n    response: binary\n    stream:\n      when: { format: sse }\n      response: { $type: Chunk, $content_type: application/x-ndjson }\n`, 'spec.yaml');
    expect(diagnostics).toEqual([]);
    expect(code).toContain(
      [
        "  chat(args: StreamingArgs<ChatArgs, 'stream', true>): ApiCall<EventStream<Chunk>>;",
        "  chat(args: NonStreamingArgs<ChatArgs, 'stream', true>): ApiCall<ChatResponse>;",
        '  chat(args: ChatArgs): ApiCall<ChatResponse | EventStream<Chunk>>;',
        '  chat(args: ChatArgs): ApiCall<ChatResponse | EventStream<Chunk>> {',
        '    const { body, ...options } = args;',
        "    return this.callApi<ChatResponse | EventStream<Chunk>>('POST', '/chat', { ...options, json: body }, body.stream === true ? readEvents : readJson);",
      ].join('\n'),
    );
    expect(code).toContain("lines(args: StreamingArgs<LinesArgs, 'format', 'sse'>): ApiCall<JsonLines<Chunk>>;");
    expect(code).toContain("body.format === 'sse' ? readJsonLines : readBytes");
  });

  it('reports a stream without a body, a when that is not one key, and a media type that is not a stream, where they are', () => {
    expect(errors(`${HEAD}    response: unknown\n    stream:\n      when: { stream: true }\n      response: Chunk\n`)).toEqual([
      'spec.yaml:11:5: paths.chat.stream: stream: the stream is asked for by a key of the body, so the path needs a JSON, form or multipart body',
    ]);
    expect(errors(`${HEAD}    body: Request\n    stream:\n      when: { stream: true, format: sse }\n      response: Chunk\n`)).toEqual([
      'spec.yaml:12:13: paths.chat.stream.when: stream: when must be one body key and the value that asks for the stream, as { stream: true }',
    ]);
    expect(errors(`${HEAD}    body: Request\n    stream:\n      when: { format: ndjson }\n      response: Chunk\n`)).toEqual([
      'spec.yaml:12:15: paths.chat.stream.when.format: stream: the body\'s "format" cannot be "ndjson"',
    ]);
    expect(errors(`${HEAD}    body: Request\n    stream:\n      when: { stream: true }\n      response: { $type: Chunk, $content_type: application/json }\n`)).toEqual([
      'spec.yaml:13:48: paths.chat.stream.response: stream: a stream is read as it arrives, so its $content_type must be text/event-stream or newline-delimited JSON; got "application/json"',
    ]);
  });
});
