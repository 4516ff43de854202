import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { describe, expect, it, onTestFinished } from "vitest";
import { migrations } from "../../../src/store/migrations.ts";
import { openStore } from "../../../src/store/open.ts";
import type { SqlStore } from "../../../src/store/sql-store.ts";
import { type Store, StoreError } from "../../../src/store/store.ts";
import { freePort } from "../../adapters/telegram/support/emulator.ts";
import { runCli } from "../../helpers/cli.ts";
import { tempDir } from "../../helpers/knowledge.ts";
import { createDatabase, postgresServer } from "../../setup/postgres-database.ts";
import { storeContract } from "./store-contract.ts";

/** A fresh database on the run's server, dropped after the test. */
async function database(): Promise<string> {
  const db = await createDatabase();
  onTestFinished(() => db.drop());
  return db.url;
}

const openPostgres = (url: string) => openStore({ databaseUrl: url, dataDir: tempDir() });

async function opened(url: string): Promise<SqlStore> {
  const store = await openPostgres(url);
  onTestFinished(() => store.close());
  return store;
}

async function read<T extends pg.QueryResultRow>(
  store: Store,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: (store as SqlStore).location });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

const COLUMNS = `SELECT table_name AS "table", column_name AS "column" FROM information_schema.columns
  WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`;

describe.skipIf(!postgresServer)("the PostgreSQL store", () => {
  describe("keeps the store contract", () => {
    storeContract({
      open: async () => opened(await database()),
      reopen: async (store) => opened((store as SqlStore).location),
      tables: {
        countAbout: async (store, table, user) =>
          Number(
            (
              await read<{ n: string }>(
                store,
                `SELECT count(*) AS n FROM ${table} WHERE platform = $1 AND user_id = $2`,
                [user.platform, user.userId],
              )
            )[0]?.n ?? -1,
          ),
        people: (store, table) =>
          read(store, `SELECT platform, user_id FROM ${table} ORDER BY platform, user_id`),
        columns: (store) => read(store, COLUMNS),
        schemaVersion: (store) => (store as SqlStore).schemaVersion(),
      },
    });
  });

  it("has the same migrations, tables and columns as the SQLite store: it stores exactly the same", async () => {
    expect(Object.keys(migrations("postgres"))).toEqual(Object.keys(migrations("sqlite")));
    const store = await opened(await database());
    const sqlite = await openStore({ dataDir: tempDir() });
    onTestFinished(() => sqlite.close());
    const sqliteColumns = await import("better-sqlite3").then(({ default: Database }) => {
      const db = new Database(sqlite.location, { readonly: true });
      const rows = db
        .prepare(
          "SELECT m.name AS \"table\", p.name AS \"column\" FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name <> 'sqlite_sequence' ORDER BY m.name, p.cid",
        )
        .all();
      db.close();
      return rows;
    });
    expect(await read(store, COLUMNS)).toEqual(sqliteColumns);
  });

  it("lets replicas that start together migrate one after the other, once", async () => {
    const url = await database();
    const stores = await Promise.all([1, 2, 3, 4].map(() => opened(url)));
    const rows = await read<{ name: string }>(
      stores[0] as Store,
      "SELECT name FROM kysely_migration ORDER BY name",
    );
    expect(rows.map((r) => r.name)).toEqual(Object.keys(migrations("postgres")));
  });

  it("hands each delivery to exactly one of several processes claiming at once", async () => {
    const url = await database();
    const [a, b, c] = await Promise.all([opened(url), opened(url), opened(url)]);
    if (!a || !b || !c) throw new Error("three stores");
    for (let i = 0; i < 60; i++)
      await a.subscribe({ platform: "telegram", userId: `${i}`, chatId: `${i}`, language: "en" });
    await a.alerts.createAlert(
      {
        kind: "notice",
        severity: "info",
        text: { en: "x" },
        audience: { languages: ["en"], platforms: ["telegram"] },
      },
      { platform: "cli", id: "ops" },
      { now: 1, approved: true },
    );
    const claimAll = async (store: SqlStore) => {
      const mine: string[] = [];
      for (;;) {
        const d = await store.alerts.claimDelivery("telegram", 10);
        if (!d) return mine;
        mine.push(d.userId);
      }
    };
    const claimed = (await Promise.all([a, b, c, a, b, c].map(claimAll))).flat();
    expect(claimed).toHaveLength(60);
    expect(new Set(claimed).size).toBe(60);
  });

  it("releases an alert once when two moderators approve it at the same moment", async () => {
    const url = await database();
    const [a, b] = await Promise.all([opened(url), opened(url)]);
    if (!a || !b) throw new Error("two stores");
    for (let i = 0; i < 5; i++)
      await a.subscribe({ platform: "telegram", userId: `${i}`, chatId: `${i}`, language: "en" });
    await a.alerts.createAlert(
      {
        kind: "notice",
        severity: "info",
        text: { en: "x" },
        audience: { languages: ["en"], platforms: ["telegram"] },
      },
      { platform: "telegram", id: "1" },
      { now: 1, approved: false },
    );
    const outcomes = await Promise.all([
      a.alerts.approveAlert(1, { platform: "telegram", id: "2" }, 2),
      b.alerts.approveAlert(1, { platform: "telegram", id: "3" }, 2),
    ]);
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(["not_awaiting", "queued"]);
    expect(await a.alerts.progress(1)).toMatchObject({ total: 5 });
  });

  it("refuses a database from a newer Panah instead of damaging it", async () => {
    const url = await database();
    const store = await opened(url);
    await read(
      store,
      "INSERT INTO kysely_migration VALUES ('9999 future', '2030-01-01T00:00:00.000Z')",
    );
    await expect(openPostgres(url)).rejects.toThrow(/newer than this Panah/);
  });

  it("says what to fix when the server cannot be reached or the database is missing, without the password", async () => {
    const port = await freePort();
    const unreachable = openPostgres(`postgres://panah:s3cret-pw@127.0.0.1:${port}/panah`);
    await expect(unreachable).rejects.toThrow(StoreError);
    await expect(unreachable).rejects.toThrow(
      new RegExp(`cannot reach PostgreSQL at 127.0.0.1:${port} .*start the server`),
    );
    const missing = new URL(postgresServer ?? "");
    missing.pathname = "/no_such_database";
    missing.password = "s3cret-pw";
    const error = await openPostgres(missing.toString()).catch((e: Error) => e);
    expect(String(error)).toMatch(/has no database no_such_database: create it/);
    expect(String(error)).not.toContain("s3cret-pw");
    await expect(openPostgres("mysql://x@y/z")).rejects.toThrow(/must start with postgres:\/\//);
  });

  describe("the command line with DATABASE_URL", () => {
    it("queues, lists and reports alerts in PostgreSQL, not in a SQLite file", async () => {
      const url = await database();
      const store = await opened(url);
      await store.subscribe({ platform: "telegram", userId: "1", chatId: "1", language: "en" });
      const dir = tempDir();
      const env = { DATABASE_URL: url, PANAH_DATA_DIR: dir };
      const file = join(dir, "alert.yaml");
      writeFileSync(file, "kind: status\nseverity: warning\ntext:\n  en: Back online.\n");
      expect((await runCli(["alert", "send", file], { env })).stdout).toMatch(
        /^alert #1 queued for 1 subscribers/,
      );
      expect((await runCli(["alert", "status", "1"], { env })).stdout).toContain(
        "deliveries: 1 total, 0 sent, 1 pending",
      );
      expect(await store.alerts.progress(1)).toMatchObject({ total: 1, pending: 1 });
      expect(existsSync(join(dir, "panah.db"))).toBe(false);
    });

    it("refuses to start on a database it cannot reach, saying what to fix", async () => {
      const port = await freePort();
      const { code, stderr } = await runCli(["start"], {
        env: {
          DATABASE_URL: `postgres://panah:pw@127.0.0.1:${port}/panah`,
          PANAH_DATA_DIR: tempDir(),
        },
      });
      expect(code).toBe(1);
      expect(stderr).toMatch(
        /^panah: cannot reach PostgreSQL at 127\.0\.0\.1:\d+ .*fix the host and port in DATABASE_URL/,
      );
    });
  });
});
