import type { Kysely } from "kysely";
import type { Tables } from "./tables.ts";

/** The two engines Panah runs on. Queries are written once; they differ only where noted. */
export type Dialect = "sqlite" | "postgres";

/** An open, migrated database, as the SQL stores use it. */
export interface Database {
  readonly db: Kysely<Tables>;
  readonly dialect: Dialect;
  /** The SQLite file (or `:memory:`), or DATABASE_URL. */
  readonly location: string;
  /**
   * Called after rows about a person were deleted: SQLite copies its write-ahead log back and
   * empties it (see sqlite.ts); PostgreSQL has nothing to do.
   */
  scrub(): Promise<void>;
}

/** Today in UTC as 'YYYY-MM-DD'. */
export const today = (): string => new Date().toISOString().slice(0, 10);
