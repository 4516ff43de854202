import type { TelegramServer } from "telegram-test-api/lib/telegramServer.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TelegramDeliverer } from "../../adapters/telegram/deliverer.ts";
import { createPanah } from "../../src/app.ts";
import { startEmulator } from "../adapters/telegram/support/emulator.ts";
import { captureLogs, FIXTURE_KNOWLEDGE } from "../adapters/telegram/support/harness.ts";
import { tempDir } from "../helpers/knowledge.ts";
import { until } from "../ops/support/running.ts";

// A broadcast to a Telegram 100 ms away: the worker sizes its sends in flight from the round
// trips it measures, and that must not cost anyone a copy or give anyone two.

const TOKEN = "400002:alerts-latency-test";
const SUBSCRIBERS = 150;
const FIRST = 600_000;

let server: TelegramServer;
beforeAll(async () => {
  server = await startEmulator({ roundTripMs: 100 });
});
afterAll(async () => {
  await server?.stop();
});

describe("an alert broadcast over a 100 ms round trip", () => {
  it("reaches every subscriber exactly once, every row ends sent, none is left in flight", async () => {
    const panah = await createPanah({
      logger: captureLogs().logger,
      knowledgeDir: FIXTURE_KNOWLEDGE,
      dataDir: tempDir(),
    });
    try {
      for (let i = 0; i < SUBSCRIBERS; i++) {
        const id = String(FIRST + i);
        await panah.store.subscribe({
          platform: "telegram",
          userId: id,
          chatId: id,
          language: i % 2 ? "fa" : "en",
        });
      }
      const released = await panah.store.alerts.createAlert(
        {
          kind: "notice",
          severity: "warning",
          text: {
            en: "Connectivity partly back in Tehran.",
            fa: "اتصال در تهران تا حدی برگشته است.",
          },
          audience: { languages: ["en", "fa"], platforms: ["telegram"] },
        },
        { platform: "cli", id: "latency-test" },
        { now: Date.now(), approved: true },
      );
      expect(released).toMatchObject({ outcome: "queued", recipients: SUBSCRIBERS });
      const worker = panah.alerts.start(TelegramDeliverer.create(TOKEN, server.config.apiURL), {
        pace: { perSecond: 60, perChatSeconds: 1 },
        idleMs: 20,
      });
      const progress = () => panah.store.alerts.progress(1);
      await until(async () => (await progress()).sent === SUBSCRIBERS);
      await worker.stop();

      expect(await progress()).toMatchObject({
        total: SUBSCRIBERS,
        sent: SUBSCRIBERS,
        sending: 0,
        pending: 0,
        failed: 0,
      });
      const perChat = new Map<string, number>();
      for (const m of server.storage.botMessages)
        if (m.botToken === TOKEN)
          perChat.set(String(m.message.chat_id), (perChat.get(String(m.message.chat_id)) ?? 0) + 1);
      expect(perChat.size).toBe(SUBSCRIBERS);
      for (let i = 0; i < SUBSCRIBERS; i++)
        expect(perChat.get(String(FIRST + i)), `chat ${FIRST + i}`).toBe(1);
    } finally {
      await panah.close();
    }
  });
});
