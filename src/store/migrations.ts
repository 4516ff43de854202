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
  {
    version: 2,
    description: "alerts, their deliveries and the moderators' audit log",
    sql: `
      CREATE TABLE alerts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL CHECK (kind IN ('status', 'notice')),
        severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
        -- what moderators wrote for everyone to read, never what a person sent
        text_en TEXT,
        text_fa TEXT,
        audience_languages TEXT NOT NULL,
        audience_platforms TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('awaiting_approval', 'sending', 'done', 'cancelled')),
        created_at INTEGER NOT NULL,
        sent_at INTEGER,
        expires_at INTEGER,
        finished_at INTEGER,
        -- the moderator's direct chat for progress reports; emptied after the final report
        report_platform TEXT,
        report_chat_id TEXT,
        report_language TEXT,
        CHECK (text_en IS NOT NULL OR text_fa IS NOT NULL)
      );
      CREATE TABLE alert_deliveries (
        alert_id INTEGER NOT NULL REFERENCES alerts (id),
        platform TEXT NOT NULL,
        user_id TEXT NOT NULL,
        chat_id TEXT NOT NULL,
        language TEXT NOT NULL CHECK (language IN ('en', 'fa')),
        status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        not_before INTEGER NOT NULL DEFAULT 0,
        failure TEXT CHECK (failure IN ('gone', 'rejected', 'gave_up')),
        unsubscribed INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (alert_id, platform, user_id)
      );
      CREATE INDEX alert_deliveries_queue ON alert_deliveries (platform, status, alert_id, not_before);
      CREATE INDEX alert_deliveries_open ON alert_deliveries (alert_id, status);
      CREATE TABLE moderator_audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        actor_platform TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('send', 'propose', 'approve', 'reject')),
        alert_id INTEGER REFERENCES alerts (id)
      );
    `,
  },
  {
    version: 3,
    description: "unanswered questions (opt-in): normalized text per day, nothing about who asked",
    sql: `
      CREATE TABLE unanswered (
        day TEXT NOT NULL,
        language TEXT NOT NULL CHECK (language IN ('en', 'fa')),
        question TEXT NOT NULL,
        count INTEGER NOT NULL DEFAULT 1,
        PRIMARY KEY (day, language, question)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 4,
    description: "refused moderator actions: no id unless a configured moderator's",
    sql: `
      CREATE TABLE moderator_refusals (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        platform TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('alert', 'approve', 'reject', 'skip', 'cancel', 'button')),
        reason TEXT NOT NULL CHECK (reason IN ('not_moderator', 'not_direct')),
        -- only a configured moderator refused outside a direct chat has an id here: a stranger's
        -- id is never stored, not even hashed (a keyed hash of a numeric Telegram id is undone by
        -- trying every id, by anyone holding the key), so /forget has nothing to find
        moderator_id TEXT,
        CHECK ((reason = 'not_direct') = (moderator_id IS NOT NULL))
      );
    `,
  },
  {
    version: 5,
    description: "alert drafts moderators are composing in chat, shared by every replica",
    sql: `
      CREATE TABLE alert_drafts (
        platform TEXT NOT NULL,
        user_id TEXT NOT NULL,
        -- the steps so far as JSON: text a moderator wrote to broadcast, never a person's message;
        -- deleted when confirmed, cancelled, an hour untouched, or on /forget
        draft TEXT NOT NULL,
        touched_at INTEGER NOT NULL,
        PRIMARY KEY (platform, user_id)
      );
    `,
  },
  {
    version: 6,
    description:
      "live status readings (IODA, OONI) cached for every replica: public figures, nothing about people",
    sql: `
      CREATE TABLE status_readings (
        source TEXT PRIMARY KEY,
        fetched_at INTEGER NOT NULL,
        body TEXT NOT NULL CHECK (length(body) <= 65536)
      ) WITHOUT ROWID;
    `,
  },
];
