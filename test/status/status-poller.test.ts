import { describe, expect, it, onTestFinished } from "vitest";
import { ManualClock } from "../../src/core/clock.ts";
import { StatusCache } from "../../src/status/status-cache.ts";
import { StatusPoller } from "../../src/status/status-poller.ts";
import { openStore } from "../../src/store/open.ts";
import { FIXTURE_NOW } from "../fixtures/status/fixture-time.ts";
import { capturingLogger } from "../helpers/engine.ts";
import { tempDir } from "../helpers/knowledge.ts";
import { type Answer, statusServer } from "./support/status-server.ts";

type Server = Awaited<ReturnType<typeof statusServer>>;

async function storeIn(dir: string) {
  const store = await openStore({ dataDir: dir });
  onTestFinished(() => store.close());
  return store;
}

/** A poller on a real SQLite file, with the clock at the fixtures' moment. */
async function pollerOn(dir: string, server: Server, crossed: string[] = []) {
  const log = capturingLogger();
  const clock = new ManualClock(FIXTURE_NOW);
  const settings = server.settings();
  const cache = new StatusCache(await storeIn(dir), settings);
  const poller = new StatusPoller({
    cache,
    settings,
    clock,
    logger: log.logger,
    crossed: async (entity, reading, level) => {
      crossed.push(`${entity.code} ${level} ${reading.percent}%`);
    },
  });
  return { poller, cache, clock, log };
}

describe("polling IODA and OONI", () => {
  it("keeps each source's summary in the store, where a second store on the same file reads it", async () => {
    const server = await statusServer();
    server.ioda("drop");
    server.ooni();
    const dir = tempDir();
    await (await pollerOn(dir, server)).poller.pollOnce();

    const replica = new StatusCache(await storeIn(dir), server.settings());
    const { places, apps } = await replica.readings();
    expect(places[0]?.signals).toEqual([
      {
        datasource: "ping-slash24",
        at: Date.UTC(2026, 11, 7, 14, 10),
        percent: 34,
        fellAt: Date.UTC(2026, 11, 7, 9, 40),
        fetchedAt: FIXTURE_NOW,
      },
      {
        datasource: "bgp",
        at: Date.UTC(2026, 11, 7, 14, 10),
        percent: 68,
        fellAt: Date.UTC(2026, 11, 7, 9, 40),
        fetchedAt: FIXTURE_NOW,
      },
    ]);
    expect(apps.find((a) => a.test === "signal")).toEqual({
      test: "signal",
      measurements: 412,
      blockedPercent: 96,
      days: 7,
      fetchedAt: FIXTURE_NOW,
    });
    expect(server.requests).toContain(
      "/api/v1/aggregation?probe_cc=IR&test_name=signal&since=2026-11-30&until=2026-12-08",
    );
    expect(server.requests).toContain(
      `/v2/signals/raw/country/IR?from=${FIXTURE_NOW / 1000 - 7 * 86_400}&until=${FIXTURE_NOW / 1000}&datasource=ping-slash24`,
    );
  });

  const failures: [string, Answer, string][] = [
    ["malformed JSON", { text: '{"data": [[{"values": [1, 2,' }, "malformed"],
    ["JSON of another shape", { json: '{"type":"signals","data":"none"}' }, "malformed"],
    ["HTTP 500", { status: 500 }, "http"],
    ["no answer in time", "hang", "timeout"],
    ["a body larger than allowed", { hugeMiB: 4 }, "too_large"],
  ];
  it.each(failures)(
    "logs a source that answers with %s, and keeps its last good reading",
    async (_, answer, reason) => {
      const server = await statusServer();
      server.ioda("normal");
      server.ooni();
      const { poller, cache, clock, log } = await pollerOn(tempDir(), server);
      await poller.pollOnce();
      const before = await cache.readings();

      server.answer("ioda:ping-slash24", answer);
      server.answer("ooni:signal", answer);
      clock.advance(10 * 60_000);
      await poller.pollOnce();

      const after = await cache.readings();
      expect(after.places[0]?.signals.find((s) => s.datasource === "ping-slash24")).toEqual(
        before.places[0]?.signals.find((s) => s.datasource === "ping-slash24"),
      );
      expect(after.apps.find((a) => a.test === "signal")?.fetchedAt).toBe(FIXTURE_NOW);
      // The sources that still answer were read anew.
      expect(after.places[0]?.signals.find((s) => s.datasource === "bgp")?.fetchedAt).toBe(
        FIXTURE_NOW + 10 * 60_000,
      );
      const health = poller.health();
      expect(health.find((h) => h.source === "ioda:country:IR:ping-slash24")?.failing).toBe(reason);
      expect(health.find((h) => h.source === "ooni:IR:telegram")?.failing).toBeUndefined();
      const warning = log.lines().find((l) => l.includes("ioda:country:IR:ping-slash24"));
      expect(JSON.parse(warning ?? "{}")).toMatchObject({ level: 40, reason });
    },
  );

  it("tries a failing source again after a growing pause: the next poll, then two later, then four", async () => {
    const server = await statusServer();
    server.ioda("normal");
    server.ooni();
    server.answer("ooni:signal", { status: 500 });
    const { poller } = await pollerOn(tempDir(), server);
    const tried: number[] = [];
    for (let poll = 1; poll <= 9; poll++) {
      const before = server.requests.filter((r) => r.includes("test_name=signal")).length;
      await poller.pollOnce();
      if (server.requests.filter((r) => r.includes("test_name=signal")).length > before)
        tried.push(poll);
    }
    expect(tried).toEqual([1, 2, 4, 8]);
  });
});

describe("telling moderators about a crossing", () => {
  it("offers one draft for a drop however many polls see it, none again after a restart, and one for the recovery", async () => {
    const server = await statusServer();
    server.ooni();
    server.ioda("normal");
    const dir = tempDir();
    const crossed: string[] = [];
    const first = await pollerOn(dir, server, crossed);
    await first.poller.pollOnce();
    expect(crossed).toEqual([]);

    server.ioda("drop");
    for (let i = 0; i < 3; i++) {
      await first.poller.pollOnce();
      first.clock.advance(10 * 60_000);
    }
    expect(crossed).toEqual(["IR low 34%"]);

    // A restart (or another replica taking the lead) reads what moderators were told from the store.
    const restarted = await pollerOn(dir, server, crossed);
    await restarted.poller.pollOnce();
    await restarted.poller.pollOnce();
    expect(crossed).toEqual(["IR low 34%"]);

    server.ioda("recovery");
    await restarted.poller.pollOnce();
    await restarted.poller.pollOnce();
    expect(crossed).toEqual(["IR low 34%", "IR normal 93%"]);
  });

  it("offers nothing on figures too old to be current", async () => {
    const server = await statusServer();
    server.ooni();
    server.ioda("drop");
    const crossed: string[] = [];
    const { poller, clock } = await pollerOn(tempDir(), server, crossed);
    clock.advance(3 * 3_600_000);
    await poller.pollOnce();
    expect(crossed).toEqual([]);
  });
});
