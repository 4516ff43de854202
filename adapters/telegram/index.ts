import { type Bot, GrammyError } from "grammy";
import type { Logger } from "pino";
import type { AdapterStarter, Panah, RunningAdapter } from "../../src/index.ts";
import { createTelegramBot, type TelegramBotOptions } from "./bot.ts";
import { registerCommandMenus } from "./commands-menu.ts";
import { type TelegramConfig, TelegramConfigError, telegramConfig } from "./config.ts";
import { startPolling } from "./polling.ts";
import { startWebhook } from "./webhook.ts";

export { createTelegramBot, type TelegramBot, type TelegramBotOptions } from "./bot.ts";
export { type TelegramConfig, TelegramConfigError, telegramConfig } from "./config.ts";

/**
 * `panah start`'s Telegram adapter: runs when TELEGRAM_BOT_TOKEN is set, by long polling or,
 * with TELEGRAM_WEBHOOK_URL, as a webhook server.
 */
export const startTelegram: AdapterStarter = async (panah, cli) => {
  const config = telegramConfig(cli.env);
  if (!config) return undefined;
  return runTelegram(panah, config, cli.logger);
};

/** Starts the bot with a given configuration; `extra` lets tests add transformers or bot info. */
export async function runTelegram(
  panah: Panah,
  config: TelegramConfig,
  logger: Logger,
  extra: Pick<TelegramBotOptions, "botInfo" | "transformers"> = {},
): Promise<RunningAdapter> {
  const log = logger.child({ adapter: "telegram" });
  const { bot, optional } = createTelegramBot({
    token: config.token,
    ...(config.apiRoot ? { apiRoot: config.apiRoot } : {}),
    panah,
    logger: log,
    ...extra,
  });
  await identify(bot);
  await registerCommandMenus(bot.api, optional, panah.knowledge().kb);
  if (config.webhook) {
    const webhook = await startWebhook(bot, config.webhook, log, optional);
    return { name: "telegram", stop: () => webhook.stop() };
  }
  // Polling and a registered webhook exclude each other; switching to polling removes it.
  await optional.run("deleteWebhook", () => bot.api.deleteWebhook());
  const polling = startPolling(bot, log);
  log.info({ mode: "polling" }, "Telegram bot is polling for updates");
  return { name: "telegram", stop: () => polling.stop() };
}

/** getMe, once: a token Telegram refuses stops start-up with a message saying what to fix. */
async function identify(bot: Bot): Promise<void> {
  try {
    await bot.init();
  } catch (error) {
    if (error instanceof GrammyError && (error.error_code === 401 || error.error_code === 404))
      throw new TelegramConfigError(
        `the Bot API server refused TELEGRAM_BOT_TOKEN (${error.error_code} ${error.description}): copy the token again from @BotFather`,
      );
    throw error;
  }
}
