import { writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { TelegramServer } from "telegram-test-api/lib/telegramServer.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IN_MEMORY, openStore } from "../../src/store/open.ts";
import type { SqlStore } from "../../src/store/sql-store.ts";
import { freePort, startEmulator } from "../adapters/telegram/support/emulator.ts";
import { FIXTURE_KNOWLEDGE, tempDir } from "../helpers/knowledge.ts";
import { startPanah, until } from "../ops/support/running.ts";
import { createDatabase, postgresServer } from "../setup/postgres-database.ts";

// Two real `panah start` processes on one PostgreSQL, Telegram in webhook mode behind a
// round-robin balancer: the setup the deployment guide describes (docs/deployment.md).

const TOKEN = "200012:replicas-test";
const SECRET = "replicas-secret-0123456789";
const SUBSCRIBERS = 60;
const FIRST_CHAT = 7_100_000;
const MARKER = "Rq7Connectivity";

/**
 * A loopback load balancer: hands each webhook POST to the next replica that answers, as a
 * real one with health checks would, adding the secret header Telegram sends (the emulator
 * does not). Counts what each replica served.
 */
async function startBalancer(ports: number[]) {
  const served = ports.map(() => 0);
  let next = 0;
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    // Each replica gets two tries: a pooled keep-alive connection that the replica has just
    // closed fails the first POST without the replica being down (real balancers retry too).
    // A replica busy taking over the leadership may refuse a connection for a moment: a round
    // that finds none answering is tried again shortly, as a balancer's retry budget allows.
    for (let tried = 0; tried < ports.length * 8; tried++) {
      if (tried > 0 && tried % (ports.length * 2) === 0) await sleep(250);
      const i = next++ % ports.length;
      // Counted when handed over: the reply may reach Telegram before the response returns.
      served[i] = (served[i] ?? 0) + 1;
      try {
        const response = await fetch(`http://127.0.0.1:${ports[i]}${req.url}`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-telegram-bot-api-secret-token": SECRET,
          },
          body: Buffer.concat(chunks),
        });
        res.statusCode = response.status;
        res.end(await response.text());
        return;
      } catch {
        served[i] = (served[i] ?? 0) - 1;
        // That replica is down: try the next one.
      }
    }
    res.statusCode = 502;
    res.end();
  });
  const port = await freePort();
  await new Promise<void>((done) => server.listen(port, "127.0.0.1", done));
  return { url: `http://127.0.0.1:${port}/telegram/hook`, served, close: () => server.close() };
}

describe.skipIf(!postgresServer)("two replicas on one PostgreSQL behind Telegram webhooks", () => {
  let emulator: TelegramServer;
  let database: Awaited<ReturnType<typeof createDatabase>>;
  let store: SqlStore;
  let balancer: Awaited<ReturnType<typeof startBalancer>>;
  let replicas: ReturnType<typeof startPanah>[] = [];

  beforeAll(async () => {
    emulator = await startEmulator();
    database = await createDatabase();
    store = await openStore({ databaseUrl: database.url, dataDir: IN_MEMORY });
    for (let i = 0; i < SUBSCRIBERS; i++) {
      const id = String(FIRST_CHAT + i);
      await store.subscribe({ platform: "telegram", userId: id, chatId: id, language: "en" });
    }
    const ports = [await freePort(), await freePort()];
    balancer = await startBalancer(ports);
    replicas = ports.map((port) => {
      const dir = tempDir("panah-replica-");
      const config = join(dir, "panah.yaml");
      // Slow enough that the broadcast is still going when its leader is killed.
      writeFileSync(config, "alerts:\n  telegram:\n    perSecond: 20\n    perChatSeconds: 1\n");
      return startPanah({
        PANAH_CONFIG: config,
        PANAH_DATA_DIR: dir,
        PANAH_KNOWLEDGE_DIR: FIXTURE_KNOWLEDGE,
        DATABASE_URL: database.url,
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: emulator.config.apiURL,
        TELEGRAM_WEBHOOK_URL: balancer.url,
        TELEGRAM_WEBHOOK_SECRET: SECRET,
        TELEGRAM_WEBHOOK_PORT: String(port),
        TELEGRAM_WEBHOOK_HOST: "127.0.0.1",
      });
    });
    await until(() => replicas.every((r) => r.logs().includes("Panah is running")));
  }, 60_000);

  afterAll(async () => {
    for (const replica of replicas) replica.child.kill("SIGKILL");
    await Promise.all(replicas.map((r) => r.exited));
    balancer?.close();
    await store?.close();
    await database?.drop();
    await emulator?.stop();
  });

  const botMessages = () => emulator.storage.botMessages.filter((m) => m.botToken === TOKEN);
  const alertCopies = () =>
    botMessages().filter((m) => String(m.message.text ?? "").includes(MARKER));
  const ask = async (userId: number, text: string) => {
    const client = emulator.getClient(TOKEN, { userId, chatId: userId });
    await client.sendMessage(client.makeMessage(text));
  };
  const answersTo = (chatId: number) =>
    botMessages().filter((m) => String(m.message.chat_id) === String(chatId));

  it("answers questions whichever replica the balancer picks", async () => {
    const askers = [7_000_001, 7_000_002, 7_000_003, 7_000_004];
    for (const asker of askers) await ask(asker, "Is Bale safe?");
    await until(() => askers.every((a) => answersTo(a).length > 0));
    for (const asker of askers)
      expect(String(answersTo(asker)[0]?.message.text)).toMatch(
        /^<b>Is Bale safe\?<\/b>\n\n<b>No\.<\/b>/,
      );
    expect(balancer.served).toEqual([2, 2]);
  });

  it("runs the broadcast in one replica; when it is killed mid-broadcast, the other finishes it and nobody is missed", async () => {
    const leaders = replicas.filter((r) => r.logs().includes("this replica leads"));
    expect(leaders).toHaveLength(1);
    const leader = leaders[0] as (typeof replicas)[number];
    const follower = replicas.find((r) => r !== leader) as (typeof replicas)[number];

    // As `panah alert send` does: the alert and its deliveries are written to the database,
    // and the leader picks them up.
    const { outcome } = await store.alerts.createAlert(
      {
        kind: "status",
        severity: "warning",
        text: { en: `${MARKER}: connectivity is partly back.` },
        audience: { languages: ["en"], platforms: ["telegram"] },
      },
      { platform: "cli", id: "ops" },
      { now: Date.now(), approved: true },
    );
    expect(outcome).toBe("queued");
    await until(() => alertCopies().length >= 15);
    leader.child.kill("SIGKILL");
    await leader.exited;
    const killedAt = Date.now();
    const sentBeforeKill = alertCopies().length;
    expect(sentBeforeKill).toBeLessThan(SUBSCRIBERS);

    await until(async () => (await store.alerts.getAlert(1))?.status === "done");
    expect(follower.logs()).toContain("this replica leads");
    const copies = alertCopies().map((m) => Number(m.message.chat_id));
    const everyone = Array.from({ length: SUBSCRIBERS }, (_, i) => FIRST_CHAT + i);
    expect(everyone.filter((chat) => !copies.includes(chat))).toEqual([]);
    // Only deliveries in flight at the kill (the pace's concurrency, 2 at 20/s) can repeat.
    expect(copies.length - SUBSCRIBERS).toBeLessThanOrEqual(2);
    expect(await store.alerts.progress(1)).toMatchObject({ sent: SUBSCRIBERS, failed: 0 });
    expect(Date.now() - killedAt).toBeLessThan(15_000);

    // The survivor answers everything now.
    await ask(7_000_005, "Is Bale safe?");
    await until(() => answersTo(7_000_005).length > 0);
    const logs = follower.logs();
    for (const secret of [MARKER, String(FIRST_CHAT), TOKEN, "replicas-test"])
      expect(logs).not.toContain(secret);
  }, 60_000);
});
