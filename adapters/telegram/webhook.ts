import { createServer, type Server } from "node:http";
import { type Bot, webhookCallback } from "grammy";
import type { Logger } from "pino";
import { TelegramConfigError } from "./config.ts";
import { describeError } from "./errors.ts";
import type { OptionalCalls } from "./optional-calls.ts";
import { ALLOWED_UPDATES } from "./polling.ts";

export interface WebhookConfig {
  /** The public https URL Telegram posts updates to; its path is the one served. */
  url: string;
  port: number;
  host: string;
  /** Sent by Telegram in X-Telegram-Bot-Api-Secret-Token; requests without it get 401. */
  secret: string;
}

export interface Webhook {
  /** The port actually listened on (useful when configured as 0). */
  port: number;
  stop(): Promise<void>;
}

/**
 * Webhook mode: a node:http server handing Telegram's POSTs to the bot, checking the secret
 * token, then registering the URL with Telegram (a failed registration is logged, and the
 * server keeps serving: the URL may already be registered).
 */
export async function startWebhook(
  bot: Bot,
  config: WebhookConfig,
  logger: Logger,
  optional: OptionalCalls,
): Promise<Webhook> {
  const path = new URL(config.url).pathname;
  // Answer Telegram within 10 s even if a reply is slow, so it does not send the update again.
  const handle = webhookCallback(bot, "http", {
    secretToken: config.secret,
    onTimeout: "return",
    timeoutMilliseconds: 10_000,
  });
  const server = createServer(async (req, res) => {
    if (req.method !== "POST" || new URL(req.url ?? "/", "http://localhost").pathname !== path) {
      res.statusCode = 404;
      res.end();
      return;
    }
    try {
      await handle(req, res);
    } catch (error) {
      // An unanswered rejection here would crash Node; the update is logged as failed instead.
      logger.error({ err: describeError(error) }, "failed to handle a Telegram webhook request");
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    }
  });
  await listen(server, config.port, config.host);
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  await optional.run("setWebhook", () =>
    bot.api.setWebhook(config.url, {
      secret_token: config.secret,
      allowed_updates: [...ALLOWED_UPDATES],
    }),
  );
  logger.info({ port }, "Telegram webhook server listening");
  return {
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

/** Listens, or fails with one line saying which variable to change (a busy port, most often). */
function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const refuse = (error: NodeJS.ErrnoException) =>
      reject(
        new TelegramConfigError(
          `cannot serve the Telegram webhook on ${host}:${port} (${error.code ?? error.message}): set TELEGRAM_WEBHOOK_PORT to a free port (not the port of the health endpoint, http.port or PANAH_HTTP_PORT), or TELEGRAM_WEBHOOK_HOST to an address of this machine`,
        ),
      );
    server.once("error", refuse);
    server.listen(port, host, () => {
      server.off("error", refuse);
      resolve();
    });
  });
}
