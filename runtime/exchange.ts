import type { Dispatcher } from 'undici';
import type { Deadline } from './deadline.js';
import { toSessionError } from './errors.js';
import type { RequestInfo } from './errors.js';
import type { Lease } from './pool.js';
import { ResponseBody, SessionResponse } from './response.js';
import type { ResponseHeaders } from './response.js';

export interface ExchangeRequest extends RequestInfo {
  readonly path: string;
  readonly headers: Record<string, string | string[]>;
  readonly body: Dispatcher.DispatchOptions['body'];
  readonly timeout: number | undefined;
  readonly keepAlive: boolean;
  readonly redirects?: readonly string[];
}

export interface Exchanged {
  readonly response: SessionResponse;
  readonly body: ResponseBody;
}

/**
 * One request and its response on one leased connection, as an undici dispatch handler. The
 * lease goes back when the response has fully arrived (not when it is read), or when it fails.
 * The deadline is the caller's to dispose: a call may span several exchanges.
 */
export function exchange(lease: Lease, request: ExchangeRequest, deadline: Deadline | undefined): Promise<Exchanged> {
  return new Promise<Exchanged>((resolve, reject) => {
    const body = new ResponseBody();
    let controller: Dispatcher.DispatchController | undefined;
    let started = false;
    let settled = false;

    const finish = (reusable: boolean): void => {
      if (settled) return;
      settled = true;
      deadline?.signal.removeEventListener('abort', onAbort);
      lease.release(reusable);
    };

    const onAbort = (): void => {
      const reason = deadline!.signal.reason as Error;
      if (controller !== undefined) controller.abort(reason);
      // Still connecting: the client is this call's alone, so destroying it ends just this call.
      else void lease.client.destroy(reason).catch(() => undefined);
    };
    if (deadline?.signal.aborted === true) {
      finish(true);
      reject(deadline.signal.reason);
      return;
    }
    deadline?.signal.addEventListener('abort', onAbort, { once: true });

    body.attach({
      pause: () => controller?.pause(),
      resume: () => controller?.resume(),
      abort: (reason) => controller?.abort(reason),
    });

    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(ctl) {
        controller = ctl;
      },
      onResponseStart(_ctl, statusCode, headers, statusMessage) {
        started = true;
        const response = new SessionResponse({
          method: request.method,
          url: request.url,
          status: statusCode,
          statusText: statusMessage ?? '',
          headers: headers as ResponseHeaders,
          body,
          redirects: request.redirects ?? [],
        });
        // Set after construction: the response registers itself for clean-up when its body pauses unread.
        const onPaused = body.onPausedUnread;
        body.onPausedUnread = () => {
          onPaused?.();
          lease.offerEarlyRelease(() => body.drainUnread());
        };
        resolve({ response, body });
      },
      onResponseData(_ctl, chunk) {
        body.push(chunk);
      },
      onResponseEnd() {
        finish(true);
        body.end();
      },
      onResponseError(_ctl, error) {
        finish(false);
        const failure = toSessionError(error, request, request.timeout);
        if (started) body.fail(failure);
        else reject(failure);
      },
    };

    try {
      lease.client.dispatch(
        { path: request.path, method: request.method as Dispatcher.HttpMethod, headers: request.headers, body: request.body, reset: !request.keepAlive },
        handler,
      );
    } catch (error) {
      finish(true);
      reject(toSessionError(error, request, request.timeout));
    }
  });
}
