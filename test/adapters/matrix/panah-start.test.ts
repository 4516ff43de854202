import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, inject, it, onTestFinished } from "vitest";
import { MatrixUser, registerUniqueUser, until } from "./harness.ts";

const synapse = inject("synapse");
const REPO = join(import.meta.dirname, "..", "..", "..");
const FIXTURES = join(REPO, "test", "fixtures", "knowledge");

describe.skipIf(!synapse)("panah start with MATRIX_* set", { timeout: 90_000 }, () => {
  it("answers a person in an encrypted DM, and on SIGTERM signs its device out and exits 0", async () => {
    if (!synapse) return;
    const bot = await registerUniqueUser(synapse, "panah");
    const alice = await MatrixUser.connect(
      synapse,
      await registerUniqueUser(synapse, "alice"),
      bot.userId,
    );
    const dataDir = await mkdtemp(join(tmpdir(), "panah-start-test-"));
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of Object.keys(env))
      if (name.startsWith("MATRIX_") || name.startsWith("TELEGRAM_")) delete env[name];
    const children: ChildProcess[] = [];
    // Runs on failure and timeout too: nothing this test started outlives it.
    onTestFinished(async () => {
      for (const child of children)
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await alice.stop();
      await rm(dataDir, { recursive: true, force: true });
    });
    /** `node bin/panah.js start`, as the docs say to run it, until it has started. */
    const startPanah = async () => {
      const child = spawn(process.execPath, [join(REPO, "bin", "panah.js"), "start"], {
        cwd: REPO,
        env: {
          ...env,
          LOG_LEVEL: "info",
          PANAH_KNOWLEDGE_DIR: FIXTURES,
          PANAH_DATA_DIR: dataDir,
          MATRIX_HOMESERVER_URL: synapse.url,
          MATRIX_USER_ID: bot.userId,
          MATRIX_PASSWORD: bot.password,
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      children.push(child);
      const run = { log: "", exited: new Promise<number | null>((r) => child.once("exit", r)) };
      child.stdout.on("data", (chunk: Buffer) => {
        run.log += chunk.toString();
      });
      child.stderr.on("data", (chunk: Buffer) => {
        run.log += chunk.toString();
      });
      await until(() => run.log.includes("Matrix: started") || child.exitCode !== null);
      expect(child.exitCode, run.log).toBeNull();
      return { child, run };
    };
    const { child, run } = await startPanah();
    const room = await alice.openDirectChat({ encrypted: true });
    const question = await alice.say(room, "Is Signal safe?");
    const reply = await alice.replyTo(question);
    expect(reply.isEncrypted()).toBe(true);
    expect(reply.getContent().body).toContain("Signal encrypts every chat end to end");

    child.kill("SIGTERM");
    // Exit 0: the shutdown finished within panah's bound and nothing of the SDK kept it alive.
    expect(await run.exited, run.log).toBe(0);
    expect(run.log).toContain("Matrix: stopped");
    const log = run.log;
    // The bot signed its device out on the way down, so nobody's client encrypts for it any more.
    const devices = await fetch(`${synapse.url}/_matrix/client/v3/keys/query`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${alice.account.accessToken}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ device_keys: { [bot.userId]: [] } }),
    }).then((r) => r.json() as Promise<{ device_keys: Record<string, Record<string, unknown>> }>);
    expect(Object.keys(devices.device_keys[bot.userId] ?? {})).toEqual([]);
    for (const secret of [
      bot.userId,
      alice.account.userId,
      room,
      bot.password,
      "Is Signal safe?",
    ]) {
      expect(log).not.toContain(secret);
    }

    // The next start is a new device, which cannot decrypt the earlier messages in the DM: the
    // SDK keeps a five-minute timer for each such event, and the stop must not wait for it.
    const again = await startPanah();
    await alice.replyTo(await alice.say(room, "Is Signal safe?"));
    again.child.kill("SIGTERM");
    expect(await again.run.exited, again.run.log).toBe(0);
    expect(again.run.log).not.toContain("did not finish within");
  });
});
