import type { Logger } from "pino";
import type { Database } from "./database.ts";
import { type Leadership, SoloLeadership } from "./leadership/leadership.ts";
import { PostgresLeadership } from "./leadership/postgres-leadership.ts";
import { openPostgres } from "./postgres.ts";
import { SqlStore } from "./sql-store.ts";
import { databaseFile, openSqlite } from "./sqlite.ts";
import type { Store } from "./store.ts";

/** A `dataDir` that keeps the database in memory: a private SQLite database, for tests. */
export const IN_MEMORY = ":memory:";

export interface StoreLocation {
  /** DATABASE_URL: PostgreSQL, which several replicas share. Blank counts as unset. */
  databaseUrl?: string | undefined;
  /** Where SQLite's `panah.db` lives when there is no DATABASE_URL, or {@link IN_MEMORY}. */
  dataDir: string;
  /** How long SQLite waits for another process's write before it gives up. */
  busyTimeoutMs?: number;
}

/**
 * The database Panah runs on, migrated: PostgreSQL when DATABASE_URL is set, else SQLite
 * (`panah.db`) in the data directory. Throws a StoreError saying what to fix.
 */
export async function openDatabase(where: StoreLocation): Promise<Database> {
  const url = where.databaseUrl?.trim();
  if (url) return openPostgres(url);
  const file = where.dataDir === IN_MEMORY ? IN_MEMORY : databaseFile(where.dataDir);
  return openSqlite(file, where.busyTimeoutMs ? { busyTimeoutMs: where.busyTimeoutMs } : {});
}

/** The {@link Store} on {@link openDatabase}'s database. */
export async function openStore(where: StoreLocation): Promise<SqlStore> {
  return new SqlStore(await openDatabase(where));
}

/**
 * Who runs the work that must run in one process at a time: on PostgreSQL, the replica
 * holding the leader lock; with SQLite (one process), this one.
 */
export function leadershipFor(store: Store, logger: Logger): Leadership {
  return store instanceof SqlStore && store.database.dialect === "postgres"
    ? new PostgresLeadership({ url: store.location, logger })
    : new SoloLeadership();
}
