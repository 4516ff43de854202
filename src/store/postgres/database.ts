import pg from "pg";
import { StoreError } from "../sqlite-store.ts";

/** Something to run a query on: the pool, or one client inside a transaction. */
export type Queryable = Pick<pg.Pool | pg.PoolClient, "query">;

const INT8 = 20;
const NUMERIC = 1700;

/**
 * Times are milliseconds since the epoch in BIGINT columns and counts come back as BIGINT:
 * both fit a JavaScript number, so they are read as numbers, not pg's default strings.
 */
export const NUMBER_TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8 || oid === NUMERIC
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig["getTypeParser"],
};

/** Today in UTC as 'YYYY-MM-DD', the same text SQLite's date('now') gives. */
export const TODAY = "to_char((now() AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD')";

/** Runs `work` in one transaction on one pooled connection; rolls back if it throws. */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch((rollback: Error) => {
      broken = rollback;
    });
    throw error;
  } finally {
    // A connection that could not even roll back is discarded instead of reused.
    client.release(broken);
  }
}

/** Checks DATABASE_URL's form, so a typo stops start-up with a message instead of a stack. */
export function checkDatabaseUrl(url: string): URL {
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
export function explainConnectError(url: URL, error: Error & { code?: string }): string {
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
