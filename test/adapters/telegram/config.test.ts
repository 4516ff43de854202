import { describe, expect, it } from "vitest";
import { TelegramConfigError, telegramConfig } from "../../../adapters/telegram/config.ts";

const TOKEN = "123456:ABC-def_ghi";

describe("Telegram configuration from the environment", () => {
  it("is off without TELEGRAM_BOT_TOKEN", () => {
    expect(telegramConfig({})).toBeUndefined();
  });

  it("polls Telegram's own Bot API by default", () => {
    expect(telegramConfig({ TELEGRAM_BOT_TOKEN: TOKEN })).toEqual({ token: TOKEN });
  });

  it("uses a self-hosted Bot API root, without a trailing slash (grammy refuses one)", () => {
    expect(
      telegramConfig({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: "http://127.0.0.1:8081/" })
        ?.apiRoot,
    ).toBe("http://127.0.0.1:8081");
  });

  it("runs a webhook when TELEGRAM_WEBHOOK_URL is set, with a secret token", () => {
    const config = telegramConfig({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_WEBHOOK_URL: "https://bot.example.org/telegram",
      TELEGRAM_WEBHOOK_SECRET: "a".repeat(32),
      TELEGRAM_WEBHOOK_PORT: "8443",
    });
    expect(config?.webhook).toEqual({
      url: "https://bot.example.org/telegram",
      secret: "a".repeat(32),
      port: 8443,
      host: "0.0.0.0",
    });
  });

  it("refuses a webhook without a usable secret, saying what to set", () => {
    expect(() =>
      telegramConfig({
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_WEBHOOK_URL: "https://bot.example.org/t",
      }),
    ).toThrow(/TELEGRAM_WEBHOOK_SECRET/);
  });

  it("refuses a malformed token or API root without echoing the token", () => {
    expect(() => telegramConfig({ TELEGRAM_BOT_TOKEN: "not a token" })).toThrow(
      TelegramConfigError,
    );
    expect(() => telegramConfig({ TELEGRAM_BOT_TOKEN: "not a token" })).not.toThrow(/not a token/);
    expect(() =>
      telegramConfig({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: "ftp://x" }),
    ).toThrow(/TELEGRAM_API_ROOT/);
  });
});
