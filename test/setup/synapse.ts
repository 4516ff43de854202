import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import {
  INSTALL_HINT,
  type RunningSynapse,
  startSynapse,
  synapsePython,
} from "../../scripts/synapse/synapse.ts";
import { recordServer, stopLeftoverServers } from "./leftover-servers.ts";

/** What the Matrix tests get from this setup: where Synapse is, or null when it is not installed. */
export interface ProvidedSynapse {
  url: string;
  registrationSecret: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    synapse: ProvidedSynapse | null;
  }
}

/**
 * Starts one Synapse on 127.0.0.1 for the whole test run and stops it at the end, after stopping
 * any that an earlier, killed run left running (test/setup/leftover-servers.ts). Without
 * Synapse installed, the Matrix suite is skipped with a loud notice, unless CI is set: then the
 * run fails.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await stopLeftoverServers("synapse");
  if (!synapsePython()) {
    const message = `Synapse is not installed, so the Matrix tests cannot run: ${INSTALL_HINT}.`;
    if (process.env.CI) throw new Error(message);
    process.stderr.write(
      `\n${"!".repeat(100)}\n!! SKIPPING THE MATRIX SUITE. ${message}\n${"!".repeat(100)}\n\n`,
    );
    project.provide("synapse", null);
    return async () => {};
  }
  const dir = await mkdtemp(join(tmpdir(), "panah-synapse-"));
  const forget = recordServer({ kind: "synapse", dir, signal: "SIGTERM" });
  let synapse: RunningSynapse;
  try {
    synapse = await startSynapse({ dir });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    forget();
    throw error;
  }
  project.provide("synapse", { url: synapse.url, registrationSecret: synapse.registrationSecret });
  return async () => {
    await synapse.stop();
    await rm(dir, { recursive: true, force: true });
    forget();
  };
}
