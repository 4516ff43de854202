import { PostgresStore } from "./postgres/postgres-store.ts";
import { SqliteStore } from "./sqlite-store.ts";
import type { Store } from "./store.ts";

/**
 * The store Panah runs on: PostgreSQL when DATABASE_URL is set (several replicas share it),
 * else SQLite (`panah.db`) in the data directory. Throws a StoreError saying what to fix.
 */
export async function openStore(options: {
  databaseUrl?: string | undefined;
  dataDir: string;
}): Promise<Store> {
  const url = options.databaseUrl?.trim();
  return url ? PostgresStore.open(url) : SqliteStore.open(options.dataDir);
}
