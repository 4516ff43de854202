import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it, onTestFinished } from "vitest";
import { IN_MEMORY, openStore } from "../../../src/store/open.ts";
import type { SqlStore } from "../../../src/store/sql-store.ts";
import { type Store, StoreError } from "../../../src/store/store.ts";
import { tempDir } from "../../helpers/knowledge.ts";
import { storeContract } from "./store-contract.ts";

async function opened(dataDir: string): Promise<SqlStore> {
  const store = await openStore({ dataDir });
  onTestFinished(() => store.close());
  return store;
}

/** Runs a read-only query on the store's file, beside its own connection. */
function read<T>(store: Store, sql: string, ...params: unknown[]): T[] {
  const db = new Database((store as SqlStore).location, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

describe("the SQLite store keeps the store contract", () => {
  storeContract({
    open: () => opened(tempDir()),
    reopen: (store) => opened(dirname((store as SqlStore).location)),
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
      schemaVersion: (store) => (store as SqlStore).schemaVersion(),
    },
  });
});

describe("the in-memory SQLite store, which unit tests use, keeps the store contract", () => {
  storeContract({ open: () => opened(IN_MEMORY) });
});

describe("the SQLite store's own failures", () => {
  it("says the database is damaged, and what to do, when the file is not a database", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "panah.db"), "this is not a database ".repeat(200));
    await expect(openStore({ dataDir: dir })).rejects.toThrow(StoreError);
    await expect(openStore({ dataDir: dir })).rejects.toThrow(
      /damaged or not a Panah database.*Restore it from a backup/,
    );
  });

  it("says the database is locked by another process, and what to do", async () => {
    const dir = tempDir();
    await (await openStore({ dataDir: dir })).close();
    const holder = new Database(join(dir, "panah.db"));
    holder.exec("BEGIN EXCLUSIVE");
    try {
      await expect(openStore({ dataDir: dir, busyTimeoutMs: 50 })).rejects.toThrow(
        /locked by another process/,
      );
    } finally {
      holder.exec("ROLLBACK");
      holder.close();
    }
  });

  it("refuses a database from a newer Panah instead of damaging it", async () => {
    const dir = tempDir();
    await (await openStore({ dataDir: dir })).close();
    const db = new Database(join(dir, "panah.db"));
    db.prepare(
      "INSERT INTO kysely_migration VALUES ('9999 future', '2030-01-01T00:00:00.000Z')",
    ).run();
    db.close();
    await expect(openStore({ dataDir: dir })).rejects.toThrow(/newer than this Panah/);
  });
});
