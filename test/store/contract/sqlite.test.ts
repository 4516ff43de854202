import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it, onTestFinished } from "vitest";
import { SqliteStore, StoreError } from "../../../src/store/sqlite-store.ts";
import type { Store } from "../../../src/store/store.ts";
import { tempDir } from "../../helpers/knowledge.ts";
import { storeContract } from "./store-contract.ts";

function opened(store: SqliteStore): SqliteStore {
  onTestFinished(() => store.close());
  return store;
}

/** Runs a read-only query on the store's file, beside its own connection. */
function read<T>(store: Store, sql: string, ...params: unknown[]): T[] {
  const db = new Database((store as SqliteStore).file, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

describe("the SQLite store keeps the store contract", () => {
  storeContract({
    open: async () => opened(SqliteStore.open(tempDir())),
    reopen: async (store) => opened(SqliteStore.open(dirname((store as SqliteStore).file))),
    tables: {
      countAbout: async (store, table, user) =>
        read<{ n: number }>(
          store,
          `SELECT count(*) AS n FROM ${table} WHERE platform = ? AND user_id = ?`,
          user.platform,
          user.userId,
        )[0]?.n ?? -1,
      people: async (store, table) =>
        read(store, `SELECT platform, user_id FROM ${table} ORDER BY platform, user_id`),
      columns: async (store) =>
        read(
          store,
          "SELECT m.name AS \"table\", p.name AS \"column\" FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name <> 'sqlite_sequence' ORDER BY m.name, p.cid",
        ),
      schemaVersion: async (store) => (store as SqliteStore).schemaVersion,
    },
  });
});

describe("the SQLite store's own failures", () => {
  it("says the database is damaged, and what to do, when the file is not a database", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "panah.db"), "this is not a database ".repeat(200));
    expect(() => SqliteStore.open(dir)).toThrow(StoreError);
    expect(() => SqliteStore.open(dir)).toThrow(
      /damaged or not a Panah database.*Restore it from a backup/,
    );
  });

  it("says the database is locked by another process, and what to do", async () => {
    const dir = tempDir();
    await SqliteStore.open(dir).close();
    const holder = new Database(join(dir, "panah.db"));
    holder.exec("BEGIN EXCLUSIVE");
    try {
      expect(() => new SqliteStore(join(dir, "panah.db"), { busyTimeoutMs: 50 })).toThrow(
        /locked by another process/,
      );
    } finally {
      holder.exec("ROLLBACK");
      holder.close();
    }
  });

  it("refuses a database from a newer Panah instead of damaging it", async () => {
    const dir = tempDir();
    await SqliteStore.open(dir).close();
    const db = new Database(join(dir, "panah.db"));
    db.prepare("INSERT INTO schema_migrations VALUES (999, 'future', date('now'))").run();
    db.close();
    expect(() => SqliteStore.open(dir)).toThrow(/newer than this Panah/);
  });
});
