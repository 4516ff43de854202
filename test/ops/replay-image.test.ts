import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ADAPTERS } from "../../adapters/index.ts";
import { withEnvironment } from "../../src/config/environment.ts";
import { configSchema } from "../../src/config/schema.ts";
import { Platforms } from "../../src/core/platform.ts";

/** A first run compiles better-sqlite3 (about two minutes on two cores); later ones reuse it. */
const REPLAY_TIMEOUT_MS = 300_000;
const REPO = resolve(import.meta.dirname, "../..");
const read = (file: string) => readFileSync(resolve(REPO, file), "utf8");

/** The Dockerfile's final stage, continuation lines joined, comments dropped. */
function finalStage(): string[] {
  const lines = read("Dockerfile")
    .replace(/\\\n/g, "")
    .split("\n")
    .filter((l) => l.trim() !== "" && !l.trim().startsWith("#"));
  const from = lines.findLastIndex((l) => l.startsWith("FROM "));
  return lines.slice(from);
}

describe("the Docker image", () => {
  it("runs as a non-root user on a slim Node LTS, with /data as a volume and a health check", () => {
    const stage = finalStage();
    // Both stages on one base, by default the official slim Node image of the tests' major
    // version (scripts/container/check-image.sh builds on a local one, with the same Node).
    expect(stage[0]).toMatch(/^FROM \$\{BASE\}$/);
    const major = process.versions.node.split(".")[0];
    expect(read("Dockerfile")).toMatch(
      new RegExp(`^ARG BASE=docker\\.io/library/node:${major}-\\w+-slim$`, "m"),
    );
    expect(stage).toContain("USER node");
    expect(stage).toContain('VOLUME ["/data"]');
    expect(stage).toContain("ENV PANAH_DATA_DIR=/data");
    expect(stage).toContain("ENV PANAH_KNOWLEDGE_DIR=/app/knowledge");
    expect(stage).toContain("COPY knowledge ./knowledge");
    expect(stage.find((l) => l.startsWith("HEALTHCHECK"))).toMatch(/\/healthz/);
    // Only production dependencies, installed in the first stage, reach the image.
    expect(read("Dockerfile")).toContain("npm ci --omit=dev");
    expect(stage).toContain("COPY --from=deps /app/node_modules ./node_modules");
  });

  it("serves the endpoint at the exposed port whatever configuration is mounted: the environment overrides the file", () => {
    // The baked file holds only comments: every default.
    expect(parse(read("docker/panah.yaml"))).toBeNull();
    const stage = finalStage();
    expect(stage).toContain("EXPOSE 9464");
    expect(stage).toContain("ENV PANAH_HTTP_PORT=9464");
    expect(stage).toContain("ENV PANAH_HTTP_HOST=0.0.0.0");
    // An operator's copy of panah.example.yaml, with the endpoint off and on loopback.
    const own = configSchema(new Platforms(ADAPTERS)).parse(parse(read("panah.example.yaml")));
    expect(own.http).toEqual({ host: "127.0.0.1" });
    expect(
      withEnvironment(own, { PANAH_HTTP_PORT: "9464", PANAH_HTTP_HOST: "0.0.0.0" }).http,
    ).toEqual({ port: 9464, host: "0.0.0.0" });
  });

  it("keeps data, secrets and the repository's history out of the build context", () => {
    const ignore = read(".dockerignore").split("\n");
    expect(ignore).toContain("*");
    for (const kept of ignore.filter((l) => l.startsWith("!")))
      expect(kept).not.toMatch(/^!(data|\.env|node_modules|\.git)\b/);
  });

  it(
    "replayed outside Docker: a clean production install starts, passes its health check and stops with 0 on SIGTERM",
    async () => {
      const { code, output } = await new Promise<{ code: number | null; output: string }>(
        (done, fail) => {
          const child = spawn("bash", [resolve(REPO, "scripts/replay-image.sh")], {
            cwd: REPO,
            stdio: ["ignore", "pipe", "pipe"],
          });
          let output = "";
          child.stdout.on("data", (d) => (output += d));
          child.stderr.on("data", (d) => (output += d));
          child.on("error", fail);
          child.on("close", (code) => done({ code, output }));
        },
      );
      expect(code, output).toBe(0);
      expect(output).toContain("replay: HEALTHCHECK passes");
      expect(output).toMatch(/replay: \/readyz: \{"ready":true/);
      expect(output).toMatch(/replay: SIGTERM: exit 0/);
      expect(output).toContain("replay: ok");
    },
    REPLAY_TIMEOUT_MS,
  );
});
