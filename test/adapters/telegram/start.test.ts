import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { TelegramServer } from "telegram-test-api/lib/telegramServer.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "./support/emulator.ts";
import { FIXTURE_KNOWLEDGE } from "./support/harness.ts";
import { until } from "./support/wait.ts";

const PANAH = resolve(import.meta.dirname, "../../../bin/panah.js");
const TOKEN = "200003:cli-start-test";

describe("npx panah start with TELEGRAM_BOT_TOKEN and TELEGRAM_API_ROOT", () => {
  let server: TelegramServer;
  let dataDir: string;
  beforeAll(async () => {
    server = await startEmulator();
    dataDir = await mkdtemp(join(tmpdir(), "panah-start-"));
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("answers a person's question, then stops cleanly on SIGTERM", async () => {
    const child = spawn(process.execPath, [PANAH, "start"], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: server.config.apiURL,
        PANAH_KNOWLEDGE_DIR: FIXTURE_KNOWLEDGE,
        PANAH_DATA_DIR: dataDir,
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += String(chunk);
    });
    const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
    try {
      const client = server.getClient(TOKEN, { userId: 4242, chatId: 4242 });
      // Waits in the emulator until the bot starts polling.
      await client.sendMessage(client.makeMessage("Is Bale safe?"));
      await until(() => server.storage.botMessages.some((m) => m.botToken === TOKEN));
      expect(server.storage.botMessages.find((m) => m.botToken === TOKEN)?.message.text).toMatch(
        /^<b>Is Bale safe\?<\/b>\n\n<b>No\.<\/b>/,
      );
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
    expect(stderr).toContain("shutting down");
    expect(stderr).not.toContain("Is Bale safe");
    expect(stderr).not.toContain(TOKEN);
    expect(stderr).not.toMatch(/\b4242\b/);
  });
});
