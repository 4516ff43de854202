import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";

/** The run's PostgreSQL server (test/setup/postgres.ts), or null when it is not installed. */
export const postgresServer = inject("postgres");

/**
 * Creates an empty database on the run's server and returns its URL; `drop` removes it,
 * ending any connection still open to it.
 */
export async function createDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (!postgresServer) throw new Error("PostgreSQL is not running for this test run");
  const name = `panah_test_${randomBytes(6).toString("hex")}`;
  await admin(async (client) => {
    await client.query(`CREATE DATABASE ${name}`);
  });
  const url = new URL(postgresServer);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      admin(async (client) => {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }),
  };
}

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresServer ?? "" });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}
