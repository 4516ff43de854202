/**
 * The database's versions, in order. A migration is never edited once released: add a new
 * one. Each runs in a transaction with its version record, so a crash leaves the database at
 * the previous version and running them again is harmless.
 */
export const MIGRATIONS: readonly { version: number; description: string; sql: string }[] = [
  {
    version: 1,
    description: "language choices and alert subscriptions",
    sql: `
      CREATE TABLE user_settings (
        platform TEXT NOT NULL,
        user_id TEXT NOT NULL,
        language TEXT NOT NULL CHECK (language IN ('en', 'fa')),
        PRIMARY KEY (platform, user_id)
      ) WITHOUT ROWID;
      CREATE TABLE subscriptions (
        platform TEXT NOT NULL,
        user_id TEXT NOT NULL,
        chat_id TEXT NOT NULL,
        language TEXT NOT NULL CHECK (language IN ('en', 'fa')),
        -- a day, not a timestamp: nothing needs to know more precisely
        since_day TEXT NOT NULL,
        PRIMARY KEY (platform, user_id)
      ) WITHOUT ROWID;
    `,
  },
];
