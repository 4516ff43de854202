import { setTimeout as sleep } from "node:timers/promises";
import { HttpError, type Transformer } from "grammy";
import type { Logger } from "pino";

/** The calls that carry an answer to a person: what is lost if the connection drops. */
const REPLY_METHODS = new Set(["sendMessage", "sendDocument", "editMessageText"]);

/** Long enough for a dropped connection or a restarted proxy to come back, short for a person. */
const REPLY_RETRY_PAUSE_MS = 1_000;

/**
 * Sends a reply a second time when the first try failed on the network (a reset, a timeout, a
 * proxy's HTML page: grammy's HttpError), once, after a short pause. Telegram gives no way to tell
 * whether a request it never answered was carried out, so in the rare case where it was, the
 * person sees the answer twice; without the retry, every dropped connection costs an answer to
 * someone who asked a safety question. Errors Telegram itself returns (GrammyError) are not
 * retried here: auto-retry handles 429 and 5xx, and a 4xx will not change. Alerts have their own
 * recorded, crash-safe delivery and do not pass through here.
 */
export function retryReplyOnce(logger: Logger): Transformer {
  return async (previous, method, payload, signal) => {
    try {
      return await previous(method, payload, signal);
    } catch (error) {
      if (!(error instanceof HttpError) || !REPLY_METHODS.has(method) || signal?.aborted)
        throw error;
      logger.warn(
        { event: "reply-retry", method, error: error.message, pauseMs: REPLY_RETRY_PAUSE_MS },
        "a reply failed on the network; sending it once more",
      );
      await sleep(REPLY_RETRY_PAUSE_MS);
      return previous(method, payload, signal);
    }
  };
}
