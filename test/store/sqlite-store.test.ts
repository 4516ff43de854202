import { writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { SqliteStore, StoreError, USER_TABLES } from "../../src/store/sqlite-store.ts";
import { tempDir } from "../helpers/knowledge.ts";

const alice = { platform: "telegram" as const, userId: "1001" };
const bob = { platform: "matrix" as const, userId: "@bob:example.org" };

describe("SqliteStore", () => {
  it("keeps language choices and subscriptions across a restart", async () => {
    const dir = tempDir();
    const first = SqliteStore.open(dir);
    await first.setLanguage(alice, "fa");
    await first.subscribe({ ...alice, chatId: "1001", language: "fa" });
    await first.close();
    const second = SqliteStore.open(dir);
    expect(await second.getLanguage(alice)).toBe("fa");
    expect(await second.getSubscription(alice)).toEqual({
      ...alice,
      chatId: "1001",
      language: "fa",
    });
    await second.close();
  });

  it("forgets everything about one person in every table, and nothing about anyone else", async () => {
    const store = SqliteStore.open(tempDir());
    for (const user of [alice, bob]) {
      await store.setLanguage(user, "en");
      await store.subscribe({ ...user, chatId: user.userId, language: "en" });
    }
    expect(await store.forget(alice)).toBe(2);
    const db = new Database(store.file, { readonly: true });
    for (const table of USER_TABLES) {
      const left = db
        .prepare(`SELECT count(*) AS n FROM ${table} WHERE platform = ? AND user_id = ?`)
        .get(alice.platform, alice.userId);
      expect(left, table).toEqual({ n: 0 });
    }
    for (const table of ["user_settings", "subscriptions"])
      expect(db.prepare(`SELECT platform, user_id FROM ${table}`).all(), table).toEqual([
        { platform: "matrix", user_id: "@bob:example.org" },
      ]);
    db.close();
    await store.close();
  });

  it("keeps no text in any table about a person: only ids, languages, chats, states and times", async () => {
    const store = SqliteStore.open(tempDir());
    const db = new Database(store.file, { readonly: true });
    const columns = db
      .prepare(
        "SELECT m.name AS tbl, p.name AS col FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table'",
      )
      .all() as { tbl: string; col: string }[];
    const aboutPeople = new Set(columns.filter((c) => c.col === "user_id").map((c) => c.tbl));
    expect([...aboutPeople].sort()).toEqual([...USER_TABLES].sort());
    const texty = columns.filter(
      (c) => aboutPeople.has(c.tbl) && /text|message|body|question|name|content/i.test(c.col),
    );
    expect(texty).toEqual([]);
    db.close();
    await store.close();
  });

  it("runs its migrations once: opening an up-to-date database changes nothing", async () => {
    const dir = tempDir();
    const store = SqliteStore.open(dir);
    const version = store.schemaVersion;
    await store.setLanguage(alice, "fa");
    await store.close();
    const again = SqliteStore.open(dir);
    expect(again.schemaVersion).toBe(version);
    expect(await again.getLanguage(alice)).toBe("fa");
    await again.close();
  });

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
    const store = SqliteStore.open(dir);
    await store.close();
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
    const store = SqliteStore.open(dir);
    await store.close();
    const db = new Database(join(dir, "panah.db"));
    db.prepare("INSERT INTO schema_migrations VALUES (999, 'future', date('now'))").run();
    db.close();
    expect(() => SqliteStore.open(dir)).toThrow(/newer than this Panah/);
  });
});
