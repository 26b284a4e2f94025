/**
 * Streams and responses read by what arrives, from the unmodified OpenAI and GitHub documents:
 * OpenAI's chat completion streamed when its body says `stream: true` (chunks in `data:` events,
 * then `data: [DONE]`), the same method's JSON otherwise, a file served as octet-stream, an HTML
 * page where JSON was documented, and GitHub's raw file content asked for with `accept`. Each
 * request is checked byte for byte on a loopback server, and the calls type-check as a user writes them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BodyUsedError, EventStream, ParseError } from 'sessiongen/runtime';
import type { ApiCall, CallOptions, SessionOptions } from 'sessiongen/runtime';
import { startServer, type TestServer } from '../helpers/server.js';
import { realClient, typeCheckUsage, type GeneratedReal } from './real-clients.js';

const { version } = (await import('../../package.json', { with: { type: 'json' } })).default as { version: string };

interface ChatChunk {
  readonly id: string;
  readonly choices: readonly { readonly delta: { readonly content?: string | null } }[];
}
interface StreamingClient {
  readonly chat: { createChatCompletion(args: CallOptions & { body: Record<string, unknown> }): ApiCall<unknown> };
  readonly files: { downloadFile(args: CallOptions & { file_id: string }): ApiCall<string> };
  readonly models: { listModels(options?: CallOptions): ApiCall<unknown> };
}
interface ContentClient {
  readonly repos: { getContent(args: CallOptions & { owner: string; repo: string; path: string }): ApiCall<unknown> };
}

const CHUNKS = [
  { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o', choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] },
  { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o', choices: [{ index: 0, delta: { content: 'Hel' }, finish_reason: null }] },
  { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o', choices: [{ index: 0, delta: { content: 'lo' }, finish_reason: 'stop' }] },
];
const COMPLETION = { id: 'chatcmpl-2', object: 'chat.completion', created: 1, model: 'gpt-4o', choices: [{ index: 0, message: { role: 'assistant', content: 'Hello', refusal: null }, finish_reason: 'stop', logprobs: null }] };
/** A JSONL training file: JSON on each line, which the document calls a JSON string and the API serves as bytes. */
const FILE = '{"messages":[{"role":"user","content":"hi"}]}\n{"messages":[]}\n';
const README = '# Hello\n\nRaw "file" text, not JSON.\n';

let server: TestServer;
let openai: GeneratedReal;
let github: GeneratedReal;

async function answer(request: IncomingMessage, response: ServerResponse, body: string): Promise<void> {
  const path = request.url ?? '';
  if (path === '/v1/chat/completions') {
    if ((JSON.parse(body) as { stream?: boolean }).stream !== true) return void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(COMPLETION));
    // As OpenAI answers: one `data:` event per chunk, written as they come, then `data: [DONE]`.
    response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    for (const chunk of CHUNKS) {
      response.write(`data: ${JSON.stringify(chunk)}\n\n`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    return void response.end('data: [DONE]\n\n');
  }
  if (path === '/v1/files/file-abc/content') return void response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(FILE);
  if (path === '/v1/models') return void response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<html><body>Bad gateway</body></html>');
  if (path === '/repos/octo/hello/contents/README.md') {
    if (request.headers.accept === 'application/vnd.github.raw') return void response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(README);
    return void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'file', name: 'README.md', path: 'README.md', content: Buffer.from(README).toString('base64'), encoding: 'base64' }));
  }
  response.writeHead(404).end();
}

function client<T>(real: GeneratedReal, className: string, options: SessionOptions & Record<string, unknown>): T & { close(): Promise<void> } {
  const Client = real.module[className] as new (options: SessionOptions & Record<string, unknown>) => T & { close(): Promise<void> };
  return new Client({ baseLocation: server.origin, ...options });
}

function headersOf(index: number): Record<string, string | string[] | undefined> {
  return { ...server.received[index]!.headers };
}

beforeAll(async () => {
  server = await startServer(answer);
  [openai, github] = await Promise.all([realClient('openai'), realClient('github')]);
}, 240_000);

afterAll(async () => {
  await server.close();
});

describe('OpenAI chat completions, streamed when the body says stream: true', () => {
  it('sends stream: true with Accept: text/event-stream and reads the typed chunks up to [DONE]; the same method without it returns the JSON', async () => {
    const api = client<StreamingClient>(openai, 'OpenAIAPI', { apiKeyAuth: 'sk-test' });
    const stream = await api.chat.createChatCompletion({ body: { model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }], stream: true } });
    expect(stream).toBeInstanceOf(EventStream);
    const chunks: ChatChunk[] = [];
    for await (const event of stream as EventStream<ChatChunk>) chunks.push(event.data);
    expect(chunks).toEqual(CHUNKS);
    const completion = await api.chat.createChatCompletion({ body: { model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] } });
    expect(completion).toEqual(COMPLETION);
    await api.close();

    const [streamed, plain] = server.received.slice(-2);
    const streamedBody = '{"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}],"stream":true}';
    expect([streamed!.method, streamed!.url, streamed!.raw.toString('utf8')]).toEqual(['POST', '/v1/chat/completions', streamedBody]);
    expect({ ...streamed!.headers }).toEqual({
      host: server.origin.slice('http://'.length),
      connection: 'keep-alive',
      'user-agent': `sessiongen/${version}`,
      accept: 'text/event-stream',
      'accept-encoding': 'gzip, deflate, br',
      authorization: 'Bearer sk-test',
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(streamedBody)),
    });
    const plainBody = '{"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}]}';
    expect([plain!.method, plain!.url, plain!.raw.toString('utf8')]).toEqual(['POST', '/v1/chat/completions', plainBody]);
    // Without a stream, no Accept: as before, and as the session's own headers say.
    expect({ ...plain!.headers }).toEqual({
      host: server.origin.slice('http://'.length),
      connection: 'keep-alive',
      'user-agent': `sessiongen/${version}`,
      'accept-encoding': 'gzip, deflate, br',
      authorization: 'Bearer sk-test',
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(plainBody)),
    });
    // The stream ended at [DONE] with its body: the one connection served both calls.
    expect(plain!.socket).toBe(streamed!.socket);
  });

  it('type-checks the streamed and the plain call as a user writes them, each typed by what the body asks', () => {
    const run = typeCheckUsage(
      openai,
      'streams-usage',
      `import { OpenAIAPI } from './client.js';
import type { CreateChatCompletionResponse, CreateChatCompletionStreamResponse } from './client.js';

const client = new OpenAIAPI({ apiKeyAuth: 'sk-test' });
const model = 'gpt-4o';
const messages = [{ role: 'user' as const, content: 'Say hello' }];
let text = '';
for await (const chunk of await client.chat.createChatCompletion({ body: { model, messages, stream: true } })) {
  const data: CreateChatCompletionStreamResponse = chunk.data;
  text += data.choices[0]?.delta.content ?? '';
}
const completion: CreateChatCompletionResponse = await client.chat.createChatCompletion({ body: { model, messages } });
const content: string | null | undefined = completion.choices[0]?.message.content;
const maybe = await client.chat.createChatCompletion({ body: { model, messages, stream: Math.random() > 0.5 } });
if ('id' in maybe) console.log(maybe.id);
else for await (const chunk of maybe) console.log(chunk.data.id);
for await (const event of await client.audio.createSpeech({ body: { model: 'gpt-4o-mini-tts', input: 'hi', voice: 'alloy', stream_format: 'sse' } })) console.log(event.data.type);
const audio: Uint8Array = await client.audio.createSpeech({ body: { model: 'gpt-4o-mini-tts', input: 'hi', voice: 'alloy' } });
const file: string = await client.files.downloadFile({ file_id: 'file-abc' });
const bytes: Uint8Array = await client.files.downloadFile({ file_id: 'file-abc' }).bytes();
console.log(text, content, audio, file, bytes);
`,
    );
    expect(run.stdout + run.stderr).toBe('');
  }, 240_000);
});

describe('responses read by the Content-Type that arrives', () => {
  it("OpenAI's downloadFile, documented as a JSON string and served as application/octet-stream, gives the file's text, or its bytes", async () => {
    const api = client<StreamingClient>(openai, 'OpenAIAPI', { apiKeyAuth: 'sk-test' });
    expect(await api.files.downloadFile({ file_id: 'file-abc' })).toBe(FILE);
    expect(Buffer.from(await api.files.downloadFile({ file_id: 'file-abc' }).bytes()).toString('utf8')).toBe(FILE);
    const request = server.received.at(-1)!;
    expect([request.method, request.url, request.raw.length]).toEqual(['GET', '/v1/files/file-abc/content', 0]);
    await api.close();
  });

  it('a method documented as JSON answered with text/html fails with a ParseError naming text/html', async () => {
    const api = client<StreamingClient>(openai, 'OpenAIAPI', { apiKeyAuth: 'sk-test' });
    const error: unknown = await api.models.listModels().then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).code).toBe('ERR_BODY_NOT_JSON');
    expect((error as ParseError).message).toBe(`response body is text/html; charset=utf-8, not JSON; read it with .text() or .bytes() on the call (GET ${server.origin}/v1/models)`);
    // The same call read as text instead gets the page.
    expect(await api.models.listModels().text()).toBe('<html><body>Bad gateway</body></html>');
    await api.close();
  });

  it("GitHub's repos/get-content with accept: application/vnd.github.raw sends that Accept and gives the raw file as text", async () => {
    const api = client<ContentClient>(github, 'GitHubOfficialOpenAPISpec', {});
    const raw = await api.repos.getContent({ owner: 'octo', repo: 'hello', path: 'README.md', accept: 'application/vnd.github.raw' }).text();
    expect(raw).toBe(README);
    const request = server.received.at(-1)!;
    expect([request.method, request.url, request.raw.length]).toEqual(['GET', '/repos/octo/hello/contents/README.md', 0]);
    expect({ ...request.headers }).toEqual({
      host: server.origin.slice('http://'.length),
      connection: 'keep-alive',
      'user-agent': `sessiongen/${version}`,
      accept: 'application/vnd.github.raw',
      'accept-encoding': 'gzip, deflate, br',
    });
    // Without accept, the typed JSON; a second read of one call is refused.
    const call = api.repos.getContent({ owner: 'octo', repo: 'hello', path: 'README.md' });
    expect(await call).toMatchObject({ type: 'file', name: 'README.md' });
    await expect(call.text()).rejects.toBeInstanceOf(BodyUsedError);
    expect(headersOf(server.received.length - 1).accept).toBeUndefined();
    await api.close();
  });

  it('type-checks the raw read as a string, and the JSDoc names the other media types a commit is served as', () => {
    const run = typeCheckUsage(
      github,
      'raw-usage',
      `import { GitHubOfficialOpenAPISpec } from './client.js';

const client = new GitHubOfficialOpenAPISpec();
const readme: string = await client.repos.getContent({ owner: 'octo', repo: 'hello', path: 'README.md', accept: 'application/vnd.github.raw' }).text();
const diff: string = await client.repos.getCommit({ owner: 'octo', repo: 'hello', ref: 'main', accept: 'application/vnd.github.diff' }).text();
console.log(readme, diff);
`,
    );
    expect(run.stdout + run.stderr).toBe('');
  }, 240_000);
});
