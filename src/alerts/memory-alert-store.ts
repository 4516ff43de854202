import type { UserKey } from "../core/messages.ts";
import type { Subscription } from "../store/store.ts";
import type {
  Actor,
  Alert,
  AlertDraft,
  AlertPlatform,
  AlertProgress,
  Audience,
  AuditEntry,
  Delivery,
  DeliveryStatus,
  FailureReason,
  Refusal,
  ReportTarget,
} from "./alert.ts";
import type { AlertStore, ReleaseResult } from "./alert-store.ts";
import type { Draft } from "./draft.ts";

interface DeliveryRecord extends Delivery {
  status: DeliveryStatus;
  notBefore: number;
  unsubscribed: boolean;
  failure?: FailureReason;
}

/** An {@link AlertStore} in memory, over a {@link MemoryStore}'s subscriptions, for unit tests. */
export class MemoryAlertStore implements AlertStore {
  private readonly alerts = new Map<number, Alert>();
  private readonly reports = new Map<number, ReportTarget>();
  private readonly deliveries: DeliveryRecord[] = [];
  private readonly log: AuditEntry[] = [];
  private readonly refused: Refusal[] = [];
  private readonly drafts = new Map<string, { draft: Draft; touchedAt: number }>();

  constructor(
    /** The subscriptions, keyed as the owning store keys them. */
    private readonly subscriptions: Map<string, Subscription>,
    private readonly keyOf: (user: UserKey) => string,
  ) {}

  async countRecipients(audience: Audience) {
    const counts = { en: 0, fa: 0 };
    for (const s of this.matching(audience)) counts[s.language]++;
    return counts;
  }

  async createAlert(
    draft: AlertDraft,
    actor: Actor,
    options: { now: number; approved: boolean; report?: ReportTarget },
  ): Promise<ReleaseResult> {
    const id = this.alerts.size + 1;
    const alert: Alert = structuredClone({
      ...draft,
      id,
      status: "awaiting_approval",
      createdAt: options.now,
    });
    this.alerts.set(id, alert);
    if (options.report) this.reports.set(id, options.report);
    if (!options.approved) {
      this.log.push({ at: options.now, actor, action: "propose", alertId: id });
      return { outcome: "awaiting_approval", alert: structuredClone(alert) };
    }
    this.log.push({ at: options.now, actor, action: "send", alertId: id });
    return this.release(alert, options.now);
  }

  async approveAlert(id: number, actor: Actor, now: number): Promise<ReleaseResult> {
    const alert = this.alerts.get(id);
    if (!alert) return { outcome: "not_found" };
    if (alert.status !== "awaiting_approval") return { outcome: "not_awaiting" };
    const proposer = this.log.find((e) => e.alertId === id && e.action === "propose")?.actor;
    if (proposer?.platform === actor.platform && proposer.id === actor.id)
      return { outcome: "same_moderator" };
    this.log.push({ at: now, actor, action: "approve", alertId: id });
    return this.release(alert, now);
  }

  async rejectAlert(id: number, actor: Actor, now: number) {
    const alert = this.alerts.get(id);
    if (alert?.status !== "awaiting_approval") return false;
    alert.status = "cancelled";
    alert.finishedAt = now;
    this.reports.delete(id);
    this.log.push({ at: now, actor, action: "reject", alertId: id });
    return true;
  }

  async getAlert(id: number) {
    const alert = this.alerts.get(id);
    return alert ? structuredClone(alert) : undefined;
  }

  async listAlerts(limit: number) {
    return [...this.alerts.values()]
      .reverse()
      .slice(0, limit)
      .map((a) => structuredClone(a));
  }

  async activeAlerts(now: number, limit: number, kind?: Alert["kind"]) {
    return [...this.alerts.values()]
      .filter(
        (a) =>
          (a.status === "sending" || a.status === "done") &&
          (a.expiresAt === undefined || a.expiresAt > now) &&
          (kind === undefined || a.kind === kind),
      )
      .sort((a, b) => (b.sentAt ?? 0) - (a.sentAt ?? 0) || b.id - a.id)
      .slice(0, limit)
      .map((a) => structuredClone(a));
  }

  async progress(id: number): Promise<AlertProgress> {
    const progress: AlertProgress = {
      total: 0,
      pending: 0,
      sending: 0,
      sent: 0,
      failed: 0,
      unsubscribed: 0,
    };
    for (const d of this.deliveries) {
      if (d.alertId !== id) continue;
      progress.total++;
      progress[d.status]++;
      if (d.unsubscribed) progress.unsubscribed++;
    }
    return progress;
  }

  async reportTarget(id: number) {
    return this.reports.get(id);
  }

  async clearReportTarget(id: number) {
    this.reports.delete(id);
  }

  async claimDelivery(platform: AlertPlatform, now: number) {
    const due = this.deliveries
      .filter(
        (d) =>
          d.platform === platform &&
          d.status === "pending" &&
          d.notBefore <= now &&
          this.alerts.get(d.alertId)?.status === "sending",
      )
      .sort((a, b) => a.alertId - b.alertId || a.notBefore - b.notBefore)[0];
    if (!due) return undefined;
    due.status = "sending";
    return toDelivery(due);
  }

  async markSent(d: Delivery) {
    const record = this.find(d);
    if (record) record.status = "sent";
  }

  async markFailed(d: Delivery, reason: FailureReason, unsubscribe: boolean) {
    const record = this.find(d);
    if (record) {
      record.status = "failed";
      record.failure = reason;
      record.unsubscribed = unsubscribe;
      record.attempts++;
    }
    if (unsubscribe) this.subscriptions.delete(this.keyOf(d));
  }

  async retryLater(d: Delivery, notBefore: number, attempted: boolean) {
    const record = this.find(d);
    if (!record) return;
    record.status = "pending";
    record.notBefore = notBefore;
    if (attempted) record.attempts++;
  }

  async requeueInFlight(platform: AlertPlatform) {
    let count = 0;
    for (const d of this.deliveries)
      if (d.platform === platform && d.status === "sending") {
        d.status = "pending";
        count++;
      }
    return count;
  }

  async nextDue(platform: AlertPlatform) {
    const due = this.deliveries
      .filter(
        (d) =>
          d.platform === platform &&
          d.status === "pending" &&
          this.alerts.get(d.alertId)?.status === "sending",
      )
      .map((d) => d.notBefore);
    return due.length > 0 ? Math.min(...due) : undefined;
  }

  async finishAlerts(now: number) {
    const finished: number[] = [];
    for (const alert of this.alerts.values()) {
      if (alert.status !== "sending") continue;
      const open = this.deliveries.some(
        (d) => d.alertId === alert.id && (d.status === "pending" || d.status === "sending"),
      );
      if (open) continue;
      alert.status = "done";
      alert.finishedAt = now;
      finished.push(alert.id);
    }
    return finished;
  }

  async audit(entry: AuditEntry) {
    this.log.push(structuredClone(entry));
  }

  async auditLog(limit: number) {
    return this.log
      .slice()
      .reverse()
      .slice(0, limit)
      .map((e) => structuredClone(e));
  }

  async auditRefusal(refusal: Refusal) {
    this.refused.push(structuredClone(refusal));
  }

  async refusals(limit: number) {
    return this.refused
      .slice()
      .reverse()
      .slice(0, limit)
      .map((r) => structuredClone(r));
  }

  async getDraft(moderator: UserKey, touchedSince: number) {
    for (const [key, kept] of this.drafts)
      if (kept.touchedAt < touchedSince) this.drafts.delete(key);
    const kept = this.drafts.get(this.keyOf(moderator));
    return kept ? structuredClone(kept.draft) : undefined;
  }

  async saveDraft(moderator: UserKey, draft: Draft, touchedAt: number) {
    this.drafts.set(this.keyOf(moderator), { draft: structuredClone(draft), touchedAt });
  }

  async deleteDraft(moderator: UserKey) {
    return this.drafts.delete(this.keyOf(moderator));
  }

  /** Deletes a person's deliveries and alert draft (`forget`); returns how many. */
  forget(user: UserKey): number {
    let deleted = Number(this.drafts.delete(this.keyOf(user)));
    for (let i = this.deliveries.length - 1; i >= 0; i--) {
      const d = this.deliveries[i];
      if (d && d.platform === user.platform && d.userId === user.userId) {
        this.deliveries.splice(i, 1);
        deleted++;
      }
    }
    return deleted;
  }

  private release(alert: Alert, now: number): ReleaseResult {
    alert.status = "sending";
    alert.sentAt = now;
    const recipients = this.matching(alert.audience).sort(
      (a, b) => a.platform.localeCompare(b.platform) || a.userId.localeCompare(b.userId),
    );
    for (const s of recipients)
      this.deliveries.push({
        alertId: alert.id,
        platform: s.platform as AlertPlatform,
        userId: s.userId,
        chatId: s.chatId,
        language: s.language,
        attempts: 0,
        status: "pending",
        notBefore: 0,
        unsubscribed: false,
      });
    return { outcome: "queued", alert: structuredClone(alert), recipients: recipients.length };
  }

  private matching(audience: Audience): Subscription[] {
    return [...this.subscriptions.values()].filter(
      (s) =>
        audience.languages.includes(s.language) &&
        (audience.platforms as string[]).includes(s.platform),
    );
  }

  private find(d: Delivery): DeliveryRecord | undefined {
    return this.deliveries.find(
      (r) => r.alertId === d.alertId && r.platform === d.platform && r.userId === d.userId,
    );
  }
}

function toDelivery(d: DeliveryRecord): Delivery {
  return {
    alertId: d.alertId,
    platform: d.platform,
    userId: d.userId,
    chatId: d.chatId,
    language: d.language,
    attempts: d.attempts,
  };
}
