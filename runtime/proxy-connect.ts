import type { Socket } from 'node:net';
import type { buildConnector } from 'undici';
import { ConnectionError } from './errors.js';
import type { ProxyServer } from './proxy.js';

/** The most bytes a proxy's answer to CONNECT may take before its blank line. */
const MAX_CONNECT_RESPONSE = 16 * 1024;
/** How long a proxy has to answer CONNECT; the connect timeout covers only the TCP handshake. */
const CONNECT_ANSWER_MS = 10_000;

/**
 * Asks the proxy on `socket` for a tunnel to `authority` (`host:port`). Calls `done` with no error
 * once it answered 2xx; the socket then carries bytes to the origin, untouched by the proxy.
 */
function openTunnel(socket: Socket, authority: string, proxy: ProxyServer, done: (error: Error | undefined) => void): void {
  let received = Buffer.alloc(0);
  let finished = false;
  const finish = (error: Error | undefined): void => {
    if (finished) return;
    finished = true;
    socket.setTimeout(0);
    socket.off('data', onData).off('close', onClose).off('error', onError).off('timeout', onTimeout);
    done(error);
  };
  const fail = (message: string, code = 'ERR_PROXY_TUNNEL'): void => finish(new ConnectionError(`proxy ${proxy.shown}: ${message}`, code));
  const onData = (chunk: Buffer): void => {
    received = Buffer.concat([received, chunk]);
    const end = received.indexOf('\r\n\r\n');
    if (end === -1) {
      if (received.length > MAX_CONNECT_RESPONSE) fail(`its answer to CONNECT ${authority} has no end of headers within ${MAX_CONNECT_RESPONSE} bytes`);
      return;
    }
    const statusLine = received.subarray(0, received.indexOf('\r\n')).toString('latin1');
    const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
    if (status === null) return fail(`answered CONNECT ${authority} with ${JSON.stringify(statusLine.slice(0, 100))}`);
    const code = Number(status[1]);
    if (code === 407) return fail(`CONNECT ${authority} needs proxy credentials (407); give them in the proxy URL, http://user:pass@host:port`, 'ERR_PROXY_AUTH');
    if (code < 200 || code > 299) return fail(`refused CONNECT ${authority}: ${statusLine}`);
    // Nothing may come from the origin before the client's TLS hello: bytes here are the proxy's doing.
    if (received.length > end + 4) return fail(`sent data after its answer to CONNECT ${authority}`);
    finish(undefined);
  };
  const onClose = (): void => fail(`closed the connection before answering CONNECT ${authority}`);
  const onError = (error: Error): void => finish(error);
  const onTimeout = (): void => fail(`did not answer CONNECT ${authority} within ${CONNECT_ANSWER_MS} ms`, 'UND_ERR_CONNECT_TIMEOUT');
  socket.on('data', onData).on('close', onClose).on('error', onError).on('timeout', onTimeout);
  socket.setTimeout(CONNECT_ANSWER_MS);
  const lines = [`CONNECT ${authority} HTTP/1.1`, `Host: ${authority}`];
  if (proxy.authorization !== undefined) lines.push(`Proxy-Authorization: ${proxy.authorization}`);
  socket.write(`${lines.join('\r\n')}\r\n\r\n`);
}

/**
 * A connector for one origin's single-socket Client that goes through `proxy`: its socket is a
 * TCP connection to the proxy. For an https origin a CONNECT tunnel is opened on it and TLS to the
 * origin runs inside (certificate checked against the origin's name, with the session's TLS
 * options); for an http origin the socket is used as it is and requests go in absolute form.
 * Returns the proxy socket it starts, as undici's connector does, so that the pool can count it
 * and end it while it is still connecting.
 */
export function proxyConnector(connect: buildConnector.connector, proxy: ProxyServer, origin: URL): (options: buildConnector.Options, callback: buildConnector.Callback) => unknown {
  const secure = origin.protocol === 'https:';
  const authority = `${origin.hostname}:${origin.port === '' ? (secure ? '443' : '80') : origin.port}`;
  return (options, callback) => {
    const started: unknown = connect({ hostname: proxy.hostname, protocol: 'http:', port: proxy.port, localAddress: options.localAddress }, (...result) => {
      const [error, socket] = result;
      if (error !== null || !secure) {
        callback(...result);
        return;
      }
      openTunnel(socket, authority, proxy, (failure) => {
        if (failure !== undefined) {
          socket.destroy();
          callback(failure, null);
          return;
        }
        connect({ ...options, httpSocket: socket }, callback);
      });
    });
    return started;
  };
}
