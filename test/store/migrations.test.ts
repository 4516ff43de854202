import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { describe, expect, it, onTestFinished } from "vitest";
import { migrations } from "../../src/store/migrations.ts";
import { openStore } from "../../src/store/open.ts";
import type { SqlStore } from "../../src/store/sql-store.ts";
import { tempDir } from "../helpers/knowledge.ts";
import { createDatabase, postgresServer } from "../setup/postgres-database.ts";
import { migrateLegacyPostgres, migrateLegacySqlite } from "./fixtures/legacy-migrations.ts";

/** The tables the old migrations made, each with rows: everything a running Panah stored. */
const ROWS: Record<string, Record<string, string | number | null>[]> = {
  user_settings: [
    { platform: "telegram", user_id: "1001", language: "fa" },
    { platform: "matrix", user_id: "@bob:example.org", language: "en" },
  ],
  subscriptions: [
    {
      platform: "telegram",
      user_id: "1001",
      chat_id: "1001",
      language: "fa",
      since_day: "2026-11-30",
    },
    {
      platform: "matrix",
      user_id: "@bob:example.org",
      chat_id: "!dm:example.org",
      language: "en",
      since_day: "2026-12-01",
    },
  ],
  unanswered: [{ day: "2026-12-01", language: "en", question: "is signal down", count: 3 }],
  alerts: [
    {
      id: 1,
      kind: "status",
      severity: "warning",
      text_en: "Partly back.",
      text_fa: "تا حدی وصل شد.",
      audience_languages: '["en","fa"]',
      audience_platforms: '["telegram","matrix"]',
      status: "sending",
      created_at: 1_764_000_000_000,
      sent_at: 1_764_000_001_000,
      expires_at: null,
      finished_at: null,
      report_platform: "telegram",
      report_chat_id: "42",
      report_language: "en",
    },
    {
      id: 2,
      kind: "notice",
      severity: "info",
      text_en: "Awaiting a second moderator.",
      text_fa: null,
      audience_languages: '["en"]',
      audience_platforms: '["telegram"]',
      status: "awaiting_approval",
      created_at: 1_764_000_002_000,
      sent_at: null,
      expires_at: 1_764_100_000_000,
      finished_at: null,
      report_platform: null,
      report_chat_id: null,
      report_language: null,
    },
  ],
  alert_deliveries: [
    {
      alert_id: 1,
      platform: "telegram",
      user_id: "1001",
      chat_id: "1001",
      language: "fa",
      status: "sent",
      attempts: 1,
      not_before: 0,
      failure: null,
      unsubscribed: 0,
    },
    {
      alert_id: 1,
      platform: "matrix",
      user_id: "@bob:example.org",
      chat_id: "!dm:example.org",
      language: "en",
      status: "pending",
      attempts: 2,
      not_before: 1_764_000_009_000,
      failure: null,
      unsubscribed: 0,
    },
  ],
  moderator_audit: [
    {
      id: 1,
      at: 1_764_000_001_000,
      actor_platform: "telegram",
      actor_id: "42",
      action: "send",
      alert_id: 1,
    },
    {
      id: 2,
      at: 1_764_000_002_000,
      actor_platform: "telegram",
      actor_id: "42",
      action: "propose",
      alert_id: 2,
    },
  ],
  moderator_refusals: [
    {
      id: 1,
      at: 1_764_000_003_000,
      platform: "telegram",
      action: "alert",
      reason: "not_moderator",
      moderator_id: null,
    },
    {
      id: 2,
      at: 1_764_000_004_000,
      platform: "matrix",
      action: "button",
      reason: "not_direct",
      moderator_id: "@mod:example.org",
    },
  ],
  alert_drafts: [
    {
      platform: "telegram",
      user_id: "42",
      draft: '{"step":"fa","text":{"en":"Draft."}}',
      touched_at: 1_764_000_005_000,
    },
  ],
};

const NEWEST = Object.keys(migrations("sqlite")).at(-1);

/** One database made by the old Panah, filled, as each engine reads and writes it directly. */
interface LegacyDatabase {
  /** Every row of `table`, in a fixed order. */
  dump(table: string): Promise<unknown[]>;
  /** The DDL the database holds for its tables and indexes (to see none was run again). */
  schema(): Promise<unknown[]>;
  /** Whether the old runner would still open it. */
  oldPanahOpens(): Promise<void>;
  open(): Promise<SqlStore>;
  /** The same view of `schema()` on a database the Kysely list made from nothing. */
  freshSchema(): Promise<unknown[]>;
}

async function legacySqlite(): Promise<LegacyDatabase> {
  const dataDir = tempDir();
  const file = join(dataDir, "panah.db");
  const db = new Database(file);
  migrateLegacySqlite(db);
  for (const [table, rows] of Object.entries(ROWS))
    for (const row of rows) {
      const columns = Object.keys(row);
      db.prepare(
        `INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`,
      ).run(...Object.values(row));
    }
  db.close();
  const query = (statement: string, at = file) => {
    const reader = new Database(at, { readonly: true });
    try {
      return reader.prepare(statement).all();
    } finally {
      reader.close();
    }
  };
  const schema = async (at = file) =>
    (
      query(
        `SELECT name, sql FROM sqlite_master WHERE name IN (${Object.keys(ROWS)
          .map((t) => `'${t}'`)
          .join(", ")}) OR name LIKE 'alert_deliveries_%' ORDER BY name`,
        at,
      ) as { name: string; sql: string }[]
    ).map(({ name, sql }) => ({ name, sql: sql.replace(/\s+/g, " ") }));
  return {
    dump: async (table) => query(`SELECT * FROM ${table} ORDER BY 1, 2, 3`),
    schema,
    oldPanahOpens: async () => {
      const old = new Database(file);
      try {
        migrateLegacySqlite(old);
      } finally {
        old.close();
      }
    },
    open: () => openStore({ dataDir }),
    freshSchema: async () => {
      const fresh = await openStore({ dataDir: tempDir() });
      await fresh.close();
      return schema(fresh.location);
    },
  };
}

async function legacyPostgres(): Promise<LegacyDatabase> {
  const database = await createDatabase();
  onTestFinished(() => database.drop());
  const query = async (statement: string, params: unknown[] = []) => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      return (await client.query(statement, params)).rows;
    } finally {
      await client.end();
    }
  };
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await migrateLegacyPostgres(client);
    for (const [table, rows] of Object.entries(ROWS))
      for (const row of rows) {
        const columns = Object.keys(row);
        await client.query(
          `INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(", ")})`,
          Object.values(row),
        );
      }
    // The old store let the identity columns number new rows after the ones it wrote.
    for (const table of ["alerts", "moderator_audit", "moderator_refusals"])
      await client.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), 2)`);
  } finally {
    await client.end();
  }
  const schema = async (url = database.url) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const tables = [Object.keys(ROWS)];
      const columns = await client.query(
        `SELECT table_name, column_name, data_type, column_default, is_nullable FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name = ANY($1) ORDER BY table_name, ordinal_position`,
        tables,
      );
      const constraints = await client.query(
        `SELECT conrelid::regclass::text AS "table", conname, pg_get_constraintdef(oid) AS definition
         FROM pg_constraint WHERE conrelid::regclass::text = ANY($1) ORDER BY 1, 2`,
        tables,
      );
      const indexes = await client.query(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY($1) ORDER BY 1",
        tables,
      );
      return [...columns.rows, ...constraints.rows, ...indexes.rows];
    } finally {
      await client.end();
    }
  };
  return {
    dump: (table) => query(`SELECT * FROM ${table} ORDER BY 1, 2, 3`),
    schema,
    oldPanahOpens: async () => {
      const old = new pg.Client({ connectionString: database.url });
      await old.connect();
      try {
        await migrateLegacyPostgres(old);
      } finally {
        await old.end();
      }
    },
    open: () => openStore({ databaseUrl: database.url, dataDir: tempDir() }),
    freshSchema: async () => {
      const empty = await createDatabase();
      onTestFinished(() => empty.drop());
      await (await openStore({ databaseUrl: empty.url, dataDir: tempDir() })).close();
      return schema(empty.url);
    },
  };
}

describe.each([
  { engine: "SQLite", legacy: legacySqlite, skip: false },
  { engine: "PostgreSQL", legacy: legacyPostgres, skip: !postgresServer },
])("a $engine database made by the migrations before Kysely", ({ legacy, skip }) => {
  it.skipIf(skip)(
    "opens with every row kept and no table made again, and goes on from there",
    async () => {
      const old = await legacy();
      const before = Object.fromEntries(
        await Promise.all(Object.keys(ROWS).map(async (t) => [t, await old.dump(t)] as const)),
      );
      const schemaBefore = await old.schema();
      const store = await old.open();
      onTestFinished(() => store.close());

      for (const table of Object.keys(ROWS)) {
        expect(await old.dump(table), table).toEqual(before[table]);
        expect((await old.dump(table)).length, table).toBe(ROWS[table]?.length);
      }
      expect(await old.schema()).toEqual(schemaBefore);
      expect(await store.schemaVersion()).toBe(NEWEST);

      // What was stored reads back through the new store as the old one gave it.
      expect(await store.getLanguage({ platform: "telegram", userId: "1001" })).toBe("fa");
      expect(
        await store.getSubscription({ platform: "matrix", userId: "@bob:example.org" }),
      ).toEqual({
        platform: "matrix",
        userId: "@bob:example.org",
        chatId: "!dm:example.org",
        language: "en",
      });
      expect(await store.listUnanswered()).toEqual([ROWS.unanswered?.[0]]);
      expect(await store.alerts.progress(1)).toMatchObject({ total: 2, sent: 1, pending: 1 });
      expect(await store.alerts.reportTarget(1)).toEqual({
        platform: "telegram",
        chatId: "42",
        language: "en",
      });
      expect(await store.alerts.getAlert(2)).toMatchObject({
        status: "awaiting_approval",
        text: { en: "Awaiting a second moderator." },
        expiresAt: 1_764_100_000_000,
      });
      expect((await store.alerts.refusals(5))[0]).toMatchObject({
        moderatorId: "@mod:example.org",
      });
      expect(await store.alerts.getDraft({ platform: "telegram", userId: "42" }, 0)).toEqual({
        step: "fa",
        text: { en: "Draft." },
      });

      // The rules go on with the old rows: the proposer cannot approve, another moderator can.
      expect(await store.alerts.approveAlert(2, { platform: "telegram", id: "42" }, 10)).toEqual({
        outcome: "same_moderator",
      });
      expect(
        await store.alerts.approveAlert(2, { platform: "telegram", id: "43" }, 11),
      ).toMatchObject({ outcome: "queued", recipients: 0 });
      const made = await store.alerts.createAlert(
        {
          kind: "notice",
          severity: "info",
          text: { en: "New." },
          audience: { languages: ["en", "fa"], platforms: ["telegram", "matrix"] },
        },
        { platform: "cli", id: "ops" },
        { now: 12, approved: true },
      );
      expect(made).toMatchObject({ outcome: "queued", alert: { id: 3 }, recipients: 2 });
      await store.saveStatusReading("ioda", 13, "{}");
      expect(await store.statusReading("ioda")).toEqual({ fetchedAt: 13, body: "{}" });

      // Opening it again runs nothing; a Panah from before Kysely refuses it, not runs on it.
      await store.close();
      const again = await old.open();
      onTestFinished(() => again.close());
      expect(await again.schemaVersion()).toBe(NEWEST);
      expect((await again.alerts.listAlerts(10)).map((a) => a.id)).toEqual([3, 2, 1]);
      await expect(old.oldPanahOpens()).rejects.toThrow(/at version 6, newer than this Panah/);
    },
  );

  it.skipIf(skip)(
    "has the same tables, columns, constraints and indexes as one the Kysely list makes",
    async () => {
      const old = await legacy();
      expect(await old.freshSchema()).toEqual(await old.schema());
    },
  );
});
