import { PassThrough, Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Adapter, Connection } from "../../src/adapter.ts";
import { MemoryDeliverer } from "../../src/alerts/deliverer.ts";
import { createPanah, type Panah } from "../../src/app.ts";
import type { CliContext } from "../../src/cli/context.ts";
import { start } from "../../src/cli/start.ts";
import { DEFAULT_CONFIG } from "../../src/config/schema.ts";
import { capturingLogger } from "../helpers/engine.ts";
import { FIXTURE_KNOWLEDGE } from "../helpers/knowledge.ts";
import { get, listeningPort, until } from "./support/running.ts";

// `panah start` in this process, with fake adapters; signals are emitted to this process's
// listeners only (process.emit), never sent, so the test runner is not touched.

const panahs: Panah[] = [];
afterEach(async () => {
  for (const panah of panahs.splice(0)) await panah.close();
});

function signal(name: NodeJS.Signals = "SIGTERM") {
  process.emit(name, name);
}

/**
 * An adapter that connects the way `connect` says; the environment turns it on unless
 * `connect` is absent (a platform that is not configured).
 */
function adapter(name: string, connect?: () => Promise<Connection>): Adapter {
  return {
    name,
    title: { en: name, fa: name },
    environment: [connect ? `FAKE_${name.toUpperCase()}_ON` : "FAKE_UNSET"],
    moderatorId: z.string(),
    maintainerChat: z.string(),
    pace: { perSecond: 10 },
    directChatIsUserId: false,
    receivesInOneReplica: false,
    connect: connect ?? (() => Promise.reject(new Error("not configured"))),
  };
}

async function launch(
  adapters: Adapter[],
  options: { http?: boolean; terminal?: boolean; boundMs?: number } = {},
) {
  const log = capturingLogger();
  const panah = await createPanah({ logger: log.logger, knowledgeDir: FIXTURE_KNOWLEDGE });
  panahs.push(panah);
  const stdin = Object.assign(new PassThrough(), options.terminal ? { isTTY: true } : {});
  stdin.end();
  let stdout = "";
  const cli: CliContext = {
    stdin,
    stdout: new Writable({
      write(chunk, _e, done) {
        stdout += String(chunk);
        done();
      },
    }),
    stderr: new Writable({ write: (_c, _e, done) => done() }),
    env: Object.fromEntries(adapters.map((a) => [a.environment[0], "on"])),
    logger: log.logger,
    adapters,
    config: {
      ...DEFAULT_CONFIG,
      http: options.http ? { port: 0, host: "127.0.0.1" } : { host: "127.0.0.1" },
    },
  };
  const exits: number[] = [];
  delete cli.env.FAKE_UNSET;
  const result = start(cli, panah, {
    ms: options.boundMs ?? 60_000,
    exit: (code) => exits.push(code),
  });
  const logs = () => log.lines().join("\n");
  let port = 0;
  if (options.http) {
    await until(() => listeningPort(logs()) !== undefined);
    port = listeningPort(logs()) ?? 0;
  }
  return { panah, result, exits, logs, port, stdout: () => stdout };
}

/** A promise the test resolves when it chooses: an adapter still connecting, say. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open = () => {};
  const opened = new Promise<void>((done) => {
    open = done;
  });
  return { opened, open: () => open() };
}

/** A fake connection that records its stop, connected until told otherwise. */
function fakeAdapter(name: string, events: string[], stop?: () => Promise<void>) {
  const adapter: { connected: boolean; running: Connection & { name: string } } = {
    connected: true,
    running: {
      name,
      deliverer: new MemoryDeliverer(name),
      ready: () => adapter.connected,
      stop: async () => {
        events.push(`${name} stopping`);
        await stop?.();
        events.push(`${name} stopped`);
      },
    },
  };
  return adapter;
}

describe("panah start: readiness and graceful shutdown", () => {
  it("is ready only once every adapter has connected and while each stays connected", async () => {
    const events: string[] = [];
    const telegram = fakeAdapter("telegram", events);
    const { opened: connected, open: connect } = gate();
    const { result, port } = await launch(
      [
        adapter("telegram", async () => telegram.running),
        adapter("matrix", async () => {
          await connected;
          return fakeAdapter("matrix", events).running;
        }),
      ],
      { http: true },
    );
    expect((await get(port, "/healthz")).status).toBe(200);
    const starting = await get(port, "/readyz");
    expect(starting.status).toBe(503);
    expect(JSON.parse(starting.body)).toMatchObject({ phase: "starting" });
    connect();
    await until(async () => (await get(port, "/readyz")).status === 200);
    expect(JSON.parse((await get(port, "/readyz")).body)).toEqual({
      ready: true,
      phase: "running",
      checks: { knowledge: true, database: true, telegram: true, matrix: true },
    });
    telegram.connected = false;
    expect(JSON.parse((await get(port, "/readyz")).body)).toMatchObject({
      ready: false,
      checks: { telegram: false, matrix: true },
    });
    signal();
    expect(await result).toBe(0);
  });

  it("on SIGTERM stops the workers, then the adapters (no longer ready meanwhile), then the endpoint", async () => {
    const events: string[] = [];
    let readyDuringStop: number | undefined;
    let port = 0;
    const fake = fakeAdapter("telegram", events, async () => {
      readyDuringStop = (await get(port, "/readyz")).status;
    });
    const launched = await launch([adapter("telegram", async () => fake.running)], { http: true });
    port = launched.port;
    launched.panah.workers.add({
      name: "alerts",
      stop: async () => {
        events.push("alerts stopped");
      },
    });
    await until(async () => (await get(port, "/readyz")).status === 200);
    signal("SIGINT");
    expect(await launched.result).toBe(0);
    expect(events).toEqual(["alerts stopped", "telegram stopping", "telegram stopped"]);
    expect(readyDuringStop).toBe(503);
    expect((await get(port, "/healthz")).status).toBe(0);
    expect(launched.exits).toEqual([]);
    expect(launched.logs()).toContain('"signal":"SIGINT"');
  });

  it("a signal while an adapter is still connecting shuts down cleanly once it has connected", async () => {
    const events: string[] = [];
    const { opened: connected, open: connect } = gate();
    const { result } = await launch([
      adapter("matrix", async () => {
        await connected;
        return fakeAdapter("matrix", events).running;
      }),
    ]);
    signal();
    connect();
    expect(await result).toBe(0);
    expect(events).toEqual(["matrix stopping", "matrix stopped"]);
  });

  it("a shutdown that hangs ends with exit status 1 after the bound, and says why", async () => {
    const events: string[] = [];
    const stuck = fakeAdapter("telegram", events, () => new Promise<void>(() => undefined));
    const { exits, logs } = await launch([adapter("telegram", async () => stuck.running)], {
      boundMs: 200,
    });
    await until(() => logs().includes("Panah is running"));
    const began = Date.now();
    signal();
    await until(() => exits.length > 0);
    expect(exits).toEqual([1]);
    expect(Date.now() - began).toBeLessThan(2_000);
    expect(logs()).toMatch(/"level":50.*shutdown did not finish within 0\.2 s/);
  });

  it("a second signal during a slow shutdown exits at once with status 1", async () => {
    const stuck = fakeAdapter("telegram", [], () => new Promise<void>(() => undefined));
    const { exits, logs } = await launch([adapter("telegram", async () => stuck.running)]);
    await until(() => logs().includes("Panah is running"));
    signal();
    await until(() => logs().includes("shutting down"));
    signal("SIGINT");
    expect(exits).toEqual([1]);
    expect(logs()).toContain("interrupted by a second signal");
  });

  it("an adapter that fails to start stops the ones already running and reports its error", async () => {
    const events: string[] = [];
    const { result } = await launch([
      adapter("telegram", async () => fakeAdapter("telegram", events).running),
      adapter("matrix", async () => {
        throw new Error("the homeserver refused the password");
      }),
    ]);
    await expect(result).rejects.toThrow("the homeserver refused the password");
    expect(events).toEqual(["telegram stopping", "telegram stopped"]);
  });

  it("with no platform and no terminal but the endpoint on, serves health until stopped", async () => {
    const { result, port, logs, stdout } = await launch([adapter("telegram")], { http: true });
    await until(async () => (await get(port, "/readyz")).status === 200);
    expect(logs()).toContain("serving only health and metrics until stopped");
    expect((await get(port, "/metrics")).body).toContain("process_cpu_seconds_total");
    signal();
    expect(await result).toBe(0);
    expect(stdout()).toBe("");
  });

  it("with no platform in a terminal, opens the chat as before", async () => {
    const { result, stdout } = await launch([adapter("telegram")], {
      http: true,
      terminal: true,
    });
    expect(await result).toBe(0);
    expect(stdout()).toContain("(Type a question");
  });
});
