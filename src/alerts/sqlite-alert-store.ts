import type Database from "better-sqlite3";
import type { UserKey } from "../core/messages.ts";
import type { Language } from "../text/language.ts";
import type {
  Actor,
  Alert,
  AlertDraft,
  AlertPlatform,
  AlertProgress,
  Audience,
  AuditEntry,
  Delivery,
  FailureReason,
  Refusal,
  ReportTarget,
} from "./alert.ts";
import {
  type AlertRow,
  type AuditRow,
  type DeliveryRow,
  toAlert,
  toAuditEntry,
  toDelivery,
} from "./alert-rows.ts";
import type { AlertStore, ReleaseResult } from "./alert-store.ts";
import type { Draft } from "./draft.ts";

/**
 * The SQLite {@link AlertStore}, on the {@link SqliteStore}'s connection (tables from
 * migration 2). better-sqlite3 is synchronous, so each method is one transaction.
 */
export class SqliteAlertStore implements AlertStore {
  constructor(private readonly db: Database.Database) {}

  async countRecipients(audience: Audience) {
    const counts = { en: 0, fa: 0 };
    const rows = this.db
      .prepare(
        `SELECT language, count(*) AS n FROM subscriptions
         WHERE language IN (SELECT value FROM json_each(?)) AND platform IN (SELECT value FROM json_each(?))
         GROUP BY language`,
      )
      .all(JSON.stringify(audience.languages), JSON.stringify(audience.platforms)) as {
      language: Language;
      n: number;
    }[];
    for (const row of rows) counts[row.language] = row.n;
    return counts;
  }

  async createAlert(
    draft: AlertDraft,
    actor: Actor,
    options: { now: number; approved: boolean; report?: ReportTarget },
  ): Promise<ReleaseResult> {
    const create = this.db.transaction((): ReleaseResult => {
      const { lastInsertRowid } = this.db
        .prepare(
          `INSERT INTO alerts (kind, severity, text_en, text_fa, audience_languages, audience_platforms,
             status, created_at, expires_at, report_platform, report_chat_id, report_language)
           VALUES (?, ?, ?, ?, ?, ?, 'awaiting_approval', ?, ?, ?, ?, ?)`,
        )
        .run(
          draft.kind,
          draft.severity,
          draft.text.en ?? null,
          draft.text.fa ?? null,
          JSON.stringify(draft.audience.languages),
          JSON.stringify(draft.audience.platforms),
          options.now,
          draft.expiresAt ?? null,
          options.report?.platform ?? null,
          options.report?.chatId ?? null,
          options.report?.language ?? null,
        );
      const id = Number(lastInsertRowid);
      if (!options.approved) {
        this.insertAudit({ at: options.now, actor, action: "propose", alertId: id });
        return { outcome: "awaiting_approval", alert: this.alertById(id) as Alert };
      }
      this.insertAudit({ at: options.now, actor, action: "send", alertId: id });
      return this.release(id, options.now);
    });
    return create.immediate();
  }

  async approveAlert(id: number, actor: Actor, now: number): Promise<ReleaseResult> {
    const approve = this.db.transaction((): ReleaseResult => {
      const alert = this.alertById(id);
      if (!alert) return { outcome: "not_found" };
      if (alert.status !== "awaiting_approval") return { outcome: "not_awaiting" };
      const proposer = this.proposer(id);
      if (proposer && proposer.platform === actor.platform && proposer.id === actor.id)
        return { outcome: "same_moderator" };
      this.insertAudit({ at: now, actor, action: "approve", alertId: id });
      return this.release(id, now);
    });
    return approve.immediate();
  }

  async rejectAlert(id: number, actor: Actor, now: number) {
    const reject = this.db.transaction(() => {
      const changed = this.db
        .prepare(
          "UPDATE alerts SET status = 'cancelled', finished_at = ?, report_platform = NULL, report_chat_id = NULL WHERE id = ? AND status = 'awaiting_approval'",
        )
        .run(now, id).changes;
      if (changed > 0) this.insertAudit({ at: now, actor, action: "reject", alertId: id });
      return changed > 0;
    });
    return reject.immediate();
  }

  async getAlert(id: number) {
    return this.alertById(id);
  }

  async listAlerts(limit: number) {
    return (
      this.db.prepare("SELECT * FROM alerts ORDER BY id DESC LIMIT ?").all(limit) as AlertRow[]
    ).map(toAlert);
  }

  async activeAlerts(now: number, limit: number, kind?: Alert["kind"]) {
    return (
      this.db
        .prepare(
          `SELECT * FROM alerts WHERE status IN ('sending', 'done') AND (expires_at IS NULL OR expires_at > ?)
             AND (? IS NULL OR kind = ?)
           ORDER BY sent_at DESC, id DESC LIMIT ?`,
        )
        .all(now, kind ?? null, kind ?? null, limit) as AlertRow[]
    ).map(toAlert);
  }

  async progress(id: number): Promise<AlertProgress> {
    const rows = this.db
      .prepare(
        "SELECT status, count(*) AS n, sum(unsubscribed) AS u FROM alert_deliveries WHERE alert_id = ? GROUP BY status",
      )
      .all(id) as { status: keyof AlertProgress; n: number; u: number }[];
    const progress: AlertProgress = {
      total: 0,
      pending: 0,
      sending: 0,
      sent: 0,
      failed: 0,
      unsubscribed: 0,
    };
    for (const row of rows) {
      progress[row.status] = row.n;
      progress.total += row.n;
      progress.unsubscribed += row.u;
    }
    return progress;
  }

  async reportTarget(id: number) {
    const row = this.db
      .prepare(
        "SELECT report_platform AS platform, report_chat_id AS chatId, report_language AS language FROM alerts WHERE id = ?",
      )
      .get(id) as Partial<ReportTarget> | undefined;
    return row?.platform && row.chatId && row.language ? (row as ReportTarget) : undefined;
  }

  async clearReportTarget(id: number) {
    this.db
      .prepare(
        "UPDATE alerts SET report_platform = NULL, report_chat_id = NULL, report_language = NULL WHERE id = ?",
      )
      .run(id);
  }

  async claimDelivery(platform: AlertPlatform, now: number) {
    const row = this.db
      .prepare(
        `UPDATE alert_deliveries SET status = 'sending'
         WHERE rowid = (
           SELECT d.rowid FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id
           WHERE d.platform = ? AND d.status = 'pending' AND d.not_before <= ? AND a.status = 'sending'
           ORDER BY d.alert_id, d.not_before, d.rowid LIMIT 1)
         RETURNING alert_id, platform, user_id, chat_id, language, attempts`,
      )
      .get(platform, now) as DeliveryRow | undefined;
    return row ? toDelivery(row) : undefined;
  }

  async markSent(d: Delivery) {
    this.db
      .prepare(
        "UPDATE alert_deliveries SET status = 'sent' WHERE alert_id = ? AND platform = ? AND user_id = ?",
      )
      .run(d.alertId, d.platform, d.userId);
  }

  async markFailed(d: Delivery, reason: FailureReason, unsubscribe: boolean) {
    this.db.transaction(() => {
      this.db
        .prepare(
          "UPDATE alert_deliveries SET status = 'failed', failure = ?, unsubscribed = ?, attempts = attempts + 1 WHERE alert_id = ? AND platform = ? AND user_id = ?",
        )
        .run(reason, unsubscribe ? 1 : 0, d.alertId, d.platform, d.userId);
      if (unsubscribe)
        this.db
          .prepare("DELETE FROM subscriptions WHERE platform = ? AND user_id = ?")
          .run(d.platform, d.userId);
    })();
  }

  async retryLater(d: Delivery, notBefore: number, attempted: boolean) {
    this.db
      .prepare(
        "UPDATE alert_deliveries SET status = 'pending', not_before = ?, attempts = attempts + ? WHERE alert_id = ? AND platform = ? AND user_id = ?",
      )
      .run(notBefore, attempted ? 1 : 0, d.alertId, d.platform, d.userId);
  }

  async requeueInFlight(platform: AlertPlatform) {
    return this.db
      .prepare(
        "UPDATE alert_deliveries SET status = 'pending' WHERE platform = ? AND status = 'sending'",
      )
      .run(platform).changes;
  }

  async nextDue(platform: AlertPlatform) {
    const row = this.db
      .prepare(
        `SELECT min(d.not_before) AS due FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id
         WHERE d.platform = ? AND d.status = 'pending' AND a.status = 'sending'`,
      )
      .get(platform) as { due: number | null };
    return row.due ?? undefined;
  }

  async finishAlerts(now: number) {
    return (
      this.db
        .prepare(
          `UPDATE alerts SET status = 'done', finished_at = ?
           WHERE status = 'sending' AND NOT EXISTS (
             SELECT 1 FROM alert_deliveries d WHERE d.alert_id = alerts.id AND d.status IN ('pending', 'sending'))
           RETURNING id`,
        )
        .all(now) as { id: number }[]
    ).map((r) => r.id);
  }

  async audit(entry: AuditEntry) {
    this.insertAudit(entry);
  }

  async auditLog(limit: number) {
    return (
      this.db
        .prepare(
          "SELECT at, actor_platform, actor_id, action, alert_id FROM moderator_audit ORDER BY id DESC LIMIT ?",
        )
        .all(limit) as AuditRow[]
    ).map(toAuditEntry);
  }

  async auditRefusal(r: Refusal) {
    this.db
      .prepare(
        "INSERT INTO moderator_refusals (at, platform, action, reason, moderator_id) VALUES (?, ?, ?, ?, ?)",
      )
      .run(r.at, r.platform, r.action, r.reason, r.moderatorId ?? null);
  }

  async refusals(limit: number) {
    return (
      this.db
        .prepare(
          "SELECT at, platform, action, reason, moderator_id FROM moderator_refusals ORDER BY id DESC LIMIT ?",
        )
        .all(limit) as (Omit<Refusal, "moderatorId"> & { moderator_id: string | null })[]
    ).map(({ moderator_id, ...r }) => ({
      ...r,
      ...(moderator_id !== null ? { moderatorId: moderator_id } : {}),
    }));
  }

  async getDraft({ platform, userId }: UserKey, touchedSince: number) {
    const expired = this.db
      .prepare("DELETE FROM alert_drafts WHERE touched_at < ?")
      .run(touchedSince).changes;
    if (expired > 0) this.scrubWal();
    const row = this.db
      .prepare("SELECT draft FROM alert_drafts WHERE platform = ? AND user_id = ?")
      .get(platform, userId) as { draft: string } | undefined;
    return row ? (JSON.parse(row.draft) as Draft) : undefined;
  }

  async saveDraft({ platform, userId }: UserKey, draft: Draft, touchedAt: number) {
    this.db
      .prepare(
        `INSERT INTO alert_drafts (platform, user_id, draft, touched_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (platform, user_id) DO UPDATE SET draft = excluded.draft, touched_at = excluded.touched_at`,
      )
      .run(platform, userId, JSON.stringify(draft), touchedAt);
  }

  async deleteDraft({ platform, userId }: UserKey) {
    const deleted =
      this.db
        .prepare("DELETE FROM alert_drafts WHERE platform = ? AND user_id = ?")
        .run(platform, userId).changes > 0;
    if (deleted) this.scrubWal();
    return deleted;
  }

  /**
   * Secure delete zeroes a deleted draft in the database's pages, but each version a step saved
   * is still a frame in the write-ahead log: a cancelled draft must leave nothing on disk, so
   * the log is copied back and emptied. Drafts end once per alert, so this is rare.
   */
  private scrubWal(): void {
    this.db.pragma("wal_checkpoint(TRUNCATE)");
  }

  /** Snapshots the matching subscribers as deliveries and opens the alert for sending. */
  private release(id: number, now: number): ReleaseResult {
    this.db.prepare("UPDATE alerts SET status = 'sending', sent_at = ? WHERE id = ?").run(now, id);
    const recipients = this.db
      .prepare(
        `INSERT INTO alert_deliveries (alert_id, platform, user_id, chat_id, language, status)
         SELECT a.id, s.platform, s.user_id, s.chat_id, s.language, 'pending'
         FROM alerts a JOIN subscriptions s
           ON s.language IN (SELECT value FROM json_each(a.audience_languages))
          AND s.platform IN (SELECT value FROM json_each(a.audience_platforms))
         WHERE a.id = ?
         ORDER BY s.platform, s.user_id`,
      )
      .run(id).changes;
    return { outcome: "queued", alert: this.alertById(id) as Alert, recipients };
  }

  private proposer(id: number): Actor | undefined {
    const row = this.db
      .prepare(
        "SELECT actor_platform AS platform, actor_id AS id FROM moderator_audit WHERE alert_id = ? AND action = 'propose' ORDER BY id LIMIT 1",
      )
      .get(id) as Actor | undefined;
    return row;
  }

  private alertById(id: number): Alert | undefined {
    const row = this.db.prepare("SELECT * FROM alerts WHERE id = ?").get(id) as
      | AlertRow
      | undefined;
    return row ? toAlert(row) : undefined;
  }

  private insertAudit(entry: AuditEntry): void {
    this.db
      .prepare(
        "INSERT INTO moderator_audit (at, actor_platform, actor_id, action, alert_id) VALUES (?, ?, ?, ?, ?)",
      )
      .run(entry.at, entry.actor.platform, entry.actor.id, entry.action, entry.alertId ?? null);
  }
}
