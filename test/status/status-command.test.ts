import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { tempDir } from "../helpers/knowledge.ts";
import { statusServer } from "./support/status-server.ts";

type Server = Awaited<ReturnType<typeof statusServer>>;

/** A data directory and a configuration file whose `status:` section names the loopback server. */
function configured(server: Server) {
  const dir = tempDir();
  const config = join(dir, "panah.yaml");
  writeFileSync(
    config,
    `status:\n  timeoutSeconds: 1\n  ioda:\n    baseUrl: ${server.iodaUrl}\n  ooni:\n    baseUrl: ${server.ooniUrl}\n    tests: [signal]\n`,
  );
  return { PANAH_CONFIG: config, PANAH_DATA_DIR: dir };
}

describe("panah status", () => {
  it("reads the sources once and prints each one's state and the lines answers get", async () => {
    const server = await statusServer();
    server.ioda("drop");
    server.ooni();
    server.answer("ioda:bgp", { status: 500 });
    const env = configured(server);
    const { code, stdout } = await runCli(["status"], { env });
    expect(code).toBe(0);
    // The fixtures' IODA figures are from 7 December 2026, 14:10 UTC: old by now, and said so.
    expect(stdout).toContain("ioda:country:IR:ping-slash24  stale\n");
    expect(stdout).toContain("ioda:country:IR:bgp  failing: http\n");
    expect(stdout).toContain("ooni:IR:signal  fresh\n");
    expect(stdout).toContain(
      "blackout-status:\nThe newest IODA figure I have for Iran is from 7 December 2026, 14:10 UTC: too old to tell what is happening now.",
    );
    expect(stdout).toMatch(
      /signal:\nOONI, the 7 days to \d\d:\d\d UTC: 412 measurements of Signal from Iran; 96% showed signs of blocking\./,
    );

    // --cached asks nobody: the figures come from the store the first run filled.
    const asked = server.requests.length;
    const cached = await runCli(["status", "--cached", "--json"], { env });
    expect(server.requests.length).toBe(asked);
    const json = JSON.parse(cached.stdout) as { sources: { source: string; state: string }[] };
    expect(json.sources).toEqual([
      { source: "ioda:country:IR:ping-slash24", state: "stale" },
      { source: "ioda:country:IR:bgp", state: "missing" },
      { source: "ooni:IR:signal", state: "fresh" },
    ]);
  });

  it("says how to turn live status on when the configuration has no status: section", async () => {
    const { code, stderr } = await runCli(["status"], { env: { PANAH_DATA_DIR: tempDir() } });
    expect(code).toBe(1);
    expect(stderr).toContain("live status is off; add a `status:` section");
  });
});
