import { type ChildProcess, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import type { TelegramServer } from "telegram-test-api/lib/telegramServer.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/open.ts";
import { startEmulator } from "../adapters/telegram/support/emulator.ts";
import { FIXTURE_KNOWLEDGE } from "../adapters/telegram/support/harness.ts";
import { slowSendsProxy } from "../adapters/telegram/support/slow-sends-proxy.ts";
import { until } from "../adapters/telegram/support/wait.ts";
import { runCli } from "../helpers/cli.ts";
import { tempDir } from "../helpers/knowledge.ts";

const PANAH = resolve(import.meta.dirname, "../../bin/panah.js");
const TOKEN = "400001:alerts-crash-test";
const SUBSCRIBERS = 300;
const FIRST = 500_000;

let server: TelegramServer;
let proxy: Awaited<ReturnType<typeof slowSendsProxy>>;
let apiRoot: string;
beforeAll(async () => {
  server = await startEmulator();
  proxy = await slowSendsProxy(server.config.apiURL, 100);
  apiRoot = proxy.apiRoot;
});
afterAll(async () => {
  proxy?.close();
  await server?.stop();
});

describe("a broadcast interrupted by SIGKILL", () => {
  it("resumes after a restart: every subscriber gets the alert, duplicates at most the sends in flight", async () => {
    const dataDir = tempDir();
    const configFile = join(dataDir, "panah.yaml");
    writeFileSync(configFile, "alerts:\n  telegram:\n    perSecond: 100\n    perChatSeconds: 1\n");
    const env = {
      PANAH_DATA_DIR: dataDir,
      PANAH_CONFIG: configFile,
      PANAH_KNOWLEDGE_DIR: FIXTURE_KNOWLEDGE,
    };
    const store = await openStore({ dataDir });
    for (let i = 0; i < SUBSCRIBERS; i++)
      await store.subscribe({
        platform: "telegram",
        userId: String(FIRST + i),
        chatId: String(FIRST + i),
        language: i % 2 ? "fa" : "en",
      });
    await store.close();
    const alertFile = join(dataDir, "alert.yaml");
    writeFileSync(
      alertFile,
      "severity: critical\ntext:\n  en: Internet shutdown reported in several provinces.\n  fa: قطعی اینترنت در چند استان گزارش شده است.\n",
    );
    const queued = await runCli(["alert", "send", alertFile], { env });
    expect(queued.stderr).toBe("");
    expect(queued.stdout).toContain(`alert #1 queued for ${SUBSCRIBERS} subscribers`);

    const alertsTo = () => {
      const perChat = new Map<string, number>();
      for (const m of server.storage.botMessages)
        if (m.botToken === TOKEN && /Internet shutdown|قطعی اینترنت/.test(String(m.message.text)))
          perChat.set(String(m.message.chat_id), (perChat.get(String(m.message.chat_id)) ?? 0) + 1);
      return perChat;
    };
    const total = () => [...alertsTo().values()].reduce((a, b) => a + b, 0);

    const first = startPanah(env);
    await until(() => total() >= 100);
    first.kill("SIGKILL");
    await new Promise((done) => first.once("exit", done));

    const db = new Database(join(dataDir, "panah.db"), { readonly: true });
    const rows = (status: string) =>
      (
        db.prepare("SELECT count(*) AS n FROM alert_deliveries WHERE status = ?").get(status) as {
          n: number;
        }
      ).n;
    const inFlight = rows("sending");
    const sentBefore = rows("sent");
    db.close();
    expect(sentBefore).toBeGreaterThan(0);
    expect(sentBefore).toBeLessThan(SUBSCRIBERS);

    const second = startPanah(env);
    try {
      await until(() => alertsTo().size === SUBSCRIBERS);
      const done = await (async () => {
        for (;;) {
          const status = await runCli(["alert", "status", "1", "--json"], { env });
          const parsed = JSON.parse(status.stdout);
          if (parsed.status === "done") return parsed;
          await new Promise((r) => setTimeout(r, 50));
        }
      })();
      expect(done.progress).toMatchObject({ total: SUBSCRIBERS, sent: SUBSCRIBERS, failed: 0 });
    } finally {
      second.kill("SIGTERM");
      await new Promise((done) => second.once("exit", done));
    }
    const perChat = alertsTo();
    for (let i = 0; i < SUBSCRIBERS; i++)
      expect(perChat.get(String(FIRST + i)), `chat ${FIRST + i}`).toBeGreaterThanOrEqual(1);
    const duplicates = total() - SUBSCRIBERS;
    expect(inFlight).toBeGreaterThan(0);
    expect(duplicates).toBeLessThanOrEqual(inFlight);
    console.info(
      `crash test: ${sentBefore} sent before SIGKILL, ${inFlight} in flight, ${duplicates} duplicates`,
    );
  }, 90_000);
});

function startPanah(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [PANAH, "start"], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: apiRoot,
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
}
