import type pg from "pg";
import type { UserKey } from "../core/messages.ts";
import { inTransaction, type Queryable } from "../store/postgres/database.ts";
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

const WHERE_DELIVERY = "alert_id = $1 AND platform = $2 AND user_id = $3";
const deliveryKey = (d: Delivery) => [d.alertId, d.platform, d.userId];

/**
 * The PostgreSQL {@link AlertStore}, on the {@link PostgresStore}'s pool (tables from
 * migration 2). Several processes may share it: a delivery is claimed with
 * `FOR UPDATE SKIP LOCKED`, so two workers never take the same row, and an approval locks its
 * alert, so two moderators approving at once release it once.
 */
export class PostgresAlertStore implements AlertStore {
  constructor(private readonly pool: pg.Pool) {}

  async countRecipients(audience: Audience) {
    const counts = { en: 0, fa: 0 };
    const { rows } = await this.pool.query<{ language: Language; n: number }>(
      `SELECT language, count(*) AS n FROM subscriptions
       WHERE language = ANY($1::text[]) AND platform = ANY($2::text[])
       GROUP BY language`,
      [audience.languages, audience.platforms],
    );
    for (const row of rows) counts[row.language] = row.n;
    return counts;
  }

  async createAlert(
    draft: AlertDraft,
    actor: Actor,
    options: { now: number; approved: boolean; report?: ReportTarget },
  ): Promise<ReleaseResult> {
    return inTransaction(this.pool, async (client): Promise<ReleaseResult> => {
      const { rows } = await client.query<{ id: number }>(
        `INSERT INTO alerts (kind, severity, text_en, text_fa, audience_languages, audience_platforms,
           status, created_at, expires_at, report_platform, report_chat_id, report_language)
         VALUES ($1, $2, $3, $4, $5, $6, 'awaiting_approval', $7, $8, $9, $10, $11)
         RETURNING id`,
        [
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
        ],
      );
      const id = rows[0]?.id as number;
      if (!options.approved) {
        await insertAudit(client, { at: options.now, actor, action: "propose", alertId: id });
        return { outcome: "awaiting_approval", alert: (await alertById(client, id)) as Alert };
      }
      await insertAudit(client, { at: options.now, actor, action: "send", alertId: id });
      return release(client, id, options.now);
    });
  }

  async approveAlert(id: number, actor: Actor, now: number): Promise<ReleaseResult> {
    return inTransaction(this.pool, async (client): Promise<ReleaseResult> => {
      const alert = await alertById(client, id, "FOR UPDATE");
      if (!alert) return { outcome: "not_found" };
      if (alert.status !== "awaiting_approval") return { outcome: "not_awaiting" };
      const { rows } = await client.query<Actor>(
        `SELECT actor_platform AS platform, actor_id AS id FROM moderator_audit
         WHERE alert_id = $1 AND action = 'propose' ORDER BY id LIMIT 1`,
        [id],
      );
      const proposer = rows[0];
      if (proposer && proposer.platform === actor.platform && proposer.id === actor.id)
        return { outcome: "same_moderator" };
      await insertAudit(client, { at: now, actor, action: "approve", alertId: id });
      return release(client, id, now);
    });
  }

  async rejectAlert(id: number, actor: Actor, now: number) {
    return inTransaction(this.pool, async (client) => {
      const { rowCount } = await client.query(
        `UPDATE alerts SET status = 'cancelled', finished_at = $1, report_platform = NULL, report_chat_id = NULL
         WHERE id = $2 AND status = 'awaiting_approval'`,
        [now, id],
      );
      const rejected = (rowCount ?? 0) > 0;
      if (rejected) await insertAudit(client, { at: now, actor, action: "reject", alertId: id });
      return rejected;
    });
  }

  async getAlert(id: number) {
    return alertById(this.pool, id);
  }

  async listAlerts(limit: number) {
    const { rows } = await this.pool.query<AlertRow>(
      "SELECT * FROM alerts ORDER BY id DESC LIMIT $1",
      [limit],
    );
    return rows.map(toAlert);
  }

  async activeAlerts(now: number, limit: number, kind?: Alert["kind"]) {
    const { rows } = await this.pool.query<AlertRow>(
      `SELECT * FROM alerts WHERE status IN ('sending', 'done') AND (expires_at IS NULL OR expires_at > $1)
         AND ($2::text IS NULL OR kind = $2)
       ORDER BY sent_at DESC, id DESC LIMIT $3`,
      [now, kind ?? null, limit],
    );
    return rows.map(toAlert);
  }

  async progress(id: number): Promise<AlertProgress> {
    const { rows } = await this.pool.query<{ status: keyof AlertProgress; n: number; u: number }>(
      `SELECT status, count(*) AS n, sum(unsubscribed) AS u FROM alert_deliveries
       WHERE alert_id = $1 GROUP BY status`,
      [id],
    );
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
    const { rows } = await this.pool.query<Partial<ReportTarget>>(
      `SELECT report_platform AS platform, report_chat_id AS "chatId", report_language AS language
       FROM alerts WHERE id = $1`,
      [id],
    );
    const row = rows[0];
    return row?.platform && row.chatId && row.language ? (row as ReportTarget) : undefined;
  }

  async clearReportTarget(id: number) {
    await this.pool.query(
      "UPDATE alerts SET report_platform = NULL, report_chat_id = NULL, report_language = NULL WHERE id = $1",
      [id],
    );
  }

  async claimDelivery(platform: AlertPlatform, now: number) {
    // SKIP LOCKED: a row another process is claiming at this instant is passed over, not waited for.
    const { rows } = await this.pool.query<DeliveryRow>(
      `UPDATE alert_deliveries d SET status = 'sending'
       FROM (
         SELECT q.alert_id, q.platform, q.user_id FROM alert_deliveries q JOIN alerts a ON a.id = q.alert_id
         WHERE q.platform = $1 AND q.status = 'pending' AND q.not_before <= $2 AND a.status = 'sending'
         ORDER BY q.alert_id, q.not_before, q.user_id LIMIT 1
         FOR UPDATE OF q SKIP LOCKED
       ) next
       WHERE d.alert_id = next.alert_id AND d.platform = next.platform AND d.user_id = next.user_id
         AND d.status = 'pending'
       RETURNING d.alert_id, d.platform, d.user_id, d.chat_id, d.language, d.attempts`,
      [platform, now],
    );
    return rows[0] ? toDelivery(rows[0]) : undefined;
  }

  async markSent(d: Delivery) {
    await this.pool.query(
      `UPDATE alert_deliveries SET status = 'sent' WHERE ${WHERE_DELIVERY}`,
      deliveryKey(d),
    );
  }

  async markFailed(d: Delivery, reason: FailureReason, unsubscribe: boolean) {
    await inTransaction(this.pool, async (client) => {
      await client.query(
        `UPDATE alert_deliveries SET status = 'failed', failure = $4, unsubscribed = $5, attempts = attempts + 1
         WHERE ${WHERE_DELIVERY}`,
        [...deliveryKey(d), reason, unsubscribe ? 1 : 0],
      );
      if (unsubscribe)
        await client.query("DELETE FROM subscriptions WHERE platform = $1 AND user_id = $2", [
          d.platform,
          d.userId,
        ]);
    });
  }

  async retryLater(d: Delivery, notBefore: number, attempted: boolean) {
    await this.pool.query(
      `UPDATE alert_deliveries SET status = 'pending', not_before = $4, attempts = attempts + $5
       WHERE ${WHERE_DELIVERY}`,
      [...deliveryKey(d), notBefore, attempted ? 1 : 0],
    );
  }

  async requeueInFlight(platform: AlertPlatform) {
    const { rowCount } = await this.pool.query(
      "UPDATE alert_deliveries SET status = 'pending' WHERE platform = $1 AND status = 'sending'",
      [platform],
    );
    return rowCount ?? 0;
  }

  async nextDue(platform: AlertPlatform) {
    const { rows } = await this.pool.query<{ due: number | null }>(
      `SELECT min(d.not_before) AS due FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id
       WHERE d.platform = $1 AND d.status = 'pending' AND a.status = 'sending'`,
      [platform],
    );
    return rows[0]?.due ?? undefined;
  }

  async finishAlerts(now: number) {
    const { rows } = await this.pool.query<{ id: number }>(
      `UPDATE alerts SET status = 'done', finished_at = $1
       WHERE status = 'sending' AND NOT EXISTS (
         SELECT 1 FROM alert_deliveries d WHERE d.alert_id = alerts.id AND d.status IN ('pending', 'sending'))
       RETURNING id`,
      [now],
    );
    return rows.map((r) => r.id);
  }

  async audit(entry: AuditEntry) {
    await insertAudit(this.pool, entry);
  }

  async auditLog(limit: number) {
    const { rows } = await this.pool.query<AuditRow>(
      "SELECT at, actor_platform, actor_id, action, alert_id FROM moderator_audit ORDER BY id DESC LIMIT $1",
      [limit],
    );
    return rows.map(toAuditEntry);
  }

  async auditRefusal(r: Refusal) {
    await this.pool.query(
      "INSERT INTO moderator_refusals (at, platform, action, reason, moderator_id) VALUES ($1, $2, $3, $4, $5)",
      [r.at, r.platform, r.action, r.reason, r.moderatorId ?? null],
    );
  }

  async refusals(limit: number) {
    const { rows } = await this.pool.query<
      Omit<Refusal, "moderatorId"> & { moderator_id: string | null }
    >(
      "SELECT at, platform, action, reason, moderator_id FROM moderator_refusals ORDER BY id DESC LIMIT $1",
      [limit],
    );
    return rows.map(({ moderator_id, ...r }) => ({
      ...r,
      ...(moderator_id !== null ? { moderatorId: moderator_id } : {}),
    }));
  }

  async getDraft({ platform, userId }: UserKey, touchedSince: number) {
    await this.pool.query("DELETE FROM alert_drafts WHERE touched_at < $1", [touchedSince]);
    const { rows } = await this.pool.query<{ draft: string }>(
      "SELECT draft FROM alert_drafts WHERE platform = $1 AND user_id = $2",
      [platform, userId],
    );
    return rows[0] ? (JSON.parse(rows[0].draft) as Draft) : undefined;
  }

  async saveDraft({ platform, userId }: UserKey, draft: Draft, touchedAt: number) {
    await this.pool.query(
      `INSERT INTO alert_drafts (platform, user_id, draft, touched_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (platform, user_id) DO UPDATE SET draft = excluded.draft, touched_at = excluded.touched_at`,
      [platform, userId, JSON.stringify(draft), touchedAt],
    );
  }

  async deleteDraft({ platform, userId }: UserKey) {
    // Two replicas deleting the same row: the second waits for the first, then deletes nothing.
    const { rowCount } = await this.pool.query(
      "DELETE FROM alert_drafts WHERE platform = $1 AND user_id = $2",
      [platform, userId],
    );
    return (rowCount ?? 0) > 0;
  }
}

/** Snapshots the matching subscribers as deliveries and opens the alert for sending. */
async function release(client: Queryable, id: number, now: number): Promise<ReleaseResult> {
  await client.query("UPDATE alerts SET status = 'sending', sent_at = $1 WHERE id = $2", [now, id]);
  const { rowCount } = await client.query(
    `INSERT INTO alert_deliveries (alert_id, platform, user_id, chat_id, language, status)
     SELECT a.id, s.platform, s.user_id, s.chat_id, s.language, 'pending'
     FROM alerts a JOIN subscriptions s
       ON s.language IN (SELECT jsonb_array_elements_text(a.audience_languages::jsonb))
      AND s.platform IN (SELECT jsonb_array_elements_text(a.audience_platforms::jsonb))
     WHERE a.id = $1
     ORDER BY s.platform, s.user_id`,
    [id],
  );
  return {
    outcome: "queued",
    alert: (await alertById(client, id)) as Alert,
    recipients: rowCount ?? 0,
  };
}

async function alertById(
  db: Queryable,
  id: number,
  lock: "" | "FOR UPDATE" = "",
): Promise<Alert | undefined> {
  const { rows } = await db.query<AlertRow>(`SELECT * FROM alerts WHERE id = $1 ${lock}`, [id]);
  return rows[0] ? toAlert(rows[0]) : undefined;
}

async function insertAudit(db: Queryable, entry: AuditEntry): Promise<void> {
  await db.query(
    "INSERT INTO moderator_audit (at, actor_platform, actor_id, action, alert_id) VALUES ($1, $2, $3, $4, $5)",
    [entry.at, entry.actor.platform, entry.actor.id, entry.action, entry.alertId ?? null],
  );
}
