import { once } from "node:events";
import { existsSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { join } from "node:path";
import type { TelegramServer } from "telegram-test-api/lib/telegramServer.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../adapters/telegram/support/emulator.ts";
import { runBin } from "../helpers/cli.ts";
import { copyOfFixture, FIXTURE_KNOWLEDGE, tempDir } from "../helpers/knowledge.ts";
import { get, instance, listeningPort, startPanah, until } from "./support/running.ts";

// The real `panah start` in a child process, stopped with a real SIGTERM.

describe("panah start as a process, with the health endpoint on", () => {
  it("with no platform and no terminal, serves health until SIGTERM, then closes the database and exits 0", async () => {
    const { dataDir, env } = instance();
    const panah = startPanah(env);
    try {
      await until(() => listeningPort(panah.logs()) !== undefined);
      const port = listeningPort(panah.logs()) ?? 0;
      await until(async () => (await get(port, "/readyz")).status === 200);
      expect((await get(port, "/healthz")).body).toBe("ok\n");
      expect((await get(port, "/metrics")).body).toContain(
        'panah_messages_total{platform="telegram"} 0',
      );
      expect(existsSync(join(dataDir, "panah.db-wal"))).toBe(true);
    } finally {
      panah.terminate();
    }
    const { code, ms } = await panah.exited;
    expect(code).toBe(0);
    expect(ms()).toBeLessThan(5_000);
    expect(panah.logs()).toContain("shutting down");
    // SQLite folds and removes the write-ahead log when the database is closed properly.
    expect(existsSync(join(dataDir, "panah.db-wal"))).toBe(false);
  });

  describe("with Telegram (Bot API emulator)", () => {
    let server: TelegramServer;
    beforeAll(async () => {
      server = await startEmulator();
    });
    afterAll(async () => {
      await server?.stop();
    });

    it("reports Telegram in /readyz, counts the conversation in /metrics, logs none of it, and exits 0 on SIGTERM", async () => {
      const token = "200004:ops-process-test";
      const marker = "Zqxw8Marker";
      const { env } = instance();
      const panah = startPanah({
        ...env,
        TELEGRAM_BOT_TOKEN: token,
        TELEGRAM_API_ROOT: server.config.apiURL,
      });
      try {
        await until(() => listeningPort(panah.logs()) !== undefined);
        const port = listeningPort(panah.logs()) ?? 0;
        await until(async () => (await get(port, "/readyz")).status === 200);
        expect(JSON.parse((await get(port, "/readyz")).body).checks).toEqual({
          knowledge: true,
          database: true,
          telegram: true,
        });
        const client = server.getClient(token, { userId: 5_938_271, chatId: 5_938_271 });
        await client.sendMessage(client.makeMessage(`Is Bale safe? ${marker}`));
        await client.sendMessage(client.makeMessage(`${marker} the weather on mars`));
        await until(
          () => server.storage.botMessages.filter((m) => m.botToken === token).length >= 2,
        );
        const metrics = (await get(port, "/metrics")).body;
        expect(metrics).toContain('panah_messages_total{platform="telegram"} 2');
        expect(metrics).toContain('panah_answers_total{platform="telegram",topic="bale"} 1');
        expect(metrics).toContain('panah_fallbacks_total{platform="telegram"} 1');
        expect(metrics).not.toContain(marker);
      } finally {
        panah.terminate();
      }
      const { code, ms } = await panah.exited;
      expect(code).toBe(0);
      expect(ms()).toBeLessThan(5_000);
      const logs = panah.logs();
      expect(logs).toContain('"signal":"SIGTERM"');
      for (const secret of [marker, "5938271", token, "ops-process-test"])
        expect(logs).not.toContain(secret);
    });

    it("stops with one line saying what to change when the webhook's port is busy, with no stack trace", async () => {
      const busy = createServer().listen(0, "127.0.0.1");
      await once(busy, "listening");
      const { port } = busy.address() as AddressInfo;
      try {
        const { env } = instance();
        const { code, stderr } = await runBin(["start"], {
          env: {
            ...env,
            TELEGRAM_BOT_TOKEN: "200007:webhook-port-busy",
            TELEGRAM_API_ROOT: server.config.apiURL,
            TELEGRAM_WEBHOOK_URL: "https://panah.example.org/telegram",
            TELEGRAM_WEBHOOK_SECRET: "a-secret-of-sixteen-chars",
            TELEGRAM_WEBHOOK_HOST: "127.0.0.1",
            TELEGRAM_WEBHOOK_PORT: String(port),
          },
        });
        expect(code).toBe(1);
        expect(stderr).toMatch(
          /^panah: cannot serve the Telegram webhook on 127\.0\.0\.1:\d+ \(EADDRINUSE\): set TELEGRAM_WEBHOOK_PORT to a free port/m,
        );
        expect(stderr).not.toContain("    at ");
        expect(stderr).not.toContain("webhook-port-busy");
      } finally {
        busy.close();
      }
    });
  });

  it("stopped while the Bot API cannot be reached yet, gives up waiting and exits 0 at once", async () => {
    // A port nothing listens on: getMe is refused and start-up keeps retrying.
    const closed = createServer().listen(0, "127.0.0.1");
    await once(closed, "listening");
    const { port } = closed.address() as AddressInfo;
    closed.close();
    const { env } = instance();
    const panah = startPanah({
      ...env,
      TELEGRAM_BOT_TOKEN: "200006:unreachable",
      TELEGRAM_API_ROOT: `http://127.0.0.1:${port}`,
    });
    await until(() => panah.logs().includes("cannot reach the Telegram Bot API"));
    panah.terminate();
    const { code } = await panah.exited;
    expect(code).toBe(0);
    expect(panah.logs()).toContain("stopped during start-up");
    expect(panah.logs()).not.toContain("did not finish within");
  });
});

describe("a knowledge edit the hot reload refuses", () => {
  it("counts in /metrics while the last good version keeps serving", async () => {
    const knowledge = copyOfFixture();
    const { env } = instance();
    const panah = startPanah({ ...env, PANAH_KNOWLEDGE_DIR: knowledge.dir });
    try {
      await until(() => listeningPort(panah.logs()) !== undefined);
      const port = listeningPort(panah.logs()) ?? 0;
      await until(async () => (await get(port, "/readyz")).status === 200);
      const errors = async () =>
        /^panah_knowledge_reload_errors_total (\d+)$/m.exec(
          (await get(port, "/metrics")).body,
        )?.[1];
      expect(await errors()).toBe("0");
      knowledge.edit("topics/bale.yaml", (text) => text.replace(/^id: bale$/m, "id: [broken"));
      await until(async () => (await errors()) === "1");
      expect((await get(port, "/readyz")).status).toBe(200);
    } finally {
      panah.terminate();
    }
    expect((await panah.exited).code).toBe(0);
  });
});

describe("bad http settings stop start-up with a message naming the setting", () => {
  it.each([
    ["a port out of range", "http:\n  port: 70000\n", /"http\.port"/],
    ["a port in quotes", 'http:\n  port: "9464"\n', /"http\.port" should be a number/],
    ["an unknown http setting", "http:\n  prot: 9464\n", /unknown field "prot"/],
  ])("%s", async (_, text, message) => {
    const dir = tempDir("panah-ops-");
    writeFileSync(join(dir, "panah.yaml"), text);
    const { code, stderr } = await runBin(["start"], {
      env: { PANAH_CONFIG: join(dir, "panah.yaml"), PANAH_DATA_DIR: dir },
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(message);
    expect(stderr).toContain(`${join(dir, "panah.yaml")}:2:`);
  });

  it("a port already in use", async () => {
    const busy = createServer().listen(0, "127.0.0.1");
    await once(busy, "listening");
    const port = (busy.address() as AddressInfo).port;
    try {
      const dir = tempDir("panah-ops-");
      writeFileSync(join(dir, "panah.yaml"), `http:\n  port: ${port}\n`);
      const { code, stderr } = await runBin(["start"], {
        env: {
          PANAH_CONFIG: join(dir, "panah.yaml"),
          PANAH_DATA_DIR: dir,
          PANAH_KNOWLEDGE_DIR: FIXTURE_KNOWLEDGE,
        },
      });
      expect(code).toBe(1);
      expect(stderr).toMatch(
        /^panah: cannot serve health and metrics on 127\.0\.0\.1:\d+ \(EADDRINUSE\): choose another http\.port/,
      );
      expect(stderr).not.toContain("    at ");
    } finally {
      busy.close();
    }
  });
});
