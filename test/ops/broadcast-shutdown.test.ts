import { writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import type { TelegramServer } from "telegram-test-api/lib/telegramServer.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/open.ts";
import { startEmulator } from "../adapters/telegram/support/emulator.ts";
import { slowSendsProxy } from "../adapters/telegram/support/slow-sends-proxy.ts";
import { runBin } from "../helpers/cli.ts";
import { FIXTURE_KNOWLEDGE, tempDir } from "../helpers/knowledge.ts";
import { get, listeningPort, startPanah, until } from "./support/running.ts";

const TOKEN = "400002:ops-broadcast-shutdown";
const SUBSCRIBERS = 60;
/** Subscriber ids 7310000…; none may reach a log line. */
const FIRST_ID = 7_310_000;
const MARKER = "Zqxb9Marker";

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

describe("SIGTERM during a broadcast", () => {
  it("exits 0 with every delivery checkpointed; the next start finishes it, nobody gets it twice, no log names anyone", async () => {
    const dataDir = tempDir("panah-broadcast-");
    const config = join(dataDir, "panah.yaml");
    writeFileSync(
      config,
      "alerts:\n  telegram:\n    perSecond: 20\n    perChatSeconds: 1\nhttp:\n  port: 0\n  host: 127.0.0.1\n",
    );
    const env = {
      PANAH_DATA_DIR: dataDir,
      PANAH_CONFIG: config,
      PANAH_KNOWLEDGE_DIR: FIXTURE_KNOWLEDGE,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: apiRoot,
    };
    const store = await openStore({ dataDir });
    for (let i = 0; i < SUBSCRIBERS; i++)
      await store.subscribe({
        platform: "telegram",
        userId: String(FIRST_ID + i),
        chatId: String(FIRST_ID + i),
        language: i % 2 ? "fa" : "en",
      });
    await store.close();
    const alertFile = join(dataDir, "alert.yaml");
    writeFileSync(
      alertFile,
      `severity: warning\ntext:\n  en: Fake Signal APK circulating ${MARKER}.\n  fa: نسخهٔ جعلی سیگنال در حال پخش است ${MARKER}.\n`,
    );
    const queued = await runBin(["alert", "send", alertFile], {
      env: { ...env, LOG_LEVEL: "info" },
    });
    expect(queued.stdout).toContain(`queued for ${SUBSCRIBERS} subscribers`);

    const received = () => {
      const perChat = new Map<string, number>();
      for (const m of server.storage.botMessages)
        if (m.botToken === TOKEN && String(m.message.text).includes(MARKER)) {
          const chat = String(m.message.chat_id);
          perChat.set(chat, (perChat.get(chat) ?? 0) + 1);
        }
      return perChat;
    };
    const total = () => [...received().values()].reduce((a, b) => a + b, 0);
    const rows = () => {
      const db = new Database(join(dataDir, "panah.db"), { readonly: true });
      try {
        return Object.fromEntries(
          (
            db
              .prepare("SELECT status, count(*) AS n FROM alert_deliveries GROUP BY status")
              .all() as {
              status: string;
              n: number;
            }[]
          ).map((r) => [r.status, r.n]),
        ) as Record<string, number>;
      } finally {
        db.close();
      }
    };

    const first = startPanah(env);
    await until(() => total() >= 10);
    first.terminate();
    const stopped = await first.exited;
    expect(stopped.code).toBe(0);
    expect(stopped.ms()).toBeLessThan(8_000);
    const afterStop = rows();
    const sentBefore = afterStop.sent ?? 0;
    // Checkpointed: the sends in flight finished and were marked; nothing is left half-done.
    expect(afterStop.sending ?? 0).toBe(0);
    expect(sentBefore).toBeGreaterThanOrEqual(10);
    expect(sentBefore).toBeLessThan(SUBSCRIBERS);
    expect(total()).toBe(sentBefore);

    const second = startPanah(env);
    let metrics = "";
    try {
      await until(() => received().size === SUBSCRIBERS && rows().sent === SUBSCRIBERS);
      const port = listeningPort(second.logs()) ?? 0;
      metrics = (await get(port, "/metrics")).body;
    } finally {
      second.terminate();
    }
    expect((await second.exited).code).toBe(0);
    for (const [chat, count] of received()) expect(count, `chat ${chat}`).toBe(1);
    expect(metrics).toContain(
      `panah_deliveries_sent_total{platform="telegram"} ${SUBSCRIBERS - sentBefore}`,
    );

    const logs = [queued.stderr, first.logs(), second.logs()].join("\n");
    expect(logs).toContain("shutting down");
    const ids = Array.from({ length: SUBSCRIBERS }, (_, i) => String(FIRST_ID + i));
    for (const secret of [MARKER, TOKEN, "ops-broadcast-shutdown", ...ids])
      expect(logs).not.toContain(secret);
  }, 90_000);
});
