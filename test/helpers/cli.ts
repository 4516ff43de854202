import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { PassThrough, Writable } from "node:stream";
import { ADAPTERS } from "../../adapters/index.ts";
import { main } from "../../src/cli/main.ts";
import { capturingLogger } from "./engine.ts";

export const REPO = resolve(import.meta.dirname, "..", "..");

/** Runs `panah ARGS` in this process with captured streams, with the adapters bin/panah.js gives. */
export async function runCli(
  args: string[],
  options: { stdin?: string; env?: NodeJS.ProcessEnv } = {},
) {
  let stdout = "";
  let stderr = "";
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _e, done) {
        append(String(chunk));
        done();
      },
    });
  const stdin = new PassThrough();
  stdin.end(options.stdin ?? "");
  const code = await main(args, {
    stdin,
    stdout: sink((s) => (stdout += s)),
    stderr: sink((s) => (stderr += s)),
    env: { ...options.env },
    logger: capturingLogger().logger,
    adapters: ADAPTERS,
  });
  return { code, stdout, stderr };
}

/**
 * Runs the real `bin/panah.js` as a separate process, as a person would; `uid` runs it as
 * another user (possible only when the tests run as root).
 */
export function runBin(
  args: string[],
  options: { stdin?: string; env?: NodeJS.ProcessEnv; uid?: number; cwd?: string } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [resolve(REPO, "bin", "panah.js"), ...args], {
      cwd: options.cwd ?? REPO,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env },
      ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.uid }),
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? "");
  });
}
