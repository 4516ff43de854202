import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import SQLite from "better-sqlite3";
import {
  CompiledQuery,
  type DatabaseConnection,
  Kysely,
  SqliteAdapter,
  type SqliteDatabase,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
  sql,
} from "kysely";
import type { Database } from "./database.ts";
import { migrate } from "./migrations.ts";
import { StoreError } from "./store.ts";
import type { Tables } from "./tables.ts";

/**
 * Opens (creating and migrating if needed) a SQLite database, in WAL mode so the alert worker
 * and the answering path do not block each other. `:memory:` is a private database for tests.
 * Throws {@link StoreError} saying what to do.
 */
export async function openSqlite(file: string, { busyTimeoutMs = 5000 } = {}): Promise<Database> {
  let db: Kysely<Tables> | undefined;
  try {
    // SQLite's own busy wait would block the event loop (and with it the transaction holding
    // the lock, when that is another store in this process): the driver waits instead.
    const sqlite = new SQLite(file, { timeout: 0 });
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("synchronous = NORMAL");
    sqlite.pragma("foreign_keys = ON");
    // Deleted rows (a /forget, a cancelled alert draft) are overwritten with zeros, not left
    // readable in free pages of the file.
    sqlite.pragma("secure_delete = ON");
    db = new Kysely<Tables>({
      dialect: new WriterSqliteDialect({ database: preparedOnce(sqlite) }, busyTimeoutMs),
    });
    await migrate(db, "sqlite");
    // Prove now that we can write, so a database locked by another process stops start-up
    // with a clear message instead of failing on someone's first /subscribe.
    await db.connection().execute(async (connection) => {
      await sql`BEGIN IMMEDIATE`.execute(connection);
      await sql`ROLLBACK`.execute(connection);
    });
  } catch (error) {
    await db?.destroy();
    if (error instanceof StoreError) throw error;
    throw new StoreError(explainOpenError(file, error as Error & { code?: string }));
  }
  return {
    db,
    dialect: "sqlite",
    location: file,
    // Secure delete zeroes deleted rows in the database's pages, but the write-ahead log still
    // holds every earlier version of those pages: copy it back and empty it, so what was
    // deleted is gone from every file at once, not at the next automatic checkpoint.
    scrub: async () => {
      await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
    },
  };
}

/**
 * Kysely's SQLite dialect, with three changes: a transaction takes the write lock when it
 * begins (BEGIN IMMEDIATE; every transaction here writes), so one that read first cannot fail
 * with SQLITE_BUSY when another process (the CLI) wrote meanwhile, and two approvals of one
 * alert run one after the other, as PostgreSQL's row lock makes them; a statement that finds
 * the database locked is tried again for up to `busyTimeoutMs`, without blocking; and
 * migrations run in a transaction, which SQLite supports though Kysely assumes it does not.
 */
class WriterSqliteDialect extends SqliteDialect {
  constructor(
    private readonly config: SqliteDialectConfig,
    private readonly busyTimeoutMs: number,
  ) {
    super(config);
  }
  override createDriver() {
    const busyTimeoutMs = this.busyTimeoutMs;
    return new (class extends SqliteDriver {
      override async acquireConnection(): Promise<DatabaseConnection> {
        const connection = await super.acquireConnection();
        return {
          executeQuery: (query) =>
            whenUnlocked(() => connection.executeQuery(query), busyTimeoutMs),
          streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
        };
      }
      override async beginTransaction(connection: DatabaseConnection) {
        await connection.executeQuery(CompiledQuery.raw("begin immediate"));
      }
    })(this.config);
  }
  override createAdapter() {
    return new (class extends SqliteAdapter {
      override get supportsTransactionalDdl() {
        return true;
      }
    })();
  }
}

/**
 * The database as Kysely uses it, each statement prepared once: Kysely asks for the same few
 * texts over and over, and preparing is most of what a small query costs.
 */
function preparedOnce(sqlite: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text) {
      const known = statements.get(text);
      if (known) return known;
      // Every text is a query with parameters, so there are few; a bound all the same.
      if (statements.size >= 1000) statements.clear();
      const statement = sqlite.prepare(text);
      statements.set(text, statement);
      return statement;
    },
  };
}

/** Runs `query`, trying again while another connection holds the write lock, until `timeoutMs`. */
async function whenUnlocked<T>(query: () => Promise<T>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let waitMs = 1; ; waitMs = Math.min(2 * waitMs, 50)) {
    try {
      return await query();
    } catch (error) {
      if ((error as { code?: string }).code !== "SQLITE_BUSY" || Date.now() >= deadline)
        throw error;
      await sleep(waitMs);
    }
  }
}

/** Kernel filesystems: reading or writing there never ends well (a path under /proc loops forever). */
const VIRTUAL_FILESYSTEMS = ["/proc", "/sys"];

/**
 * `panah.db` in `dataDir`, the directory and the file created owner-only if missing. Throws
 * {@link StoreError} saying what to do.
 */
export function databaseFile(dataDir: string): string {
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
  return file;
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
