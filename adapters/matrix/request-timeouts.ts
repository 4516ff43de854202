import type { MatrixClient } from "matrix-js-sdk";

type RequestOtherUrl = MatrixClient["http"]["requestOtherUrl"];
type RequestOptions = Partial<NonNullable<Parameters<RequestOtherUrl>[3]>>;

/**
 * matrix-js-sdk 37.5 implements each request's client-side timeout with a `setTimeout` that is
 * never cleared (`timeoutSignal` in http-api/utils.ts), so every long-poll /sync leaves a
 * 110-second timer behind. After `stop()` those timers keep Node's event loop alive, and
 * `panah start` would wait out its shutdown bound and exit non-zero. This wraps the client's
 * `requestOtherUrl` (every request goes through it) to apply the same timeout with a timer that
 * is cleared when the request ends and never holds the process open.
 */
export function clearRequestTimeouts(client: MatrixClient): void {
  const http = client.http;
  const original: RequestOtherUrl = http.requestOtherUrl.bind(http);
  const wrapped = (async (method, url, body, options: RequestOptions = {}) => {
    const { localTimeoutMs, ...rest } = options;
    if (localTimeoutMs === undefined) return original(method, url, body, rest as never);
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), localTimeoutMs);
    timer.unref();
    const abortSignal = rest.abortSignal
      ? AbortSignal.any([rest.abortSignal, timeout.signal])
      : timeout.signal;
    try {
      return await original(method, url, body, { ...rest, abortSignal } as never);
    } finally {
      clearTimeout(timer);
    }
  }) as RequestOtherUrl;
  http.requestOtherUrl = wrapped;
}
