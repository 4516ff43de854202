import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "kysely";
import type { UserKey } from "../core/messages.ts";
import type { Language } from "../text/language.ts";
import { type Database, today } from "./database.ts";
import { schemaVersion } from "./migrations.ts";
import { prepared } from "./prepared.ts";
import { SqlAlertStore } from "./sql-alert-store.ts";
import { type Store, type Subscription, type UnansweredQuestion, USER_TABLES } from "./store.ts";
import { byUser, excluded, USER_KEY } from "./tables.ts";

/** The most a live-status reading may hold: a parsed summary, never a whole response. */
const MAX_STATUS_BYTES = 64 * 1024;

// The queries every message or /subscribe makes, compiled once (see prepared.ts).
const languageOf = prepared((db, user: UserKey) =>
  db
    .selectFrom("user_settings")
    .select("language")
    .where((eb) => eb.and(byUser(user))),
);
// One statement: a row is written when new or changed, so the count says which.
const subscribe = prepared((db, s: Subscription & { day: string }) =>
  db
    .insertInto("subscriptions")
    .values({ ...byUser(s), chat_id: s.chatId, language: s.language, since_day: s.day })
    .onConflict((c) =>
      c
        .columns(USER_KEY)
        .doUpdateSet(excluded("chat_id", "language"))
        .where((eb) =>
          eb.or([
            eb("subscriptions.chat_id", "<>", eb.ref("excluded.chat_id")),
            eb("subscriptions.language", "<>", eb.ref("excluded.language")),
          ]),
        ),
    ),
);

/**
 * The {@link Store} on SQLite or PostgreSQL (see open.ts): every query written once, on
 * Kysely's query builder. On PostgreSQL several replicas share it.
 */
export class SqlStore implements Store {
  readonly alerts: SqlAlertStore;
  private readonly db: Database["db"];

  constructor(readonly database: Database) {
    this.db = database.db;
    this.alerts = new SqlAlertStore(database);
  }

  /** The SQLite file or DATABASE_URL (the leader election opens its own connection with it). */
  get location(): string {
    return this.database.location;
  }

  schemaVersion(): Promise<string | undefined> {
    return schemaVersion(this.db);
  }

  async getLanguage(user: UserKey) {
    return (await languageOf(this.database, user)).rows[0]?.language;
  }

  async setLanguage(user: UserKey, language: Language) {
    await this.db
      .insertInto("user_settings")
      .values({ ...byUser(user), language })
      .onConflict((c) => c.columns(USER_KEY).doUpdateSet(excluded("language")))
      .execute();
  }

  async subscribe(s: Subscription) {
    const written = await subscribe(this.database, { ...s, day: today() });
    return (written.numAffectedRows ?? 0n) > 0n;
  }

  async unsubscribe(user: UserKey) {
    const deleted = await this.db
      .deleteFrom("subscriptions")
      .where((eb) => eb.and(byUser(user)))
      .executeTakeFirst();
    return deleted.numDeletedRows > 0n;
  }

  async getSubscription({ platform, userId }: UserKey) {
    const row = await this.db
      .selectFrom("subscriptions")
      .select(["chat_id as chatId", "language"])
      .where((eb) => eb.and(byUser({ platform, userId })))
      .executeTakeFirst();
    return row ? { platform, userId, ...row } : undefined;
  }

  async recordUnanswered({ day, language, question }: UnansweredQuestion) {
    await this.db
      .insertInto("unanswered")
      .values({ day, language, question })
      .onConflict((c) =>
        c
          .columns(["day", "language", "question"])
          .doUpdateSet({ count: (eb) => eb("unanswered.count", "+", 1) }),
      )
      .execute();
  }

  async listUnanswered() {
    return this.db
      .selectFrom("unanswered")
      .select(["day", "language", "question", "count"])
      .orderBy("day", "desc")
      .orderBy("count", "desc")
      .execute();
  }

  async pruneUnanswered(beforeDay: string) {
    const deleted = await this.db
      .deleteFrom("unanswered")
      .where("day", "<", beforeDay)
      .executeTakeFirst();
    return Number(deleted.numDeletedRows);
  }

  async statusReading(source: string) {
    return this.db
      .selectFrom("status_readings")
      .select(["fetched_at as fetchedAt", "body"])
      .where("source", "=", source)
      .executeTakeFirst();
  }

  async saveStatusReading(source: string, fetchedAt: number, body: string) {
    const bytes = Buffer.byteLength(body);
    if (bytes > MAX_STATUS_BYTES)
      throw new RangeError(
        `the live-status reading from ${source} is ${Math.ceil(bytes / 1024)} KiB, over the 64 KiB kept: store only the figures the answers use, not the whole response`,
      );
    await this.db
      .insertInto("status_readings")
      .values({ source, fetched_at: fetchedAt, body })
      .onConflict((c) => c.column("source").doUpdateSet(excluded("fetched_at", "body")))
      .execute();
  }

  async forget(user: UserKey) {
    const deleted = await this.db.transaction().execute(async (trx) => {
      let deleted = 0n;
      for (const table of USER_TABLES)
        deleted += (
          await trx
            .deleteFrom(table)
            .where((eb) => eb.and(byUser(user)))
            .executeTakeFirst()
        ).numDeletedRows;
      return Number(deleted);
    });
    // Gone from the write-ahead log too: the person's id and choices leave every file at
    // once, not at the next automatic checkpoint.
    if (deleted > 0) await this.database.scrub();
    return deleted;
  }

  reachable(timeoutMs: number) {
    const answered = sql`select 1`.execute(this.db).then(
      () => true,
      () => false,
    );
    return Promise.race([answered, sleep(timeoutMs, false, { ref: false })]);
  }

  async close() {
    await this.db.destroy();
  }
}
