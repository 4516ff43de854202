import type { TelegramServer } from "telegram-test-api/lib/telegramServer.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runTelegram } from "../../../adapters/telegram/index.ts";
import { createPanah, type Panah } from "../../../src/index.ts";
import { startFlakyProxy } from "../../reliability/support/flaky-proxy.ts";
import { startEmulator } from "./support/emulator.ts";
import { captureLogs, FIXTURE_KNOWLEDGE, faultInjector } from "./support/harness.ts";
import { until } from "./support/wait.ts";

describe("long polling with the runner", () => {
  let server: TelegramServer;
  let panah: Panah;
  const { lines, logger } = captureLogs();
  beforeAll(async () => {
    server = await startEmulator();
    panah = await createPanah({ logger, knowledgeDir: FIXTURE_KNOWLEDGE });
  });
  afterAll(async () => {
    await panah?.close();
    await server?.stop();
  });

  it("starts with getMe, skips the command menus the server lacks, answers a question and stops", async () => {
    const token = "200001:polling-test";
    const adapter = await runTelegram(panah, { token, apiRoot: server.config.apiURL }, logger);
    try {
      const client = server.getClient(token, { userId: 42, chatId: 42 });
      await client.sendMessage(client.makeMessage("Is Bale safe?"));
      await until(() => server.storage.botMessages.some((m) => m.botToken === token));
      const [reply] = server.storage.botMessages.filter((m) => m.botToken === token);
      expect(reply?.message.text).toMatch(/^<b>Is Bale safe\?<\/b>\n\n<b>No\.<\/b>/);
      expect(
        lines.some(
          (l) => l.includes('"method":"setMyCommands"') && l.includes("does not offer this method"),
        ),
      ).toBe(true);
    } finally {
      await adapter.stop();
    }
  });

  it("refuses to start with a token the server rejects, saying which variable to fix", async () => {
    const unauthorized = { ok: false, error_code: 401, description: "Unauthorized" };
    const start = runTelegram(
      panah,
      { token: "200004:revoked", apiRoot: server.config.apiURL },
      logger,
      {
        transformers: [faultInjector([], new Map([["getMe", [unauthorized]]]))],
      },
    );
    await expect(start).rejects.toThrow(/TELEGRAM_BOT_TOKEN/);
    await expect(start).rejects.not.toThrow(/200004:revoked/);
  });

  it("says at warn, with the pause, that the Bot API cannot be reached, and starts once it can", async () => {
    const token = "200005:unreachable-at-first";
    let refusals = 2;
    const proxy = await startFlakyProxy(server.config.apiURL, (method) =>
      method === "getMe" && refusals-- > 0 ? "reset" : undefined,
    );
    const adapter = await runTelegram(panah, { token, apiRoot: proxy.url }, logger);
    try {
      const warnings = lines.filter((l) => l.includes("cannot reach the Telegram Bot API"));
      expect(warnings).toHaveLength(2);
      expect(warnings[0]).toContain('"level":40');
      expect(warnings[0]).toContain('"retryInSeconds":1');
      expect(warnings[1]).toContain('"retryInSeconds":2');
      expect(warnings.join("\n")).not.toContain(token);
    } finally {
      await adapter.stop();
      await proxy.stop();
    }
  });
});
