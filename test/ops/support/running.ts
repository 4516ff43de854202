import { type ChildProcess, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { FIXTURE_KNOWLEDGE, tempDir } from "../../helpers/knowledge.ts";

export const PANAH_BIN = resolve(import.meta.dirname, "../../../bin/panah.js");

/** A data directory and a configuration file with the endpoint on a port the system picks. */
export function instance() {
  const dir = tempDir("panah-ops-");
  const config = join(dir, "panah.yaml");
  writeFileSync(config, "http:\n  port: 0\n  host: 127.0.0.1\n");
  return {
    dataDir: dir,
    env: { PANAH_CONFIG: config, PANAH_DATA_DIR: dir, PANAH_KNOWLEDGE_DIR: FIXTURE_KNOWLEDGE },
  };
}

/** Resolves once `condition` holds (it may be async), checking every 20 ms. */
export async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((done) => setTimeout(done, 20));
}

/** The port in a "health and metrics endpoint listening" log line, once there is one. */
export function listeningPort(logs: string): number | undefined {
  for (const line of logs.split("\n")) {
    if (!line.includes("health and metrics endpoint listening")) continue;
    const port = (JSON.parse(line) as { port?: number }).port;
    if (port) return port;
  }
  return undefined;
}

/** GET one path of the endpoint: status and body; status 0 while nothing listens. */
export async function get(port: number, path: string): Promise<{ status: number; body: string }> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}${path}`);
    return { status: response.status, body: await response.text() };
  } catch {
    return { status: 0, body: "" };
  }
}

/** `node bin/panah.js start` in its own process, with stdin closed (no terminal), as in a container. */
export function startPanah(env: NodeJS.ProcessEnv): {
  child: ChildProcess;
  logs: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: () => number }>;
  /** Sends SIGTERM; `exited` then tells how long the shutdown took. */
  terminate(): void;
} {
  const child = spawn(process.execPath, [PANAH_BIN, "start"], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let logs = "";
  child.stderr?.on("data", (chunk) => {
    logs += String(chunk);
  });
  child.stdout?.on("data", (chunk) => {
    logs += String(chunk);
  });
  let signalled = 0;
  const exited = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    ms: () => number;
  }>((done) =>
    child.once("exit", (code, signal) => {
      const at = Date.now();
      done({ code, signal, ms: () => at - signalled });
    }),
  );
  return {
    child,
    logs: () => logs,
    exited,
    terminate() {
      signalled = Date.now();
      child.kill("SIGTERM");
    },
  };
}
