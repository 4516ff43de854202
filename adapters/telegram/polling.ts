import { run } from "@grammyjs/runner";
import type { Bot, Transformer } from "grammy";
import type { Logger } from "pino";
import { describeError } from "./errors.ts";
import { longPollGuard } from "./long-poll-guard.ts";

/** The updates Panah handles; Telegram sends no others. */
export const ALLOWED_UPDATES = [
  "message",
  "callback_query",
  "my_chat_member",
  // Only sent once inline mode is on (BotFather /setinline): people sharing answers.
  "inline_query",
] as const;

/**
 * The pause between failed fetches. The runner's default doubles without limit (an outage of a
 * few minutes would leave Panah deaf for hours after Telegram is back) and gives up after 15
 * hours; a fixed pause, forever, picks up again within seconds.
 */
export const POLL_RETRY_MS = 3_000;

export interface Polling {
  stop(): Promise<void>;
  /** Still fetching updates (false once polling failed for good or was stopped). */
  isRunning(): boolean;
}

/**
 * Long polling with @grammyjs/runner: updates from different chats are handled concurrently,
 * those of one chat in order (the bot sequentializes per chat). The runner's own error
 * printing is silenced (it prints whole errors, which can hold the request URL and so the
 * token); failures are logged here without it.
 */
export function startPolling(bot: Bot, logger: Logger): Polling {
  bot.api.config.use(longPollGuard(), logPollingFailures(logger));
  const runner = run(bot, {
    runner: {
      silent: true,
      fetch: { allowed_updates: [...ALLOWED_UPDATES] },
      retryInterval: POLL_RETRY_MS,
      maxRetryTime: Number.POSITIVE_INFINITY,
    },
    sink: { concurrency: 50 },
  });
  runner
    .task()
    ?.catch((error: unknown) =>
      logger.error({ err: describeError(error) }, "Telegram polling stopped"),
    );
  return {
    async stop() {
      await runner.stop();
    },
    isRunning: () => runner.isRunning(),
  };
}

function logPollingFailures(logger: Logger): Transformer {
  return async (prev, method, payload, signal) => {
    if (method !== "getUpdates") return prev(method, payload, signal);
    try {
      const result = await prev(method, payload, signal);
      if (!result.ok)
        logger.warn(
          {
            method,
            code: result.error_code,
            description: result.description,
            retryInSeconds: POLL_RETRY_MS / 1000,
          },
          "fetching Telegram updates failed; retrying",
        );
      return result;
    } catch (error) {
      if (!signal?.aborted)
        logger.warn(
          { err: describeError(error), retryInSeconds: POLL_RETRY_MS / 1000 },
          "fetching Telegram updates failed; retrying",
        );
      throw error;
    }
  };
}
