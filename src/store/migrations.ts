import {
  type CreateTableBuilder,
  type Kysely,
  type Migration,
  type MigrationProvider,
  Migrator,
  sql,
} from "kysely";
import { type Dialect, today } from "./database.ts";
import { StoreError } from "./store.ts";
import type { Tables } from "./tables.ts";

/**
 * The database's versions, in order, as Kysely migrations for both engines: one list, with the
 * column types that differ (times are BIGINT on PostgreSQL, INTEGER on SQLite; ids are an
 * identity or AUTOINCREMENT). A migration is never edited once released: add a new one, named
 * so it sorts last. Kysely runs the pending ones in one transaction with their records in
 * `kysely_migration` (on PostgreSQL under an advisory lock, so replicas starting together
 * migrate one after the other), so a crash leaves the database as it was.
 *
 * Databases made before Kysely kept their versions in `schema_migrations`: the first five
 * migrations are adopted from it (their tables are there already, so their DDL is skipped),
 * and the sixth records there that later versions live in `kysely_migration`, so a Panah from
 * before this list refuses the database instead of running on a schema it does not know.
 */
export function migrations(dialect: Dialect): Record<string, Migration> {
  // Times (milliseconds since the epoch) and alert ids outgrow PostgreSQL's 32-bit INTEGER.
  const big = dialect === "postgres" ? "bigint" : "integer";
  const id = <T extends string>(table: CreateTableBuilder<T>) =>
    dialect === "postgres"
      ? table.addColumn("id", "bigint", (c) => c.generatedByDefaultAsIdentity().primaryKey())
      : table.addColumn("id", "integer", (c) => c.primaryKey().autoIncrement());
  // Small tables read by key: SQLite keeps their rows in the key's own b-tree.
  const keyed = <T extends string>(table: CreateTableBuilder<T>) =>
    dialect === "sqlite" ? table.modifyEnd(sql`without rowid`) : table;
  const language = sql`language IN ('en', 'fa')`;
  let legacy: Promise<Set<number>> | undefined;
  /** A version the database recorded in `schema_migrations` is there already: nothing to run. */
  const adopted = (version: number, up: (db: Kysely<unknown>) => Promise<void>): Migration => ({
    async up(db) {
      legacy ??= legacyVersions(db);
      if (!(await legacy).has(version)) await up(db);
    },
  });

  return {
    "0001 language choices and alert subscriptions": adopted(1, async (db) => {
      await db.schema
        .createTable("user_settings")
        .addColumn("platform", "text", (c) => c.notNull())
        .addColumn("user_id", "text", (c) => c.notNull())
        .addColumn("language", "text", (c) => c.notNull().check(language))
        .addPrimaryKeyConstraint("user_settings_pkey", ["platform", "user_id"])
        .$call(keyed)
        .execute();
      await db.schema
        .createTable("subscriptions")
        .addColumn("platform", "text", (c) => c.notNull())
        .addColumn("user_id", "text", (c) => c.notNull())
        .addColumn("chat_id", "text", (c) => c.notNull())
        .addColumn("language", "text", (c) => c.notNull().check(language))
        // a day, not a timestamp: nothing needs to know more precisely
        .addColumn("since_day", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("subscriptions_pkey", ["platform", "user_id"])
        .$call(keyed)
        .execute();
    }),

    "0002 alerts, their deliveries and the moderators' audit log": adopted(2, async (db) => {
      await db.schema
        .createTable("alerts")
        .$call(id)
        .addColumn("kind", "text", (c) => c.notNull().check(sql`kind IN ('status', 'notice')`))
        .addColumn("severity", "text", (c) =>
          c.notNull().check(sql`severity IN ('info', 'warning', 'critical')`),
        )
        // what moderators wrote for everyone to read, never what a person sent
        .addColumn("text_en", "text")
        .addColumn("text_fa", "text")
        .addColumn("audience_languages", "text", (c) => c.notNull())
        .addColumn("audience_platforms", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) =>
          c.notNull().check(sql`status IN ('awaiting_approval', 'sending', 'done', 'cancelled')`),
        )
        .addColumn("created_at", big, (c) => c.notNull())
        .addColumn("sent_at", big)
        .addColumn("expires_at", big)
        .addColumn("finished_at", big)
        // the moderator's direct chat for progress reports; emptied after the final report
        .addColumn("report_platform", "text")
        .addColumn("report_chat_id", "text")
        .addColumn("report_language", "text")
        .addCheckConstraint("alerts_check", sql`text_en IS NOT NULL OR text_fa IS NOT NULL`)
        .execute();
      await db.schema
        .createTable("alert_deliveries")
        .addColumn("alert_id", big, (c) => c.notNull().references("alerts.id"))
        .addColumn("platform", "text", (c) => c.notNull())
        .addColumn("user_id", "text", (c) => c.notNull())
        .addColumn("chat_id", "text", (c) => c.notNull())
        .addColumn("language", "text", (c) => c.notNull().check(language))
        .addColumn("status", "text", (c) =>
          c.notNull().check(sql`status IN ('pending', 'sending', 'sent', 'failed')`),
        )
        .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("not_before", big, (c) => c.notNull().defaultTo(0))
        .addColumn("failure", "text", (c) =>
          c.check(sql`failure IN ('gone', 'rejected', 'gave_up')`),
        )
        .addColumn("unsubscribed", "integer", (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint("alert_deliveries_pkey", ["alert_id", "platform", "user_id"])
        .execute();
      await db.schema
        .createIndex("alert_deliveries_queue")
        .on("alert_deliveries")
        .columns(["platform", "status", "alert_id", "not_before"])
        .execute();
      await db.schema
        .createIndex("alert_deliveries_open")
        .on("alert_deliveries")
        .columns(["alert_id", "status"])
        .execute();
      await db.schema
        .createTable("moderator_audit")
        .$call(id)
        .addColumn("at", big, (c) => c.notNull())
        .addColumn("actor_platform", "text", (c) => c.notNull())
        .addColumn("actor_id", "text", (c) => c.notNull())
        .addColumn("action", "text", (c) =>
          c.notNull().check(sql`action IN ('send', 'propose', 'approve', 'reject')`),
        )
        .addColumn("alert_id", big, (c) => c.references("alerts.id"))
        .execute();
    }),

    "0003 unanswered questions (opt-in): normalized text per day, nothing about who asked": adopted(
      3,
      async (db) => {
        await db.schema
          .createTable("unanswered")
          .addColumn("day", "text", (c) => c.notNull())
          .addColumn("language", "text", (c) => c.notNull().check(language))
          .addColumn("question", "text", (c) => c.notNull())
          .addColumn("count", "integer", (c) => c.notNull().defaultTo(1))
          .addPrimaryKeyConstraint("unanswered_pkey", ["day", "language", "question"])
          .$call(keyed)
          .execute();
      },
    ),

    "0004 refused moderator actions: no id unless a configured moderator's": adopted(
      4,
      async (db) => {
        await db.schema
          .createTable("moderator_refusals")
          .$call(id)
          .addColumn("at", big, (c) => c.notNull())
          .addColumn("platform", "text", (c) => c.notNull())
          .addColumn("action", "text", (c) =>
            c
              .notNull()
              .check(sql`action IN ('alert', 'approve', 'reject', 'skip', 'cancel', 'button')`),
          )
          .addColumn("reason", "text", (c) =>
            c.notNull().check(sql`reason IN ('not_moderator', 'not_direct')`),
          )
          // only a configured moderator refused outside a direct chat has an id here: a
          // stranger's id is never stored, not even hashed (a keyed hash of a numeric Telegram id
          // is undone by trying every id, by anyone holding the key), so /forget has nothing to find
          .addColumn("moderator_id", "text")
          .addCheckConstraint(
            "moderator_refusals_check",
            sql`(reason = 'not_direct') = (moderator_id IS NOT NULL)`,
          )
          .execute();
      },
    ),

    "0005 alert drafts moderators are composing in chat, shared by every replica": adopted(
      5,
      async (db) => {
        await db.schema
          .createTable("alert_drafts")
          .addColumn("platform", "text", (c) => c.notNull())
          .addColumn("user_id", "text", (c) => c.notNull())
          // the steps so far as JSON: text a moderator wrote to broadcast, never a person's
          // message; deleted when confirmed, cancelled, an hour untouched, or on /forget
          .addColumn("draft", "text", (c) => c.notNull())
          .addColumn("touched_at", big, (c) => c.notNull())
          .addPrimaryKeyConstraint("alert_drafts_pkey", ["platform", "user_id"])
          .execute();
      },
    ),

    "0006 later versions are kept by Kysely's migrator": {
      async up(db) {
        await db.schema
          .createTable("schema_migrations")
          .ifNotExists()
          .addColumn("version", "integer", (c) => c.primaryKey())
          .addColumn("description", "text", (c) => c.notNull())
          .addColumn("applied_day", "text", (c) => c.notNull())
          .execute();
        await sql`INSERT INTO schema_migrations (version, description, applied_day)
          VALUES (6, 'later versions are kept in kysely_migration', ${today()})`.execute(db);
      },
    },

    "0007 live-status readings shared by replicas: public measurements, nothing about anyone": {
      async up(db) {
        await db.schema
          .createTable("status_readings")
          .addColumn("source", "text", (c) => c.primaryKey())
          .addColumn("fetched_at", big, (c) => c.notNull())
          .addColumn("body", "text", (c) => c.notNull())
          .execute();
      },
    },
  };
}

/** The versions a database made before Kysely recorded in `schema_migrations` (none if new). */
async function legacyVersions(db: Kysely<unknown>): Promise<Set<number>> {
  const tables = await db.introspection.getTables();
  if (!tables.some((t) => t.name === "schema_migrations")) return new Set();
  const { rows } = await sql<{ version: number }>`SELECT version FROM schema_migrations`.execute(
    db,
  );
  return new Set(rows.map((r) => Number(r.version)));
}

/**
 * Brings the database to this Panah's version. Throws {@link StoreError} for a database from
 * a newer Panah (it has a migration this one does not know); other errors are the caller's
 * to explain (a locked file, an unreachable server).
 */
export async function migrate(db: Kysely<Tables>, dialect: Dialect): Promise<void> {
  const list = migrations(dialect);
  const provider: MigrationProvider = { getMigrations: async () => list };
  const { error } = await new Migrator({ db, provider }).migrateToLatest();
  if (!error) return;
  const unknown = /previously executed migration (.+) is missing/.exec(String(error))?.[1];
  if (unknown)
    throw new StoreError(
      `the database is at a version newer than this Panah (it has "${unknown}", this Panah knows up to "${Object.keys(list).at(-1)}"): upgrade Panah or restore a backup`,
    );
  throw error;
}

/** The newest migration the database has run. */
export async function schemaVersion(db: Kysely<Tables>): Promise<string | undefined> {
  const { rows } = await sql<{
    name: string;
  }>`SELECT name FROM kysely_migration ORDER BY name DESC LIMIT 1`.execute(db);
  return rows[0]?.name;
}
