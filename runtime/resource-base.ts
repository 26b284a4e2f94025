/**
 * The base of a generated client's resource objects (`client.repos`, `client.accounts.people`):
 * they group the API's methods the way its own SDKs do, hold nothing but the client they call
 * through, and cost one property read per call. Made once, when the client is.
 */
import type { ApiCall } from './api-call.js';
import type { HTTPError } from './errors.js';
import type { HttpMethod, RequestOptions } from './options.js';
import type { PagedCall } from './paged-call.js';
import type { PageRule } from './paging.js';
import type { ResponseReader } from './readers.js';
import { sessionCalls } from './session.js';
import type { Session } from './session.js';

export abstract class ResourceBase {
  readonly #client: Session;

  constructor(client: Session) {
    this.#client = client;
  }

  /** What a resource's generated methods call: the client's own callApi. */
  protected callApi<T, E extends HTTPError = HTTPError>(method: HttpMethod, target: string, options: RequestOptions, reader: ResponseReader<T>): ApiCall<T, E> {
    return sessionCalls.callApi<T, E>(this.#client, method, target, options, reader);
  }

  /** What a resource's generated paged methods call: the client's own callPaged. */
  protected callPaged<Page, Item, E extends HTTPError = HTTPError>(method: HttpMethod, target: string, options: RequestOptions, reader: ResponseReader<Page>, rule: PageRule): PagedCall<Page, Item, E> {
    return sessionCalls.callPaged<Page, Item, E>(this.#client, method, target, options, reader, rule);
  }
}
