import type { TelegramServer } from "telegram-test-api/lib/telegramServer.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runTelegram } from "../../../adapters/telegram/index.ts";
import type { RunningAdapter } from "../../../src/index.ts";
import { createPanah, type Panah } from "../../../src/index.ts";
import { freePort, startEmulator } from "./support/emulator.ts";
import { captureLogs, FIXTURE_KNOWLEDGE } from "./support/harness.ts";

const SECRET = "webhook-secret-0123456789";
const TOKEN = "200002:webhook-test";

/** An update as Telegram posts it to a webhook. */
const update = (updateId: number, text: string) => ({
  update_id: updateId,
  message: {
    message_id: updateId,
    date: 0,
    chat: { id: 77, type: "private", first_name: "A" },
    from: { id: 77, is_bot: false, first_name: "A" },
    text,
  },
});

describe("webhook mode", () => {
  let server: TelegramServer;
  let panah: Panah;
  let adapter: RunningAdapter;
  let url: string;
  beforeAll(async () => {
    server = await startEmulator();
    const { logger } = captureLogs();
    panah = await createPanah({ logger, knowledgeDir: FIXTURE_KNOWLEDGE });
    const port = await freePort();
    url = `http://127.0.0.1:${port}/telegram/hook`;
    adapter = await runTelegram(
      panah,
      {
        token: TOKEN,
        apiRoot: server.config.apiURL,
        webhook: { url, port, host: "127.0.0.1", secret: SECRET },
      },
      logger,
    );
  });
  afterAll(async () => {
    await adapter?.stop();
    await panah?.close();
    await server?.stop();
  });

  const post = (body: unknown, secret?: string) =>
    fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(secret ? { "x-telegram-bot-api-secret-token": secret } : {}),
      },
      body: JSON.stringify(body),
    });
  const sent = () => server.storage.botMessages.filter((m) => m.botToken === TOKEN);

  it("answers an update posted with the secret token", async () => {
    const response = await post(update(1, "Is Bale safe?"), SECRET);
    expect(response.status).toBe(200);
    expect(sent().at(-1)?.message.text).toMatch(/^<b>Is Bale safe\?<\/b>\n\n<b>No\.<\/b>/);
  });

  it("refuses updates without the right secret token, and answers nothing", async () => {
    const before = sent().length;
    expect((await post(update(2, "Is Bale safe?"))).status).toBe(401);
    expect((await post(update(3, "Is Bale safe?"), "wrong-secret-0123456789")).status).toBe(401);
    expect(sent().length).toBe(before);
  });

  it("serves only POSTs to the webhook's path", async () => {
    expect((await fetch(url)).status).toBe(404);
    expect(
      (await fetch(url.replace("/hook", "/other"), { method: "POST", body: "{}" })).status,
    ).toBe(404);
  });
});
