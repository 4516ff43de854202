import type { Transformer } from "grammy";

/**
 * Paces a Bot API server that answers `getUpdates` at once with nothing instead of holding
 * the request open (some self-hosted servers, and the test emulator): without this, polling
 * would spin thousands of requests a second. Telegram itself waits out the long-poll
 * timeout, so against it this never waits.
 */
export function longPollGuard(minIntervalMs = 250): Transformer {
  return async (prev, method, payload, signal) => {
    if (method !== "getUpdates") return prev(method, payload, signal);
    const started = Date.now();
    const result = await prev(method, payload, signal);
    const longPoll = ((payload as { timeout?: number } | undefined)?.timeout ?? 0) > 0;
    const empty = result.ok && Array.isArray(result.result) && result.result.length === 0;
    const elapsed = Date.now() - started;
    if (longPoll && empty && elapsed < minIntervalMs) await pause(minIntervalMs - elapsed, signal);
    return result;
  };
}

/** Waits, but no longer than until `signal` aborts (so stopping is never delayed). */
function pause(ms: number, signal: Abortable | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done);
  });
}

/** The part of an AbortSignal used here (grammy's and Node's signal types differ). */
interface Abortable {
  aborted: boolean;
  addEventListener(type: "abort", listener: () => void): void;
  removeEventListener(type: "abort", listener: () => void): void;
}
