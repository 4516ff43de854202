import { PassThrough, Writable } from "node:stream";
import type { Logger } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { createPanah, type Panah } from "../../src/app.ts";
import type { CliContext } from "../../src/cli/context.ts";
import { start } from "../../src/cli/start.ts";
import { DEFAULT_CONFIG } from "../../src/config/schema.ts";
import { ManualClock } from "../../src/core/clock.ts";
import { FIXTURE_NOW } from "../fixtures/status/fixture-time.ts";
import { capturingLogger } from "../helpers/engine.ts";
import { FIXTURE_KNOWLEDGE, tempDir } from "../helpers/knowledge.ts";
import { get, listeningPort, until } from "../ops/support/running.ts";
import { statusServer } from "./support/status-server.ts";

const panahs: Panah[] = [];
afterEach(async () => {
  for (const panah of panahs.splice(0)) await panah.close();
});

/** `panah start` with no platform and the endpoint on: health and metrics only, until SIGTERM. */
async function serveHealth(
  panah: Panah,
  config: CliContext["config"],
  logger: Logger,
  lines: () => string[],
) {
  const stdin = new PassThrough();
  stdin.end();
  const silent = new Writable({ write: (_c, _e, done) => done() });
  const cli: CliContext = {
    stdin,
    stdout: silent,
    stderr: silent,
    env: {},
    logger,
    config,
    adapters: [],
  };
  const result = start(cli, panah, { ms: 60_000, exit: () => undefined });
  await until(() => listeningPort(lines().join("\n")) !== undefined);
  return { result, port: listeningPort(lines().join("\n")) ?? 0 };
}

describe("live status in /readyz and /metrics", () => {
  it("shows each source's state and counts failures, and a failing source leaves Panah ready", async () => {
    const server = await statusServer();
    server.ioda("normal");
    server.ooni();
    server.answer("ioda:ping-slash24", { status: 500 });
    server.answer("ooni:tor", "hang");
    const status = server.settings();
    const log = capturingLogger();
    const panah = await createPanah({
      logger: log.logger,
      knowledgeDir: FIXTURE_KNOWLEDGE,
      dataDir: tempDir(),
      clock: new ManualClock(FIXTURE_NOW),
      status,
    });
    panahs.push(panah);
    const { result, port } = await serveHealth(
      panah,
      { ...DEFAULT_CONFIG, http: { port: 0, host: "127.0.0.1" }, status },
      log.logger,
      log.lines,
    );
    await until(
      async () =>
        JSON.parse((await get(port, "/readyz")).body || "{}").status?.["ooni:IR:tor"] ===
        "failing: timeout",
    );

    const readyz = await get(port, "/readyz");
    expect(readyz.status).toBe(200);
    expect(JSON.parse(readyz.body)).toEqual({
      ready: true,
      phase: "running",
      checks: { knowledge: true, database: true },
      status: {
        "ioda:country:IR:ping-slash24": "failing: http",
        "ioda:country:IR:bgp": "fresh",
        "ooni:IR:signal": "fresh",
        "ooni:IR:telegram": "fresh",
        "ooni:IR:whatsapp": "fresh",
        "ooni:IR:tor": "failing: timeout",
      },
    });
    const metrics = (await get(port, "/metrics")).body;
    expect(metrics).toContain('panah_status_source_up{source="ioda:country:IR:bgp"} 1');
    expect(metrics).toContain('panah_status_source_up{source="ioda:country:IR:ping-slash24"} 0');
    expect(metrics).toContain(
      'panah_status_poll_failures_total{source="ioda:country:IR:ping-slash24",reason="http"} 1',
    );
    expect(metrics).toContain(
      'panah_status_poll_failures_total{source="ooni:IR:tor",reason="timeout"} 1',
    );

    process.emit("SIGTERM", "SIGTERM");
    expect(await result).toBe(0);
  });

  it("adds nothing to /readyz, and starts no poll, without a status: section", async () => {
    const server = await statusServer();
    server.ioda("normal");
    const log = capturingLogger();
    const panah = await createPanah({ logger: log.logger, knowledgeDir: FIXTURE_KNOWLEDGE });
    panahs.push(panah);
    const { result, port } = await serveHealth(
      panah,
      { ...DEFAULT_CONFIG, http: { port: 0, host: "127.0.0.1" } },
      log.logger,
      log.lines,
    );
    await until(async () => (await get(port, "/readyz")).status === 200);
    expect(JSON.parse((await get(port, "/readyz")).body)).not.toHaveProperty("status");
    expect((await get(port, "/metrics")).body).not.toContain("panah_status_source_up{");
    process.emit("SIGTERM", "SIGTERM");
    expect(await result).toBe(0);
    expect(panah.liveStatus).toBeUndefined();
    expect(server.requests).toEqual([]);
  });
});
