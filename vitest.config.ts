import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Services started once per run (Synapse for the Matrix tests, PostgreSQL for the
    // PostgreSQL store and replica tests) are set up here.
    globalSetup: ["test/setup/synapse.ts", "test/setup/postgres.ts"],
    testTimeout: 20_000,
    hookTimeout: 120_000,
    // Two cores: the platform tests start servers of their own; keep the pool small.
    maxWorkers: 2,
  },
});
