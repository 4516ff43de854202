import { setTimeout as sleep } from "node:timers/promises";
import { type Bot, GrammyError, HttpError } from "grammy";
import type { Logger } from "pino";
import {
  type AdapterStarter,
  DEFAULT_CONFIG,
  type Panah,
  type RunningAdapter,
  type WorkerSettings,
} from "../../src/index.ts";
import { createTelegramBot, type TelegramBotOptions } from "./bot.ts";
import { registerCommandMenus } from "./commands-menu.ts";
import { type TelegramConfig, TelegramConfigError, telegramConfig } from "./config.ts";
import { TelegramDeliverer } from "./deliverer.ts";
import { describeError } from "./errors.ts";
import { startPolling } from "./polling.ts";
import { startWebhook } from "./webhook.ts";

export { createTelegramBot, type TelegramBot, type TelegramBotOptions } from "./bot.ts";
export { type TelegramConfig, TelegramConfigError, telegramConfig } from "./config.ts";

/**
 * `panah start`'s Telegram adapter: runs when TELEGRAM_BOT_TOKEN is set, by long polling or,
 * with TELEGRAM_WEBHOOK_URL, as a webhook server.
 */
export const startTelegram: AdapterStarter = async (panah, cli, stopping) => {
  const config = telegramConfig(cli.env);
  if (!config) return undefined;
  return runTelegram(panah, config, cli.logger, {
    alerts: { pace: cli.config.alerts.telegram },
    moderators: cli.config.moderators.telegram,
    stopping,
  });
};

/** Starts the bot with a given configuration; `extra` lets tests add transformers or bot info. */
export async function runTelegram(
  panah: Panah,
  config: TelegramConfig,
  logger: Logger,
  extra: Pick<TelegramBotOptions, "botInfo" | "transformers"> & {
    alerts?: WorkerSettings;
    /** Moderators' user ids, for the command menu in their private chats. */
    moderators?: readonly number[];
    /** Aborted by a shutdown signal during start-up: stop waiting for the Bot API. */
    stopping?: AbortSignal;
  } = {},
): Promise<RunningAdapter> {
  const log = logger.child({ adapter: "telegram" });
  const { alerts: alertSettings, moderators = [], stopping, ...botExtra } = extra;
  const { bot, optional } = createTelegramBot({
    token: config.token,
    ...(config.apiRoot ? { apiRoot: config.apiRoot } : {}),
    panah,
    logger: log,
    ...botExtra,
  });
  await identify(bot, log, stopping);
  // Alert delivery runs beside the bot and is stopped (by panah.workers) before it; with
  // several replicas, in the leader only, so the overall send pace holds.
  const deliverer = TelegramDeliverer.create(config.token, config.apiRoot, extra.transformers);
  const alerts = await panah.leadership.lead("telegram alerts", async () => {
    const worker = panah.alerts.start(
      deliverer,
      alertSettings ?? { pace: DEFAULT_CONFIG.alerts.telegram },
    );
    return () => worker.stop();
  });
  panah.workers.add({ name: "telegram alerts", stop: () => alerts.stop() });
  await registerCommandMenus(bot.api, optional, panah.knowledge().kb, moderators);
  if (config.webhook) {
    const webhook = await startWebhook(bot, config.webhook, log, optional);
    return { name: "telegram", stop: () => webhook.stop(), deliverer: () => deliverer };
  }
  // Polling and a registered webhook exclude each other; switching to polling removes it.
  await optional.run("deleteWebhook", () => bot.api.deleteWebhook());
  const polling = startPolling(bot, log);
  log.info({ mode: "polling" }, "Telegram bot is polling for updates");
  return {
    name: "telegram",
    stop: () => polling.stop(),
    ready: () => polling.isRunning(),
    deliverer: () => deliverer,
  };
}

/** The longest pause between tries to reach the Bot API at start-up. */
const IDENTIFY_MAX_PAUSE_MS = 60_000;

/**
 * getMe until it answers: a token Telegram refuses stops start-up with a message saying what to
 * fix; a Bot API that cannot be reached is logged at warn with the pause before the next try
 * (grammy's own bot.init retries the same way, but silently).
 */
async function identify(bot: Bot, log: Logger, stopping?: AbortSignal): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    stopping?.throwIfAborted();
    try {
      // grammy types its signal as the abort-controller polyfill's; Node's own is what it uses.
      bot.botInfo = await bot.api.getMe(stopping as Parameters<Bot["api"]["getMe"]>[0]);
      if (attempt > 0) log.info({ tries: attempt + 1 }, "reached the Telegram Bot API");
      return;
    } catch (error) {
      if (error instanceof GrammyError && (error.error_code === 401 || error.error_code === 404))
        throw new TelegramConfigError(
          `the Bot API server refused TELEGRAM_BOT_TOKEN (${error.error_code} ${error.description}): copy the token again from @BotFather`,
        );
      if (error instanceof GrammyError)
        throw new TelegramConfigError(
          `the Bot API server answered getMe with ${error.error_code ?? "an error"} ${error.description}: check TELEGRAM_API_ROOT (unset, Telegram's own), or try again later`,
        );
      if (!(error instanceof HttpError) || stopping?.aborted) throw error;
      const pauseMs = Math.min(IDENTIFY_MAX_PAUSE_MS, 1_000 * 2 ** attempt);
      log.warn(
        { err: describeError(error), retryInSeconds: pauseMs / 1000 },
        "cannot reach the Telegram Bot API (check the network or TELEGRAM_API_ROOT); retrying",
      );
      await sleep(pauseMs, undefined, { signal: stopping });
    }
  }
}
