import type { TestProject } from "vitest/node";
import { POSTGRES_INSTALL_HINT, postgresBinDir, startPostgres } from "./postgres-server.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** A superuser URL of the run's PostgreSQL server, or null when PostgreSQL is not installed. */
    postgres: string | null;
  }
}

/**
 * Starts one PostgreSQL server on 127.0.0.1 for the whole test run and stops it at the end;
 * each test file creates and drops its own databases (test/setup/postgres-database.ts).
 * Without PostgreSQL installed, the PostgreSQL suites are skipped with a loud notice, unless
 * CI is set: then the run fails.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const bin = postgresBinDir();
  if (!bin) {
    const message = `PostgreSQL is not installed, so the PostgreSQL store and replica tests cannot run: ${POSTGRES_INSTALL_HINT}.`;
    if (process.env.CI) throw new Error(message);
    process.stderr.write(
      `\n${"!".repeat(100)}\n!! SKIPPING THE POSTGRESQL SUITES. ${message}\n${"!".repeat(100)}\n\n`,
    );
    project.provide("postgres", null);
    return async () => {};
  }
  const server = await startPostgres(bin);
  project.provide("postgres", server.url);
  return async () => server.stop();
}
