import { ConfigError } from "../../src/index.ts";
import type { WebhookConfig } from "./webhook.ts";

/** What the Telegram adapter runs with, read from the environment. */
export interface TelegramConfig {
  token: string;
  /** A self-hosted Bot API server; Telegram's own when absent. */
  apiRoot?: string;
  /** Webhook mode when set; long polling otherwise. */
  webhook?: WebhookConfig;
}

/** Configuration that cannot work; the message says which variable to fix and how. */
export class TelegramConfigError extends ConfigError {}

/**
 * Reads TELEGRAM_BOT_TOKEN, TELEGRAM_API_ROOT and, for webhook mode, TELEGRAM_WEBHOOK_URL,
 * TELEGRAM_WEBHOOK_SECRET, TELEGRAM_WEBHOOK_PORT (default 8080) and TELEGRAM_WEBHOOK_HOST
 * (default 0.0.0.0). Undefined when no token is set: Telegram is then not configured.
 */
export function telegramConfig(env: NodeJS.ProcessEnv): TelegramConfig | undefined {
  const token = env.TELEGRAM_BOT_TOKEN?.trim();
  if (!token) return undefined;
  if (!/^\d+:[A-Za-z0-9_-]+$/.test(token))
    throw new TelegramConfigError(
      "TELEGRAM_BOT_TOKEN does not look like a bot token (123456:ABC-…): copy it again from @BotFather",
    );
  const apiRoot = env.TELEGRAM_API_ROOT?.trim().replace(/\/+$/, "");
  if (apiRoot && !isHttpUrl(apiRoot))
    throw new TelegramConfigError(
      "TELEGRAM_API_ROOT must be an http(s) URL such as http://127.0.0.1:8081",
    );
  const config: TelegramConfig = { token, ...(apiRoot ? { apiRoot } : {}) };
  const url = env.TELEGRAM_WEBHOOK_URL?.trim();
  if (!url) return config;
  if (!isHttpUrl(url))
    throw new TelegramConfigError(
      "TELEGRAM_WEBHOOK_URL must be the public https URL Telegram should post updates to",
    );
  const secret = env.TELEGRAM_WEBHOOK_SECRET?.trim() ?? "";
  if (!/^[A-Za-z0-9_-]{16,256}$/.test(secret))
    throw new TelegramConfigError(
      "webhook mode needs TELEGRAM_WEBHOOK_SECRET: 16-256 characters of A-Z, a-z, 0-9, _ and - (for example the output of `openssl rand -hex 32`)",
    );
  const port = Number(env.TELEGRAM_WEBHOOK_PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new TelegramConfigError(
      "TELEGRAM_WEBHOOK_PORT must be a port number (the local port the webhook server listens on)",
    );
  return {
    ...config,
    webhook: { url, secret, port, host: env.TELEGRAM_WEBHOOK_HOST?.trim() || "0.0.0.0" },
  };
}

function isHttpUrl(value: string): boolean {
  try {
    return ["http:", "https:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
