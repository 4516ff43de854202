import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ADAPTERS } from "../../adapters/index.ts";
import { ConfigError } from "../../src/config/config-error.ts";
import { loadConfig as loadFor } from "../../src/config/load.ts";
import { configSchema } from "../../src/config/schema.ts";
import { Platforms } from "../../src/core/platform.ts";
import { runCli } from "../helpers/cli.ts";
import { tempDir } from "../helpers/knowledge.ts";

// As bin/panah.js loads it: with the platforms of the installed adapters.
const platforms = new Platforms(ADAPTERS);
const DEFAULT_CONFIG = configSchema(platforms).parse({});
const loadConfig = (env: NodeJS.ProcessEnv) => loadFor(env, platforms);

function configFile(text: string): string {
  const file = join(tempDir(), "panah.yaml");
  writeFileSync(file, text);
  return file;
}

describe("loadConfig", () => {
  it("uses the defaults when there is no panah.yaml and PANAH_CONFIG is unset", async () => {
    expect((await loadConfig({})).config).toEqual(DEFAULT_CONFIG);
  });

  it("reads moderators and settings, keeping defaults for the rest", async () => {
    const file = configFile(
      'moderators:\n  telegram: [123456]\n  matrix: ["@alice:example.org"]\nalerts:\n  approvals: 2\n',
    );
    const { config } = await loadConfig({ PANAH_CONFIG: file });
    expect(config.moderators).toEqual({ telegram: [123456], matrix: ["@alice:example.org"] });
    expect(config.alerts.approvals).toBe(2);
    expect(config.rateLimit).toEqual(DEFAULT_CONFIG.rateLimit);
  });

  it.each([
    ["empty", ""],
    ["comments only", "# moderators:\n#   telegram: [123]\n"],
  ])("runs on the defaults when the file is %s", async (_, text) => {
    const file = configFile(text);
    expect(await loadConfig({ PANAH_CONFIG: file })).toEqual({ config: DEFAULT_CONFIG, file });
  });

  it("refuses a missing file named in PANAH_CONFIG", async () => {
    await expect(loadConfig({ PANAH_CONFIG: "/nonexistent/panah.yaml" })).rejects.toThrow(
      /cannot read the configuration file .*fix PANAH_CONFIG/,
    );
  });

  it.each([
    [
      "a moderator given by name",
      'moderators:\n  telegram: ["@alice"]\n',
      /"moderators\.telegram\.0" should be a number/,
    ],
    [
      "a Matrix moderator without a server",
      'moderators:\n  matrix: ["alice"]\n',
      /a Matrix user id looks like "@name:server\.org"/,
    ],
    [
      "an unknown setting",
      "moderatorz: []\n",
      /unknown field "moderatorz": remove it or fix its spelling/,
    ],
    ["a threshold out of range", "routing:\n  answer: 3\n", /"routing\.answer"/],
    ["three approvals", "alerts:\n  approvals: 3\n", /"alerts\.approvals" must be one of: 1, 2/],
    ["broken YAML", "moderators: [\n", /YAML syntax/],
  ])("explains %s, with its line", async (_, text, message) => {
    const file = configFile(text);
    const error = await loadConfig({ PANAH_CONFIG: file }).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(message);
    expect(error.message).toContain(`${file}:`);
  });

  it("stops the panah command with the message and exit code 1, no stack trace", async () => {
    const file = configFile("moderatorz: []\n");
    const { code, stderr } = await runCli(["ask", "--json", "hi"], { env: { PANAH_CONFIG: file } });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^panah: the configuration file has 1 problem/);
    expect(stderr).not.toContain("    at ");
  });
});
