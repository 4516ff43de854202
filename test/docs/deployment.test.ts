import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { networkInterfaces } from "node:os";
import { join, resolve } from "node:path";
import type { TelegramServer } from "telegram-test-api/lib/telegramServer.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { freePort, startEmulator } from "../adapters/telegram/support/emulator.ts";
import { FIXTURE_KNOWLEDGE, tempDir } from "../helpers/knowledge.ts";
import { startPanah, until } from "../ops/support/running.ts";
import { createDatabase, postgresServer } from "../setup/postgres-database.ts";

// docs/deployment.md and compose.replicas.yaml as an operator follows them.

const REPO = resolve(import.meta.dirname, "..", "..");
const read = (file: string) => readFileSync(join(REPO, file), "utf8");

/** Every environment variable the code reads (`env.NAME`, `env?.NAME`, `env["NAME"]`). */
function variablesTheCodeReads(): Set<string> {
  const names = new Set<string>();
  const files = ["src", "adapters", "bin"].flatMap((dir) =>
    (readdirSync(join(REPO, dir), { recursive: true }) as string[])
      .filter((file) => /\.(ts|js)$/.test(file))
      .map((file) => join(dir, file)),
  );
  for (const file of files)
    for (const match of read(file).matchAll(/\benv(?:\?\.|\.|\[")([A-Z][A-Z0-9_]+)\b/g))
      names.add(match[1] ?? "");
  return names;
}

/** The variables named in the first column of the guide's environment table. */
function variablesTheGuideLists(): Set<string> {
  const guide = read("docs/deployment.md").split("\n");
  const header = guide.findIndex((line) => /^\s*\| Variable\s+\| On a replica/.test(line));
  expect(header, "the guide's table of variables").toBeGreaterThan(0);
  const names = new Set<string>();
  for (const line of guide.slice(header + 2)) {
    if (!line.trim().startsWith("|")) break;
    const first = line.split("|")[1] ?? "";
    for (const match of first.matchAll(/`([A-Z][A-Z0-9_]+)`/g)) names.add(match[1] ?? "");
  }
  return names;
}

describe("the deployment guide's table of environment variables", () => {
  it("lists exactly the variables Panah reads", () => {
    const read = variablesTheCodeReads();
    expect(read).toContain("TELEGRAM_WEBHOOK_HOST");
    expect(
      [...variablesTheGuideLists()].sort(),
      "docs/deployment.md: one row per variable the code reads, none it does not",
    ).toEqual([...read].sort());
  });
});

/** `${NAME}`, `${NAME:-default}` and `${NAME:?message}` resolved as compose does from `.env`. */
function interpolate(value: string, dotenv: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_, name: string, kind, rest) => {
    const set = dotenv[name];
    if (set) return set;
    if (kind === "?") throw new Error(`compose would refuse: ${rest}`);
    return kind === "-" ? rest : "";
  });
}

/** The ENV lines of the Dockerfile's final stage: the image's own environment. */
function imageEnvironment(): Record<string, string> {
  const stages = read("Dockerfile").split(/^FROM /m);
  const env: Record<string, string> = {};
  for (const [, name, value] of (stages.at(-1) ?? "").matchAll(/^ENV (\w+)=(.*)$/gm))
    env[name ?? ""] = value ?? "";
  return env;
}

/** This machine's address on a network, as another container reaches a replica; loopback if none. */
function networkAddress(): string {
  const external = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === "IPv4" && !a.internal);
  return external?.address ?? "127.0.0.1";
}

describe.skipIf(!postgresServer)(
  "a replica started as compose.replicas.yaml starts one, with the operator's copy of panah.example.yaml",
  () => {
    const token = "200013:compose-replica";
    const secret = "compose-replica-secret-0123";
    let emulator: TelegramServer;
    let database: Awaited<ReturnType<typeof createDatabase>>;
    beforeAll(async () => {
      emulator = await startEmulator();
      database = await createDatabase();
    });
    afterAll(async () => {
      await emulator?.stop();
      await database?.drop();
    });

    it("answers /readyz and takes webhooks at its network address, where the balancer reaches it", {
      timeout: 60_000,
    }, async () => {
      const compose = parse(read("compose.replicas.yaml"), { merge: true });
      const caddyfile: string = compose.configs.caddyfile.content;
      const healthPort = /health_port (\d+)/.exec(caddyfile)?.[1];
      const webhookPort = /reverse_proxy panah-1:(\d+) panah-2:\1/.exec(caddyfile)?.[1];
      expect(caddyfile).toContain("health_uri /readyz");

      // The operator's own settings: the example, copied and given a moderator, as the guide
      // says; its endpoint is off and on 127.0.0.1.
      const dir = tempDir("panah-compose-");
      const example = read("panah.example.yaml");
      expect(parse(example).http).toEqual({ host: "127.0.0.1" });
      writeFileSync(
        join(dir, "panah.yaml"),
        example.replace("telegram: []        # e.g. [123456789]", "telegram: [123456789]"),
      );

      const dotenv = {
        TELEGRAM_BOT_TOKEN: token,
        TELEGRAM_WEBHOOK_SECRET: secret,
        PANAH_WEBHOOK_DOMAIN: "panah.example.org",
        POSTGRES_PASSWORD: "compose-password",
      };
      const service: Record<string, string> = {};
      for (const [name, value] of Object.entries(compose.services["panah-1"].environment))
        service[name] = interpolate(String(value), dotenv);
      // The ports the compose file gives are the ones Caddy forwards to and checks.
      expect(service.PANAH_HTTP_PORT).toBe(healthPort);
      expect(service.TELEGRAM_WEBHOOK_PORT).toBe(webhookPort);
      expect(service.DATABASE_URL).toMatch(/@postgres:5432\/panah$/);

      const [http, webhook] = [await freePort(), await freePort()];
      const env: NodeJS.ProcessEnv = {
        ...imageEnvironment(),
        ...service,
        // The mounts: the operator's file over /app/panah.yaml, a knowledge base, the volume.
        PANAH_CONFIG: join(dir, "panah.yaml"),
        PANAH_KNOWLEDGE_DIR: FIXTURE_KNOWLEDGE,
        PANAH_DATA_DIR: join(dir, "data"),
        // The compose services, here: PostgreSQL and "Telegram".
        DATABASE_URL: database.url,
        TELEGRAM_API_ROOT: emulator.config.apiURL,
        // Fixed ports are fine in a container of its own, not on a test machine.
        PANAH_HTTP_PORT: String(http),
        TELEGRAM_WEBHOOK_PORT: String(webhook),
      };
      const replica = startPanah(env);
      try {
        const at = networkAddress();
        const readyz = async () =>
          fetch(`http://${at}:${http}/readyz`).then(
            async (r) => ({ status: r.status, body: await r.text() }),
            () => ({ status: 0, body: "" }),
          );
        await until(async () => (await readyz()).status === 200 || replica.child.exitCode !== null);
        const ready = await readyz();
        expect(ready.status, replica.logs()).toBe(200);
        expect(JSON.parse(ready.body).checks).toEqual({
          knowledge: true,
          database: true,
          telegram: true,
        });

        // A webhook POST as Caddy forwards it (Telegram adds the secret header).
        const chat = 5_100_013;
        const answer = await fetch(`http://${at}:${webhook}/telegram/webhook`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-telegram-bot-api-secret-token": secret,
          },
          body: JSON.stringify({
            update_id: 1,
            message: {
              message_id: 1,
              date: Math.floor(Date.now() / 1000),
              chat: { id: chat, type: "private" },
              from: { id: chat, is_bot: false, first_name: "A" },
              text: "Is Bale safe?",
            },
          }),
        });
        expect(answer.status).toBe(200);
        await until(() =>
          emulator.storage.botMessages.some(
            (m) => m.botToken === token && String(m.message.chat_id) === String(chat),
          ),
        );
        expect(replica.logs()).not.toContain("health endpoint off");
      } finally {
        replica.terminate();
      }
      expect((await replica.exited).code).toBe(0);
    });
  },
);
