import type { Transformer } from "grammy";
import type { TelegramServer } from "telegram-test-api/lib/telegramServer.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runTelegram } from "../../../adapters/telegram/index.ts";
import { createPanah, type Panah } from "../../../src/index.ts";
import { startEmulator } from "./support/emulator.ts";
import { captureLogs, FIXTURE_KNOWLEDGE } from "./support/harness.ts";
import { until } from "./support/wait.ts";

const PROFILE_METHODS = ["Name", "Description", "ShortDescription"].flatMap((f) => [
  `getMy${f}`,
  `setMy${f}`,
]);

/**
 * The profile methods as Telegram answers them, in front of the emulator (which has none):
 * each language's name and descriptions kept between starts, every set recorded.
 */
function telegramProfiles() {
  const kept = new Map<string, string>();
  const sets: { method: string; language: string; value: string }[] = [];
  const transformer: Transformer = async (prev, method, payload, signal) => {
    if (!PROFILE_METHODS.includes(method)) return prev(method, payload, signal);
    const p = payload as Record<string, string | undefined>;
    const field = method.slice(5); // Name, Description, ShortDescription
    const key = `${field}:${p.language_code ?? ""}`;
    const wire = {
      Name: "name",
      Description: "description",
      ShortDescription: "short_description",
    }[field] as string;
    if (method.startsWith("get"))
      return { ok: true, result: { [wire]: kept.get(key) ?? "" } } as never;
    kept.set(key, p[wire] ?? "");
    sets.push({ method, language: p.language_code ?? "default", value: p[wire] ?? "" });
    return { ok: true, result: true } as never;
  };
  return { transformer, sets };
}

describe("the bot's profile on Telegram", () => {
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

  it("sets the name, description and short description in English by default and in Persian for Persian apps, and on a restart changes nothing", async () => {
    const telegram = telegramProfiles();
    const start = () =>
      runTelegram(panah, { token: "200301:profile-test", apiRoot: server.config.apiURL }, logger, {
        transformers: [telegram.transformer],
      });
    await (await start()).stop();
    expect(telegram.sets).toEqual(
      expect.arrayContaining([
        { method: "setMyName", language: "default", value: "Panah" },
        { method: "setMyName", language: "fa", value: "پناه" },
        {
          method: "setMyShortDescription",
          language: "fa",
          value: expect.stringContaining("خانواده در ایران"),
        },
        {
          method: "setMyDescription",
          language: "default",
          value: expect.stringContaining("It keeps almost nothing about you."),
        },
      ]),
    );
    expect(telegram.sets).toHaveLength(6);
    await (await start()).stop();
    // Telegram allows few profile changes a day: a restart with the same text spends none.
    expect(telegram.sets).toHaveLength(6);
  });

  it("on a server without the profile methods, logs each once and answers as before", async () => {
    const token = "200302:profile-test";
    const adapter = await runTelegram(panah, { token, apiRoot: server.config.apiURL }, logger);
    try {
      const client = server.getClient(token, { userId: 52, chatId: 52 });
      await client.sendMessage(client.makeMessage("Is Bale safe?"));
      await until(() => server.storage.botMessages.some((m) => m.botToken === token));
      const skipped = lines.filter(
        (l) => l.includes('"method":"getMyName"') && l.includes("does not offer this method"),
      );
      expect(skipped.length).toBeGreaterThanOrEqual(1);
    } finally {
      await adapter.stop();
    }
  });
});
