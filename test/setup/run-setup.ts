/**
 * Runs one of the test run's global setups outside vitest and keeps its server running until
 * this process is killed, as a test runner killed mid-run leaves it (for
 * test/setup/leftover-servers.test.ts):
 *   node bin/run-ts.js test/setup/run-setup.ts postgres|synapse
 * Prints what the setup provides to the tests as one JSON line once the server is up.
 */
import type { TestProject } from "vitest/node";

const setups: Record<string, () => Promise<{ default: (project: TestProject) => unknown }>> = {
  postgres: () => import("./postgres.ts"),
  synapse: () => import("./synapse.ts"),
};

const load = setups[process.argv[2] ?? ""];
if (!load) {
  process.stderr.write(`usage: run-setup.ts ${Object.keys(setups).join("|")}\n`);
  process.exit(2);
}
const { default: setup } = await load();
const provided: Record<string, unknown> = {};
const project = {
  provide: (key: string, value: unknown) => {
    provided[key] = value;
  },
};
await setup(project as unknown as TestProject);
process.stdout.write(`${JSON.stringify(provided)}\n`);
// Nothing else keeps this process alive once the server is up: it waits to be killed.
setInterval(() => {}, 60_000);
