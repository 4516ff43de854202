import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { Database } from "./database.ts";
import { migrate } from "./migrations.ts";
import { StoreError } from "./store.ts";
import type { Tables } from "./tables.ts";

const INT8 = 20;
const NUMERIC = 1700;

/**
 * Times are milliseconds since the epoch in BIGINT columns and counts come back as BIGINT:
 * both fit a JavaScript number, so they are read as numbers, not pg's default strings.
 */
const NUMBER_TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8 || oid === NUMERIC
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig["getTypeParser"],
};

/**
 * Connects to PostgreSQL (selected by DATABASE_URL, for several replicas sharing one
 * database) with a pool, and migrates the database to this Panah's version. Throws
 * {@link StoreError} saying what to fix when the server cannot be reached or the database is
 * from a newer Panah.
 */
export async function openPostgres(url: string, { poolSize = 10 } = {}): Promise<Database> {
  const parsed = checkDatabaseUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types: NUMBER_TYPES,
    connectionTimeoutMillis: 10_000,
    keepAlive: true,
  });
  // An idle connection the server dropped (a restart) is replaced on the next query; without
  // a listener its error would end the process.
  pool.on("error", () => undefined);
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrate(db, "postgres");
  } catch (error) {
    await db.destroy();
    if (error instanceof StoreError) throw error;
    throw new StoreError(explainConnectError(parsed, error as Error & { code?: string }));
  }
  return { db, dialect: "postgres", location: url, scrub: async () => undefined };
}

/** Checks DATABASE_URL's form, so a typo stops start-up with a message instead of a stack. */
function checkDatabaseUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new StoreError(
      "DATABASE_URL is not a URL: write it as postgres://USER:PASSWORD@HOST:5432/DATABASE",
    );
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:")
    throw new StoreError(
      `DATABASE_URL must start with postgres:// (it starts with ${parsed.protocol}//): write it as postgres://USER:PASSWORD@HOST:5432/DATABASE`,
    );
  return parsed;
}

/**
 * Says what went wrong connecting to PostgreSQL and what to do, naming the server but never
 * the password in DATABASE_URL.
 */
function explainConnectError(url: URL, error: Error & { code?: string }): string {
  const where = `PostgreSQL at ${url.hostname}:${url.port || 5432}`;
  const database = decodeURIComponent(url.pathname.slice(1)) || "(the user's default)";
  switch (error.code) {
    case "ECONNREFUSED":
    case "ETIMEDOUT":
    case "EHOSTUNREACH":
      return `cannot reach ${where} (${error.code}): start the server, or fix the host and port in DATABASE_URL`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `cannot resolve the host of ${where}: fix the host in DATABASE_URL`;
    case "28P01":
    case "28000":
      return `${where} refused the login (${error.message}): fix the user and password in DATABASE_URL`;
    case "3D000":
      return `${where} has no database ${database}: create it (createdb) or fix its name in DATABASE_URL`;
    default:
      return `cannot use the database in ${where}: ${error.message}`;
  }
}
