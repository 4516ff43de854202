import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { ADAPTERS } from "../../../adapters/index.ts";
import { main } from "../../../src/cli/main.ts";
import { toPlainText } from "../../../src/index.ts";
import { capturingLogger } from "../../helpers/engine.ts";
import { FIXTURE_KNOWLEDGE, tempDir } from "../../helpers/knowledge.ts";
import { get, listeningPort, until } from "../../ops/support/running.ts";
import { LoopbackNetwork } from "./network.ts";
import { loopbackAdapter } from "./platform.ts";

const sink = () => new Writable({ write: (_c, _e, done) => done() });

/** `panah` in this process, as bin/panah.js runs it, with the loopback adapter added to the list. */
function panah(args: string[], network: LoopbackNetwork, env: NodeJS.ProcessEnv) {
  const log = capturingLogger();
  const stdin = new PassThrough();
  stdin.end();
  const code = main(args, {
    stdin,
    stdout: sink(),
    stderr: sink(),
    env,
    logger: log.logger,
    adapters: [...ADAPTERS, loopbackAdapter(network)],
  });
  return { code, logs: () => log.lines().join("\n") };
}

describe("a third platform: an adapter folder and an entry in the adapter list", () => {
  it("answers questions, takes its moderators and pace from panah.yaml, receives alerts and shows in /readyz and /metrics", async () => {
    const dir = tempDir();
    const config = join(dir, "panah.yaml");
    writeFileSync(
      config,
      "moderators:\n  loopback: [lb-1]\nalerts:\n  loopback:\n    perSecond: 40\nhttp:\n  port: 0\n",
    );
    const env = {
      PANAH_CONFIG: config,
      PANAH_DATA_DIR: join(dir, "data"),
      PANAH_KNOWLEDGE_DIR: FIXTURE_KNOWLEDGE,
      LOOPBACK_NETWORK: "in-process",
    };
    const network = new LoopbackNetwork();
    const running = panah(["start"], network, env);
    await until(() => running.logs().includes("Panah is running"));
    const port = listeningPort(running.logs()) ?? 0;

    const ready = JSON.parse((await get(port, "/readyz")).body);
    expect(ready).toMatchObject({ ready: true, checks: { loopback: true } });
    expect(running.logs()).toContain('"adapters":["loopback"]');

    await network.post("lb-7", "Is Bale safe?");
    expect(network.inbox("lb-7").at(-1)).toMatchObject({ kind: "answer", topic: "bale" });
    await network.post("lb-7", "/subscribe");
    await network.post("lb-7", "/alert");
    expect(toPlainText(network.inbox("lb-7").at(-1)?.blocks ?? [])).not.toMatch(
      /Preview|English text/,
    );
    await network.post("lb-1", "/alert");
    const moderatorView = network.inbox("lb-1").at(-1);
    expect(moderatorView?.kind).toBe("notice");

    const alert = join(dir, "alert.yaml");
    writeFileSync(
      alert,
      "severity: warning\naudience:\n  platforms: [loopback]\ntext:\n  en: Loopback alert test.\n  fa: آزمایش هشدار.\n",
    );
    const sent = panah(["alert", "send", alert], network, env);
    expect(await sent.code).toBe(0);
    await until(() =>
      network.inbox("lb-7").some((m) => toPlainText(m.blocks).includes("Loopback alert test.")),
    );

    const metrics = (await get(port, "/metrics")).body;
    expect(metrics).toMatch(/panah_messages_total\{platform="loopback"\} [1-9]/);
    expect(metrics).toMatch(/panah_deliveries_sent_total\{platform="loopback"\} 1/);

    process.emit("SIGTERM", "SIGTERM");
    expect(await running.code).toBe(0);
    expect(network.connected).toBe(false);
  });

  it("rejects a moderator id in the wrong form with the adapter's own advice", async () => {
    const dir = tempDir();
    const config = join(dir, "panah.yaml");
    writeFileSync(config, "moderators:\n  loopback: [alice]\n");
    const network = new LoopbackNetwork();
    let stderr = "";
    const code = await main(["topics"], {
      stdout: sink(),
      stderr: new Writable({
        write(chunk, _e, done) {
          stderr += String(chunk);
          done();
        },
      }),
      env: { PANAH_CONFIG: config },
      logger: capturingLogger().logger,
      adapters: [...ADAPTERS, loopbackAdapter(network)],
    });
    expect(code).toBe(1);
    expect(stderr).toContain('"moderators.loopback.0" ("alice"): a loopback id looks like "lb-1"');
  });
});
