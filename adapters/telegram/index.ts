import { setTimeout as sleep } from "node:timers/promises";
import { type Bot, GrammyError, HttpError } from "grammy";
import type { Logger } from "pino";
import {
  type Adapter,
  type AdapterContext,
  type Connection,
  DEFAULT_CONFIG,
  type Panah,
  type RunningAdapter,
  runAdapter,
  type WorkerSettings,
} from "../../src/index.ts";
import { createTelegramBot, type TelegramBotOptions } from "./bot.ts";
import { registerCommandMenus } from "./commands-menu.ts";
import { type TelegramConfig, TelegramConfigError, telegramConfig } from "./config.ts";
import { TelegramDeliverer } from "./deliverer.ts";
import { describeError } from "./errors.ts";
import { telegram } from "./platform.ts";
import { startPolling } from "./polling.ts";
import { setTelegramProfile } from "./profile.ts";
import { startWebhook } from "./webhook.ts";

export { createTelegramBot, type TelegramBot, type TelegramBotOptions } from "./bot.ts";
export { type TelegramConfig, TelegramConfigError, telegramConfig } from "./config.ts";

/**
 * Connects the Telegram adapter (see ./platform.ts): by long polling or, with
 * TELEGRAM_WEBHOOK_URL, as a webhook server.
 */
export async function connectTelegram(panah: Panah, context: AdapterContext): Promise<Connection> {
  const config = telegramConfig(context.env);
  if (!config) throw new TelegramConfigError("set TELEGRAM_BOT_TOKEN to the token from @BotFather");
  if (config.webhook && context.env.DATABASE_URL?.trim() && context.config.http.port === undefined)
    context.logger.warn(
      "a replica behind a balancer (DATABASE_URL, TELEGRAM_WEBHOOK_URL) with the health endpoint off: a balancer that checks /readyz takes it out; set PANAH_HTTP_PORT and PANAH_HTTP_HOST (see docs/deployment.md)",
    );
  return connect(panah, config, context.logger, {
    moderators: context.settings.moderators.map(Number),
    stopping: context.stopping,
  });
}

/** Options tests add: transformers for the Bot API calls, the bot's identity. */
type TestExtras = Pick<TelegramBotOptions, "botInfo" | "transformers">;

/**
 * Runs the adapter with a given configuration, wired as `panah start` wires it (alert
 * delivery included); `extra` lets tests add transformers or bot info.
 */
export async function runTelegram(
  panah: Panah,
  config: TelegramConfig,
  logger: Logger,
  extra: TestExtras & {
    alerts?: WorkerSettings;
    /** Moderators' user ids, for the command menu in their private chats. */
    moderators?: readonly number[];
    /** Aborted by a shutdown signal during start-up: stop waiting for the Bot API. */
    stopping?: AbortSignal;
  } = {},
): Promise<RunningAdapter> {
  const { alerts = { pace: telegram.pace }, moderators = [], stopping, ...botExtra } = extra;
  const adapter: Adapter = {
    ...telegram,
    connect: () => connect(panah, config, logger, { moderators, stopping, ...botExtra }),
  };
  return runAdapter(adapter, panah, {
    env: {},
    config: DEFAULT_CONFIG,
    settings: { moderators, maintainers: [], alerts },
    logger,
    stopping: stopping ?? new AbortController().signal,
  });
}

async function connect(
  panah: Panah,
  config: TelegramConfig,
  logger: Logger,
  extra: TestExtras & { moderators: readonly number[]; stopping?: AbortSignal | undefined },
): Promise<Connection> {
  const log = logger.child({ adapter: "telegram" });
  const { moderators, stopping, ...botExtra } = extra;
  const { bot, optional } = createTelegramBot({
    token: config.token,
    ...(config.apiRoot ? { apiRoot: config.apiRoot } : {}),
    panah,
    logger: log,
    ...botExtra,
  });
  await identify(bot, log, stopping);
  if (!bot.botInfo.supports_inline_queries)
    log.info(
      "inline mode is off, so answers have no Share button: turn it on with @BotFather's /setinline (docs/operations.md)",
    );
  const deliverer = TelegramDeliverer.create(config.token, config.apiRoot, extra.transformers);
  await registerCommandMenus(bot.api, optional, panah.knowledge().kb, moderators);
  await setTelegramProfile(bot.api, optional, panah.knowledge().kb, log);
  if (config.webhook) {
    const webhook = await startWebhook(bot, config.webhook, log, optional);
    return { stop: () => webhook.stop(), deliverer };
  }
  // Polling and a registered webhook exclude each other; switching to polling removes it.
  await optional.run("deleteWebhook", () => bot.api.deleteWebhook());
  const polling = startPolling(bot, log);
  log.info({ mode: "polling" }, "Telegram bot is polling for updates");
  return { stop: () => polling.stop(), ready: () => polling.isRunning(), deliverer };
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
