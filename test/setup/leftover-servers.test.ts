import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import type { TestProject } from "vitest/node";
import { synapsePython } from "../../scripts/synapse/synapse.ts";
import { type ServerRecord, serverRecords, stopLeftoverServers } from "./leftover-servers.ts";
import postgresSetup from "./postgres.ts";
import { postgresBinDir } from "./postgres-server.ts";

const REPO = resolve(import.meta.dirname, "..", "..");

describe("a server whose test run was killed", () => {
  it.skipIf(!postgresBinDir())(
    "PostgreSQL is stopped by the next run's setup, its port freed and its directory removed, while the running suite's server keeps answering",
    async () => {
      const killed = await killedRun("postgres");
      const url = new URL(String(killed.provided.postgres));
      const postmaster = Number(
        readFileSync(join(killed.record.dir, "data", "postmaster.pid"), "utf8").split("\n")[0],
      );
      expect(running(postmaster), "pg_ctl's server outlives the killed runner").toBe(true);

      const teardown = await postgresSetup({ provide: () => {} } as unknown as TestProject);
      try {
        expect(running(postmaster)).toBe(false);
        expect(await portIsFree(Number(url.port))).toBe(true);
        expect(existsSync(killed.record.dir)).toBe(false);
        expect(serverRecords().map((r) => r.dir)).not.toContain(killed.record.dir);
        const own = inject("postgres");
        if (own) expect(await answers(own)).toBe(true);
      } finally {
        await teardown();
      }
    },
    60_000,
  );

  it.skipIf(!synapsePython())(
    "Synapse is stopped by the next run's setup, its port freed and its directory removed",
    async () => {
      const killed = await killedRun("synapse");
      const url = new URL((killed.provided.synapse as { url: string }).url);
      const [homeserver] = pidsRunning(join(killed.record.dir, "homeserver.yaml"));
      expect(homeserver, "Synapse outlives the killed runner").toBeDefined();

      // What the setup does first; starting a second Synapse as well would only cost time.
      const stopped = await stopLeftoverServers("synapse");
      expect(stopped.map((r) => r.dir)).toContain(killed.record.dir);
      expect(running(homeserver ?? 0)).toBe(false);
      expect(await portIsFree(Number(url.port))).toBe(true);
      expect(existsSync(killed.record.dir)).toBe(false);
      const own = inject("synapse");
      if (own) expect((await fetch(`${own.url}/health`)).ok).toBe(true);
    },
    60_000,
  );
});

/**
 * Runs a global setup in a child process, as a test runner does, and kills the child with
 * SIGKILL once its server is up: no teardown runs, as when a run times out.
 */
async function killedRun(
  kind: "postgres" | "synapse",
): Promise<{ provided: Record<string, unknown>; record: ServerRecord }> {
  const child = spawn(process.execPath, ["bin/run-ts.js", "test/setup/run-setup.ts", kind], {
    cwd: REPO,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const provided = JSON.parse(await firstLine(child)) as Record<string, unknown>;
  const record = serverRecords(kind).find((r) => r.owner.pid === child.pid);
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGKILL");
  await exited;
  if (!record) throw new Error(`the ${kind} setup recorded no server`);
  return { provided, record };
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolveLine, reject) => {
    let stdout = "";
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const end = stdout.indexOf("\n");
      if (end >= 0) resolveLine(stdout.slice(0, end));
    });
    child.once("exit", (code) => reject(new Error(`the setup exited (${code}): ${stderr}`)));
  });
}

/** Whether `pid` is a live process (not gone, not a zombie waiting to be reaped). */
function running(pid: number): boolean {
  const ps = spawnSync("ps", ["-o", "stat=", "-p", String(pid)], { encoding: "utf8" });
  const state = ps.stdout.trim();
  return ps.status === 0 && state !== "" && !state.startsWith("Z");
}

/** The processes whose command line names `path`. */
function pidsRunning(path: string): number[] {
  const ps = spawnSync("ps", ["-A", "-ww", "-o", "pid=", "-o", "args="], { encoding: "utf8" });
  return ps.stdout
    .split("\n")
    .filter((line) => line.includes(path))
    .map((line) => Number.parseInt(line, 10));
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolveFree) => {
    const server = createServer();
    server.once("error", () => resolveFree(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolveFree(true)));
  });
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}
