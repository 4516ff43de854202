import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";

/**
 * The telegram-test-api emulator in a process of its own on a free loopback port, so a
 * benchmark's sender and "Telegram" do not share one event loop; with `roundTripMs`, each Bot
 * API call is answered that much later. Resolves with its API root.
 */
export async function startEmulatorProcess(roundTripMs = 0): Promise<{
  apiRoot: string;
  stop: () => Promise<void>;
}> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      join(import.meta.dirname, "..", "bin", "run-ts.js"),
      join(import.meta.dirname, "emulator.ts"),
      String(roundTripMs),
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  if (!child.stdout) throw new Error("the emulator process has no stdout");
  const [firstLine] = (await once(child.stdout, "data")) as [Buffer];
  return {
    apiRoot: firstLine.toString().trim(),
    async stop() {
      child.kill("SIGTERM");
      await once(child, "exit");
    },
  };
}
