import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { SqliteAlertStore } from "../alerts/sqlite-alert-store.ts";
import type { Language } from "../text/language.ts";
import { MIGRATIONS } from "./migrations.ts";
import type { Store, Subscription, UnansweredQuestion, UserKey } from "./store.ts";

/** Thrown when the database cannot be opened or migrated; the message says what to do. */
export class StoreError extends Error {}

/**
 * The default {@link Store}: one SQLite file (`panah.db`) in the data directory, in WAL mode
 * so the alert worker and the answering path do not block each other.
 */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  readonly alerts: SqliteAlertStore;

  constructor(
    readonly file: string,
    { busyTimeoutMs = 5000 } = {},
  ) {
    try {
      this.db = new Database(file, { timeout: busyTimeoutMs });
      this.db.pragma("journal_mode = WAL");
      this.db.pragma("synchronous = NORMAL");
      this.db.pragma("foreign_keys = ON");
      // Deleted rows (a /forget, a cancelled alert draft) are overwritten with zeros, not left
      // readable in free pages of the file.
      this.db.pragma("secure_delete = ON");
      migrate(this.db);
      this.alerts = new SqliteAlertStore(this.db);
      // Prove now that we can write, so a database locked by another process stops start-up
      // with a clear message instead of failing on someone's first /subscribe.
      this.db.exec("BEGIN IMMEDIATE; ROLLBACK");
    } catch (error) {
      throw new StoreError(explainOpenError(file, error as Error & { code?: string }));
    }
  }

  /** Opens (creating if needed) `panah.db` in `dataDir`. */
  static open(dataDir: string): SqliteStore {
    const dir = resolve(dataDir);
    if (VIRTUAL_FILESYSTEMS.some((root) => dir === root || dir.startsWith(`${root}/`)))
      throw new StoreError(
        `the data directory ${dir} is inside ${dir.split("/").slice(0, 2).join("/")}, a filesystem the kernel makes up, where no database can live: set PANAH_DATA_DIR to a directory on a disk`,
      );
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch (error) {
      throw new StoreError(
        `cannot create the data directory ${dir}: ${(error as Error).message}. Set PANAH_DATA_DIR to a writable directory.`,
      );
    }
    // An existing directory keeps its mode (an image's /data is often 0755): the database
    // holds who subscribed, so only Panah's user should list it. A directory someone else owns
    // (a volume mounted for us) cannot be changed; the file's own mode still protects it.
    try {
      chmodSync(dir, 0o700);
    } catch {}
    const file = join(dir, "panah.db");
    // Created owner-only before SQLite opens it; SQLite gives its -wal and -shm files the same mode.
    try {
      if (!existsSync(file)) closeSync(openSync(file, "a", 0o600));
    } catch (error) {
      throw new StoreError(
        `cannot create the database ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): make PANAH_DATA_DIR writable by the user Panah runs as, or set it to a directory that is`,
      );
    }
    try {
      chmodSync(file, 0o600);
    } catch (error) {
      throw new StoreError(
        `cannot restrict ${file} to its owner: ${(error as Error).message}. Check who owns PANAH_DATA_DIR.`,
      );
    }
    return new SqliteStore(file);
  }

  get schemaVersion(): number {
    return (
      this.db.prepare("SELECT max(version) AS v FROM schema_migrations").get() as { v: number }
    ).v;
  }

  async getLanguage({ platform, userId }: UserKey) {
    const row = this.db
      .prepare("SELECT language FROM user_settings WHERE platform = ? AND user_id = ?")
      .get(platform, userId) as { language: Language } | undefined;
    return row?.language;
  }

  async setLanguage({ platform, userId }: UserKey, language: Language) {
    this.db
      .prepare(
        `INSERT INTO user_settings (platform, user_id, language) VALUES (?, ?, ?)
         ON CONFLICT (platform, user_id) DO UPDATE SET language = excluded.language`,
      )
      .run(platform, userId, language);
  }

  async subscribe(s: Subscription) {
    const existing = await this.getSubscription(s);
    if (existing && existing.language === s.language && existing.chatId === s.chatId) return false;
    this.db
      .prepare(
        `INSERT INTO subscriptions (platform, user_id, chat_id, language, since_day) VALUES (?, ?, ?, ?, date('now'))
         ON CONFLICT (platform, user_id) DO UPDATE SET chat_id = excluded.chat_id, language = excluded.language`,
      )
      .run(s.platform, s.userId, s.chatId, s.language);
    return true;
  }

  async unsubscribe({ platform, userId }: UserKey) {
    return (
      this.db
        .prepare("DELETE FROM subscriptions WHERE platform = ? AND user_id = ?")
        .run(platform, userId).changes > 0
    );
  }

  async getSubscription({ platform, userId }: UserKey) {
    const row = this.db
      .prepare("SELECT chat_id, language FROM subscriptions WHERE platform = ? AND user_id = ?")
      .get(platform, userId) as { chat_id: string; language: Language } | undefined;
    return row ? { platform, userId, chatId: row.chat_id, language: row.language } : undefined;
  }

  async recordUnanswered({ day, language, question }: UnansweredQuestion) {
    this.db
      .prepare(
        `INSERT INTO unanswered (day, language, question) VALUES (?, ?, ?)
         ON CONFLICT (day, language, question) DO UPDATE SET count = count + 1`,
      )
      .run(day, language, question);
  }

  async listUnanswered() {
    return this.db
      .prepare(
        "SELECT day, language, question, count FROM unanswered ORDER BY day DESC, count DESC",
      )
      .all() as (UnansweredQuestion & { count: number })[];
  }

  async pruneUnanswered(beforeDay: string) {
    return this.db.prepare("DELETE FROM unanswered WHERE day < ?").run(beforeDay).changes;
  }

  async statusReading(source: string) {
    const row = this.db
      .prepare("SELECT fetched_at, body FROM status_readings WHERE source = ?")
      .get(source) as { fetched_at: number; body: string } | undefined;
    return row ? { fetchedAt: row.fetched_at, body: row.body } : undefined;
  }

  async saveStatusReading(source: string, fetchedAt: number, body: string) {
    this.db
      .prepare(
        `INSERT INTO status_readings (source, fetched_at, body) VALUES (?, ?, ?)
         ON CONFLICT (source) DO UPDATE SET fetched_at = excluded.fetched_at, body = excluded.body`,
      )
      .run(source, fetchedAt, body);
  }

  async forget({ platform, userId }: UserKey) {
    const forget = this.db.transaction(() => {
      let deleted = 0;
      for (const table of USER_TABLES)
        deleted += this.db
          .prepare(`DELETE FROM ${table} WHERE platform = ? AND user_id = ?`)
          .run(platform, userId).changes;
      return deleted;
    });
    const deleted = forget();
    // Secure delete zeroes the rows in the database's pages, but the write-ahead log still
    // holds every earlier version of those pages: copy it back and empty it, so the person's
    // id and choices are gone from every file at once, not at the next automatic checkpoint.
    if (deleted > 0) this.db.pragma("wal_checkpoint(TRUNCATE)");
    return deleted;
  }

  async reachable() {
    try {
      return this.db.open && this.db.prepare("select 1").pluck().get() === 1;
    } catch {
      return false;
    }
  }

  async close() {
    if (this.db.open) this.db.close();
  }
}

/** Kernel filesystems: reading or writing there never ends well (a path under /proc loops forever). */
const VIRTUAL_FILESYSTEMS = ["/proc", "/sys"];

/** Every table with rows about a person: `forget` empties each of them for the caller. */
// The moderators' audit log is not here: a hijacked moderator account must not be able to erase
// the record of what it sent. It holds only configured moderators' ids (see docs/alerts.md).
// A moderator's unfinished alert draft is theirs, so it is here.
export const USER_TABLES = [
  "user_settings",
  "subscriptions",
  "alert_deliveries",
  "alert_drafts",
] as const;

function migrate(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_day TEXT NOT NULL)`);
  const applied = new Set(
    (db.prepare("SELECT version FROM schema_migrations").all() as { version: number }[]).map(
      (r) => r.version,
    ),
  );
  const newest = Math.max(0, ...applied);
  const known = Math.max(...MIGRATIONS.map((m) => m.version));
  if (newest > known)
    throw new Error(
      `the database is at version ${newest}, newer than this Panah (${known}): upgrade Panah or restore a backup`,
    );
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare(
        "INSERT INTO schema_migrations (version, description, applied_day) VALUES (?, ?, date('now'))",
      ).run(migration.version, migration.description);
    })();
  }
}

function explainOpenError(file: string, error: Error & { code?: string }): string {
  if (error.code === "SQLITE_NOTADB" || error.code === "SQLITE_CORRUPT")
    return `the database ${file} is damaged or not a Panah database (${error.message}). Restore it from a backup, or move it away to start with an empty one.`;
  if (error.code === "SQLITE_BUSY" || error.code === "SQLITE_LOCKED")
    return `the database ${file} is locked by another process (${error.message}). Stop the other Panah using this data directory, or give this one its own PANAH_DATA_DIR.`;
  if (error.code === "SQLITE_CANTOPEN" || error.code === "SQLITE_READONLY")
    return `cannot open the database ${file} for writing (${error.message}). Check that PANAH_DATA_DIR exists and is writable.`;
  return `cannot open the database ${file}: ${error.message}`;
}
