import { spawnSync } from "node:child_process";
import { once } from "node:events";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { type AddressInfo, createServer } from "node:net";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { registerUniqueUser } from "../adapters/matrix/harness.ts";
import { runBin } from "../helpers/cli.ts";
import { copyOfFixture, FIXTURE_KNOWLEDGE, tempDir } from "../helpers/knowledge.ts";

// `panah start` as an operator runs it, failing the ways a deployment does: each failure ends
// with one line that names what failed and the setting to fix, exit status 1, and no stack.

const postgres = inject("postgres");
const synapse = inject("synapse");

/** A configuration with the health endpoint on a free port, a data directory, the fixture KB. */
function operator(): NodeJS.ProcessEnv {
  const dir = tempDir("panah-fail-");
  writeFileSync(join(dir, "panah.yaml"), "http:\n  port: 0\n");
  return {
    PANAH_CONFIG: join(dir, "panah.yaml"),
    PANAH_DATA_DIR: join(dir, "data"),
    PANAH_KNOWLEDGE_DIR: FIXTURE_KNOWLEDGE,
  };
}

/** Runs `panah start` and returns the last line of its standard error, after the checks every failure must pass. */
async function failedStart(
  env: NodeJS.ProcessEnv,
  { secrets = [] as string[], uid }: { secrets?: string[]; uid?: number } = {},
): Promise<string> {
  const { code, stderr } = await runBin(["start"], { env, ...(uid === undefined ? {} : { uid }) });
  expect(code, stderr).toBe(1);
  // No stack frames of Panah's own printing (a JSON log line may carry a library's, escaped).
  expect(stderr, stderr).not.toMatch(/^ {4}at /m);
  expect(stderr, stderr).not.toContain("Node.js v");
  for (const secret of secrets) expect(stderr).not.toContain(secret);
  const last = stderr.trimEnd().split("\n").at(-1) ?? "";
  expect(last).not.toMatch(/^\{/); // a sentence for a person, not a JSON log line
  return last;
}

/** A port on loopback that nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer().listen(0, "127.0.0.1");
  await once(probe, "listening");
  const { port } = probe.address() as AddressInfo;
  await new Promise((done) => probe.close(done));
  return port;
}

/** An HTTP server on loopback answering every request with `status` and `body`. */
async function answering(status: number, body: object): Promise<Server & { url: string }> {
  const server = createHttpServer((_req, res) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  }).listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return Object.assign(server, { url: `http://127.0.0.1:${port}` });
}

describe("panah start stops with one line saying what to fix", () => {
  it("a mistake in the configuration file: names the file, the line and PANAH_CONFIG", async () => {
    const env = operator();
    writeFileSync(env.PANAH_CONFIG ?? "", "moderators:\n  telegram: [alice]\n");
    const last = await failedStart(env);
    expect(last).toBe(
      `Fix them in ${env.PANAH_CONFIG} (PANAH_CONFIG); panah.example.yaml lists every setting and its default.`,
    );
  });

  it("a configuration file that is not there", async () => {
    const env = { ...operator(), PANAH_CONFIG: "/nowhere/panah.yaml" };
    expect(await failedStart(env)).toMatch(
      /^panah: cannot read the configuration file \/nowhere\/panah\.yaml .*: fix PANAH_CONFIG/,
    );
  });

  it("a LOG_LEVEL pino does not know", async () => {
    expect(await failedStart({ ...operator(), LOG_LEVEL: "verbose" })).toBe(
      'panah: LOG_LEVEL is "verbose": set it to one of trace, debug, info, warn, error, fatal, silent',
    );
  });

  it("a data directory Panah may not write to", async () => {
    const env = operator();
    const data = env.PANAH_DATA_DIR ?? "";
    // Root writes anywhere: as root, the test runs Panah as nobody, as a container's user would,
    // when nobody can reach this checkout (a clone inside a private temporary directory cannot).
    const asRoot = process.getuid?.() === 0;
    if (asRoot && !nobodyCanRead(BIN)) {
      // The same advice, reached where root too is refused: a data directory inside a file.
      const file = join(data, "..", "not-a-directory");
      writeFileSync(file, "");
      const last = await failedStart({ ...env, PANAH_DATA_DIR: join(file, "data") });
      expect(last).toMatch(
        /^panah: cannot create the data directory .*ENOTDIR.*Set PANAH_DATA_DIR to a writable directory\.$/,
      );
      return;
    }
    mkdirSync(data);
    chmodSync(join(data, ".."), 0o755);
    chmodSync(data, 0o555);
    const last = await failedStart(
      { ...env, ...(asRoot ? { HOME: "/tmp" } : {}) },
      asRoot ? { uid: NOBODY } : {},
    );
    expect(last).toBe(
      `panah: cannot create the database ${join(data, "panah.db")} (EACCES): make PANAH_DATA_DIR writable by the user Panah runs as, or set it to a directory that is`,
    );
  });

  it("a broken knowledge base: every problem, then what to do", async () => {
    const kb = copyOfFixture();
    kb.edit("topics/bale.yaml", (t) => t.replace("id: bale", "id: Bale!"));
    const last = await failedStart({ ...operator(), PANAH_KNOWLEDGE_DIR: kb.dir });
    expect(last).toBe(
      `Fix them (\`npx panah validate ${kb.dir}\` checks again), or set PANAH_KNOWLEDGE_DIR to a knowledge base that passes.`,
    );
  });

  it("PostgreSQL that does not answer, never showing the password in DATABASE_URL", async () => {
    const port = await closedPort();
    const env = {
      ...operator(),
      DATABASE_URL: `postgres://panah:Hunter2pw@127.0.0.1:${port}/panah`,
    };
    expect(await failedStart(env, { secrets: ["Hunter2pw"] })).toBe(
      `panah: cannot reach PostgreSQL at 127.0.0.1:${port} (ECONNREFUSED): start the server, or fix the host and port in DATABASE_URL`,
    );
  });

  it.skipIf(!postgres)("a PostgreSQL database that does not exist", async () => {
    const url = new URL(postgres ?? "");
    url.pathname = "/panah_no_such_database";
    expect(await failedStart({ ...operator(), DATABASE_URL: url.toString() })).toMatch(
      /^panah: PostgreSQL at 127\.0\.0\.1:\d+ has no database panah_no_such_database: create it \(createdb\) or fix its name in DATABASE_URL$/,
    );
  });

  it("a bot token Telegram refuses (401 from getMe), without printing the token", async () => {
    const botApi = await answering(401, {
      ok: false,
      error_code: 401,
      description: "Unauthorized",
    });
    try {
      const token = "200008:refused-token-for-the-test";
      const env = { ...operator(), TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: botApi.url };
      expect(await failedStart(env, { secrets: [token, "refused-token"] })).toBe(
        "panah: the Bot API server refused TELEGRAM_BOT_TOKEN (401 Unauthorized): copy the token again from @BotFather",
      );
    } finally {
      botApi.close();
    }
  });

  it("a Matrix homeserver that does not answer", async () => {
    const port = await closedPort();
    const env = {
      ...operator(),
      MATRIX_HOMESERVER_URL: `http://127.0.0.1:${port}`,
      MATRIX_USER_ID: "@panah:example.org",
      MATRIX_PASSWORD: "not-the-password",
    };
    expect(await failedStart(env, { secrets: ["not-the-password"] })).toBe(
      `panah: cannot reach the Matrix homeserver at http://127.0.0.1:${port}: check MATRIX_HOMESERVER_URL and that the homeserver is up and reachable from here`,
    );
  });

  it("MATRIX_HOMESERVER_URL pointing at something that is not a homeserver", async () => {
    const site = await answering(404, { error: "not found" });
    try {
      const env = {
        ...operator(),
        MATRIX_HOMESERVER_URL: site.url,
        MATRIX_USER_ID: "@panah:example.org",
        MATRIX_PASSWORD: "not-the-password",
      };
      expect(await failedStart(env)).toMatch(
        /does not answer as a Matrix homeserver \(404 .*\): set MATRIX_HOMESERVER_URL to the homeserver's client URL/,
      );
    } finally {
      site.close();
    }
  });

  it.skipIf(!synapse)(
    "a Matrix password the homeserver refuses (real Synapse), naming neither the password nor the account",
    { timeout: 60_000 },
    async () => {
      if (!synapse) return;
      const bot = await registerUniqueUser(synapse, "panah");
      const env = {
        ...operator(),
        MATRIX_HOMESERVER_URL: synapse.url,
        MATRIX_USER_ID: bot.userId,
        MATRIX_PASSWORD: "WrongPassword123",
      };
      expect(await failedStart(env, { secrets: ["WrongPassword123", bot.userId] })).toBe(
        `panah: the Matrix homeserver at ${synapse.url} refused to sign in MATRIX_USER_ID (403 M_FORBIDDEN): fix MATRIX_PASSWORD (or MATRIX_USER_ID), and check the account is not deactivated`,
      );
    },
  );
});

const NOBODY = 65_534;
const BIN = join(import.meta.dirname, "..", "..", "bin", "panah.js");

/** Whether the unprivileged user can read `file` (every directory above it traversable). */
function nobodyCanRead(file: string): boolean {
  const probe = spawnSync(
    process.execPath,
    ["-e", `require("node:fs").accessSync(${JSON.stringify(file)})`],
    {
      uid: NOBODY,
      gid: NOBODY,
    },
  );
  return probe.status === 0;
}
