import type { TestProject } from "vitest/node";
import { recordServer, stopLeftoverServers } from "./leftover-servers.ts";
import {
  POSTGRES_INSTALL_HINT,
  postgresBinDir,
  postgresDirectory,
  startPostgres,
} from "./postgres-server.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** A superuser URL of the run's PostgreSQL server, or null when PostgreSQL is not installed. */
    postgres: string | null;
  }
}

/**
 * Starts one PostgreSQL server on 127.0.0.1 for the whole test run and stops it at the end;
 * each test file creates and drops its own databases (test/setup/postgres-database.ts). A server
 * that an earlier, killed run left running is stopped first (test/setup/leftover-servers.ts).
 * Without PostgreSQL installed, the PostgreSQL suites are skipped with a loud notice, unless
 * CI is set: then the run fails.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await stopLeftoverServers("postgres");
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
  const dir = postgresDirectory();
  const forget = recordServer({ kind: "postgres", dir, signal: "SIGQUIT" });
  // Not forgotten if the start fails: pg_ctl may give up on a server that goes on starting,
  // and the next run stops it.
  const server = await startPostgres(bin, dir);
  project.provide("postgres", server.url);
  return async () => {
    server.stop();
    forget();
  };
}
