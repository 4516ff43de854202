import pg from "pg";
import { PostgresAlertStore } from "../../alerts/postgres-alert-store.ts";
import type { Language } from "../../text/language.ts";
import { StoreError, USER_TABLES } from "../sqlite-store.ts";
import type { Store, Subscription, UnansweredQuestion, UserKey } from "../store.ts";
import {
  checkDatabaseUrl,
  explainConnectError,
  inTransaction,
  NUMBER_TYPES,
  TODAY,
} from "./database.ts";
import { POSTGRES_MIGRATIONS } from "./migrations.ts";

/**
 * Held (per transaction) while migrating, so replicas starting together migrate one after the
 * other. Advisory lock keys are per database; this one is "panah:mg" in ASCII.
 */
const MIGRATION_LOCK = 0x70616e61683a6d67n;

/**
 * The {@link Store} on PostgreSQL (selected by DATABASE_URL), for several replicas sharing one
 * database. Same tables, columns and behaviour as the SQLite store; a pool of connections.
 */
export class PostgresStore implements Store {
  readonly alerts: PostgresAlertStore;

  private constructor(
    private readonly pool: pg.Pool,
    /** DATABASE_URL: the leader election opens its own connection with it. */
    readonly url: string,
  ) {
    this.alerts = new PostgresAlertStore(pool);
  }

  /**
   * Connects, and migrates the database to this Panah's version. Throws {@link StoreError}
   * saying what to fix when the server cannot be reached or the database is from a newer Panah.
   */
  static async open(url: string, { poolSize = 10 } = {}): Promise<PostgresStore> {
    const parsed = checkDatabaseUrl(url);
    const pool = new pg.Pool({
      connectionString: url,
      max: poolSize,
      types: NUMBER_TYPES,
      connectionTimeoutMillis: 10_000,
      keepAlive: true,
    });
    // An idle connection the server dropped (a restart) is replaced on the next query; without
    // a listener its error would end the process.
    pool.on("error", () => undefined);
    try {
      await migrate(pool);
    } catch (error) {
      await pool.end();
      if (error instanceof StoreError) throw error;
      throw new StoreError(explainConnectError(parsed, error as Error & { code?: string }));
    }
    return new PostgresStore(pool, url);
  }

  async schemaVersion(): Promise<number> {
    const { rows } = await this.pool.query<{ v: number }>(
      "SELECT max(version) AS v FROM schema_migrations",
    );
    return rows[0]?.v ?? 0;
  }

  async getLanguage({ platform, userId }: UserKey) {
    const { rows } = await this.pool.query<{ language: Language }>(
      "SELECT language FROM user_settings WHERE platform = $1 AND user_id = $2",
      [platform, userId],
    );
    return rows[0]?.language;
  }

  async setLanguage({ platform, userId }: UserKey, language: Language) {
    await this.pool.query(
      `INSERT INTO user_settings (platform, user_id, language) VALUES ($1, $2, $3)
       ON CONFLICT (platform, user_id) DO UPDATE SET language = excluded.language`,
      [platform, userId, language],
    );
  }

  async subscribe(s: Subscription) {
    // One statement: a row is written when new or changed, so rowCount says which.
    const { rowCount } = await this.pool.query(
      `INSERT INTO subscriptions (platform, user_id, chat_id, language, since_day)
       VALUES ($1, $2, $3, $4, ${TODAY})
       ON CONFLICT (platform, user_id) DO UPDATE SET chat_id = excluded.chat_id, language = excluded.language
       WHERE subscriptions.chat_id <> excluded.chat_id OR subscriptions.language <> excluded.language`,
      [s.platform, s.userId, s.chatId, s.language],
    );
    return (rowCount ?? 0) > 0;
  }

  async unsubscribe({ platform, userId }: UserKey) {
    const { rowCount } = await this.pool.query(
      "DELETE FROM subscriptions WHERE platform = $1 AND user_id = $2",
      [platform, userId],
    );
    return (rowCount ?? 0) > 0;
  }

  async getSubscription({ platform, userId }: UserKey) {
    const { rows } = await this.pool.query<{ chat_id: string; language: Language }>(
      "SELECT chat_id, language FROM subscriptions WHERE platform = $1 AND user_id = $2",
      [platform, userId],
    );
    const row = rows[0];
    return row ? { platform, userId, chatId: row.chat_id, language: row.language } : undefined;
  }

  async recordUnanswered({ day, language, question }: UnansweredQuestion) {
    await this.pool.query(
      `INSERT INTO unanswered (day, language, question) VALUES ($1, $2, $3)
       ON CONFLICT (day, language, question) DO UPDATE SET count = unanswered.count + 1`,
      [day, language, question],
    );
  }

  async listUnanswered() {
    const { rows } = await this.pool.query<UnansweredQuestion & { count: number }>(
      "SELECT day, language, question, count FROM unanswered ORDER BY day DESC, count DESC",
    );
    return rows;
  }

  async pruneUnanswered(beforeDay: string) {
    const { rowCount } = await this.pool.query("DELETE FROM unanswered WHERE day < $1", [
      beforeDay,
    ]);
    return rowCount ?? 0;
  }

  async statusReading(source: string) {
    const { rows } = await this.pool.query<{ fetched_at: number; body: string }>(
      "SELECT fetched_at, body FROM status_readings WHERE source = $1",
      [source],
    );
    const row = rows[0];
    return row ? { fetchedAt: row.fetched_at, body: row.body } : undefined;
  }

  async saveStatusReading(source: string, fetchedAt: number, body: string) {
    await this.pool.query(
      `INSERT INTO status_readings (source, fetched_at, body) VALUES ($1, $2, $3)
       ON CONFLICT (source) DO UPDATE SET fetched_at = excluded.fetched_at, body = excluded.body`,
      [source, fetchedAt, body],
    );
  }

  async forget({ platform, userId }: UserKey) {
    return inTransaction(this.pool, async (client) => {
      let deleted = 0;
      for (const table of USER_TABLES) {
        const { rowCount } = await client.query(
          `DELETE FROM ${table} WHERE platform = $1 AND user_id = $2`,
          [platform, userId],
        );
        deleted += rowCount ?? 0;
      }
      return deleted;
    });
  }

  async reachable(timeoutMs: number) {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
      timer.unref();
    });
    const answered = this.pool.query("select 1").then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([answered, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close() {
    if (!this.pool.ended) await this.pool.end();
  }
}

/**
 * Applies the migrations this database lacks in one transaction, under an advisory lock: a
 * second replica starting at the same moment waits, then finds nothing left to do.
 */
async function migrate(pool: pg.Pool): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK.toString()]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_day TEXT NOT NULL)`);
    const { rows } = await client.query<{ version: number }>(
      "SELECT version FROM schema_migrations",
    );
    const applied = new Set(rows.map((r) => r.version));
    const newest = Math.max(0, ...applied);
    const known = Math.max(...POSTGRES_MIGRATIONS.map((m) => m.version));
    if (newest > known)
      throw new StoreError(
        `the database is at version ${newest}, newer than this Panah (${known}): upgrade Panah or restore a backup`,
      );
    for (const migration of POSTGRES_MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      await client.query(migration.sql);
      await client.query(
        `INSERT INTO schema_migrations (version, description, applied_day) VALUES ($1, $2, ${TODAY})`,
        [migration.version, migration.description],
      );
    }
  });
}
