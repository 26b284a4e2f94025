import { describe, expect, it } from 'vitest';
import * as runtime from '../../runtime/index.js';
import type { ApiCall, CallResult, EventStream, FormMap, HTTPError, JsonLines, MultipartMap, QueryStyle, ResponseReader, ResponseStream, ServerSentEvent, SessionResponse } from '../../runtime/index.js';

// The signatures generated code is written against; a change here is a change of contract.
type Expect<T extends true> = T;
type Same<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
export type Contract = [
  Expect<Same<ResponseReader<string>, (response: SessionResponse) => Promise<string>>>,
  Expect<Same<typeof runtime.readText, ResponseReader<string>>>,
  Expect<Same<typeof runtime.readBytes, ResponseReader<Uint8Array>>>,
  Expect<Same<typeof runtime.readStream, ResponseReader<ResponseStream>>>,
  Expect<Same<typeof runtime.readNone, ResponseReader<void>>>,
  Expect<Same<typeof runtime.readJson, <T>(response: SessionResponse) => Promise<T>>>,
  Expect<Same<typeof runtime.readJsonOrText, <T>(response: SessionResponse) => Promise<T>>>,
  Expect<Same<runtime.StreamingArgs<{ body: { stream?: boolean | null } }, 'stream', true>, { body: { stream?: boolean | null } } & { readonly body: { readonly stream: true } }>>,
  Expect<{ body: { stream?: boolean | null } } extends runtime.NonStreamingArgs<{ body: { stream?: boolean | null } }, 'stream', true> ? false : true>,
  Expect<{ body: { stream: false } } extends runtime.NonStreamingArgs<{ body: { stream?: boolean | null } }, 'stream', true> ? true : false>,
  Expect<Same<ReturnType<ApiCall<number>['text']>, Promise<string>>>,
  Expect<Same<ReturnType<ApiCall<number>['bytes']>, Promise<Uint8Array>>>,
  Expect<Same<ReturnType<ApiCall<number>['stream']>, Promise<ResponseStream>>>,
  Expect<Same<typeof runtime.readEvents, <T>(response: SessionResponse) => Promise<EventStream<T>>>>,
  Expect<Same<typeof runtime.readTextEvents, (response: SessionResponse) => Promise<EventStream<string>>>>,
  Expect<Same<typeof runtime.readJsonLines, <T>(response: SessionResponse) => Promise<JsonLines<T>>>>,
  Expect<Same<ServerSentEvent<number>, { readonly event: string; readonly data: number; readonly id: string | undefined; readonly retry: number | undefined }>>,
  Expect<EventStream<number> extends AsyncIterable<ServerSentEvent<number>> ? true : false>,
  Expect<JsonLines<number> extends AsyncIterable<number> ? true : false>,
  Expect<runtime.PagedCall<{ data: string[] }, string> extends ApiCall<{ data: string[] }> & AsyncIterable<string> ? true : false>,
  Expect<Same<ReturnType<runtime.PagedCall<number[], number>['pages']> extends AsyncIterable<infer P> ? P : never, runtime.ApiPage<number[], number>>>,
  Expect<Same<runtime.ApiPage<number[], number>, { readonly data: number[]; readonly items: readonly number[]; readonly response: SessionResponse }>>,
  Expect<Same<runtime.PageRule, { readonly style: 'link'; readonly items?: runtime.ItemPath } | { readonly style: 'cursor'; readonly param: string; readonly cursor: runtime.CursorSource; readonly hasMore?: runtime.ItemPath; readonly items?: runtime.ItemPath } | { readonly style: 'offset'; readonly param: string; readonly items?: runtime.ItemPath } | { readonly style: 'page'; readonly param: string; readonly start?: number; readonly items?: runtime.ItemPath } | { readonly style: 'url'; readonly next: runtime.ItemPath; readonly items?: runtime.ItemPath }>>,
  Expect<Same<runtime.CursorSource, { readonly from: 'body' | 'lastItem'; readonly path: readonly string[] }>>,
  Expect<Same<typeof runtime.queryParams, (query: Readonly<Record<string, unknown>> | undefined, styles: Readonly<Record<string, QueryStyle>>) => runtime.ParamMap>>,
  Expect<Same<CallResult<number, HTTPError>, { readonly ok: true; readonly data: number; readonly error: undefined; readonly response: SessionResponse } | { readonly ok: false; readonly data: undefined; readonly error: HTTPError; readonly response: SessionResponse }>>,
  Expect<Same<ReturnType<ApiCall<number>['result']>, Promise<CallResult<number, HTTPError>>>>,
  Expect<Same<runtime.NotFoundError<{ code: string }>['status'], 404>>,
  Expect<Same<runtime.NotFoundError<{ code: string }>['body'], { code: string }>>,
];
export type Bodies = [FormMap, MultipartMap];

describe('sessiongen/runtime exports', () => {
  it('has every value the generator and users name', () => {
    const names = [
      'Session', 'SessionResponse', 'ApiCall', 'encodePathParam', 'queryParams',
      'readJson', 'readJsonOrText', 'readText', 'readBytes', 'readStream', 'readNone',
      'readEvents', 'readTextEvents', 'readJsonLines', 'EventStream', 'JsonLines', 'PagedCall',
      'HTTPError', 'BadRequestError', 'AuthenticationError', 'PermissionDeniedError', 'NotFoundError', 'ConflictError',
      'UnprocessableEntityError', 'RateLimitError', 'InternalServerError', 'REQUEST_ID_HEADERS',
      'SessionError', 'InvalidOptionError', 'TimeoutError', 'AbortError', 'ConnectionError', 'ParseError', 'SessionClosedError', 'BodyUsedError', 'RedirectError',
      'FilePart', 'ApiKeyAuth', 'BasicAuth', 'BearerAuth', 'DigestAuth',
    ];
    expect(names.filter((name) => !(name in runtime))).toEqual([]);
    const byStatus = [runtime.BadRequestError, runtime.AuthenticationError, runtime.PermissionDeniedError, runtime.NotFoundError, runtime.ConflictError, runtime.UnprocessableEntityError, runtime.RateLimitError, runtime.InternalServerError];
    for (const type of byStatus) expect(type.prototype).toBeInstanceOf(runtime.HTTPError);
  });
});
