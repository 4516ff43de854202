import {
  calculateRetryBackoff,
  MatrixError,
  type MatrixEvent,
  safeGetRetryAfterMs,
} from "matrix-js-sdk";

/** Longest wait for one rate-limited call before giving up; a bot waiting hours helps nobody. */
const MAX_WAIT_MS = 5 * 60_000;
const MAX_ATTEMPTS = 8;

export function isRateLimited(error: unknown): error is MatrixError {
  return error instanceof MatrixError && error.isRateLimitError();
}

/**
 * Runs one homeserver call, waiting and retrying while it answers `M_LIMIT_EXCEEDED`, as long
 * as the server's `retry_after_ms` (or Retry-After) says. Other errors are thrown at once.
 */
export async function withRateLimitRetry<T>(
  call: () => Promise<T>,
  sleep = defaultSleep,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isRateLimited(error) || attempt >= MAX_ATTEMPTS) throw error;
      await sleep(Math.min(safeGetRetryAfterMs(error, 1000 * 2 ** attempt), MAX_WAIT_MS));
    }
  }
}

/**
 * The send scheduler's retry rule: a rate-limited send waits as long as the server asks and is
 * retried up to {@link MAX_ATTEMPTS} times; other failures follow the SDK's backoff.
 */
export function retrySend(
  _event: MatrixEvent | null,
  attempts: number,
  error: MatrixError,
): number {
  if (isRateLimited(error))
    return attempts >= MAX_ATTEMPTS
      ? -1
      : Math.min(safeGetRetryAfterMs(error, 1000 * 2 ** attempts), MAX_WAIT_MS);
  return calculateRetryBackoff(error, attempts, true);
}

/** Sends go into one queue per room, so a room that keeps failing does not hold up the others. */
export function queuePerRoom(event: MatrixEvent): string | null {
  return event.getRoomId() ?? null;
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
