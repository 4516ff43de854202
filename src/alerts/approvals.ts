import type { UserKey } from "../core/messages.ts";
import type {
  Actor,
  Alert,
  AlertDraft,
  AlertProgress,
  Audience,
  AuditEntry,
  DeliveryStatus,
  ReportTarget,
} from "./alert.ts";
import type { AlertStore, ReleaseResult } from "./alert-store.ts";

/**
 * The moderation rules, written once over the rows a database keeps: who may release an
 * alert, what is audited, and how progress is counted. The SQL store extends it with the rows
 * (the abstract methods), so no rule lives in SQL and no SQL here.
 */
export abstract class Approvals
  implements Pick<AlertStore, "createAlert" | "approveAlert" | "rejectAlert" | "progress">
{
  /** Runs `work` in one transaction on rows bound to it; rolls back if it throws. */
  abstract transaction<T>(work: (rows: this) => Promise<T>): Promise<T>;
  /** Writes an alert awaiting approval; returns its id. */
  abstract insertAlert(draft: AlertDraft, now: number, report?: ReportTarget): Promise<number>;
  /** With `lock`, no other transaction changes the alert until this one ends. */
  abstract getAlert(id: number, options?: { lock: boolean }): Promise<Alert | undefined>;
  /** Who proposed the alert, from the audit log. */
  abstract proposer(id: number): Promise<Actor | undefined>;
  /**
   * Marks the alert sending and writes one delivery per subscriber `audience` reaches now (a
   * snapshot: later subscribers are not added); returns how many.
   */
  abstract releaseAlert(id: number, audience: Audience, now: number): Promise<number>;
  /** Cancels an alert that awaits approval; false if there was none. */
  abstract cancelAlert(id: number, now: number): Promise<boolean>;
  abstract audit(entry: AuditEntry): Promise<void>;
  abstract deleteDraft(moderator: UserKey): Promise<boolean>;
  /** The alert's deliveries counted per state, with how many of them unsubscribed. */
  abstract deliveryCounts(
    id: number,
  ): Promise<{ status: DeliveryStatus; count: number; unsubscribed: number }[]>;

  createAlert(...[draft, actor, options]: Parameters<AlertStore["createAlert"]>) {
    const { now, approved, report, draftOf } = options;
    return this.transaction(async (trx): Promise<ReleaseResult> => {
      // Of two replicas confirming one draft at once, the one that deletes it makes the alert;
      // the other, finding the draft gone, finds the alert already there.
      if (draftOf && !(await trx.deleteDraft(draftOf))) return { outcome: "draft_gone" };
      const id = await trx.insertAlert(draft, now, report);
      await trx.audit({ at: now, actor, action: approved ? "send" : "propose", alertId: id });
      if (approved) return trx.release(id, draft.audience, now);
      return { outcome: "awaiting_approval", alert: await trx.stored(id) };
    });
  }

  approveAlert(id: number, actor: Actor, now: number) {
    return this.transaction(async (trx): Promise<ReleaseResult> => {
      // Locked: of two moderators approving at once, the second finds it released already.
      const alert = await trx.getAlert(id, { lock: true });
      if (!alert) return { outcome: "not_found" };
      if (alert.status !== "awaiting_approval") return { outcome: "not_awaiting" };
      // Two people agree, not one person twice.
      const proposer = await trx.proposer(id);
      if (proposer && proposer.platform === actor.platform && proposer.id === actor.id)
        return { outcome: "same_moderator" };
      await trx.audit({ at: now, actor, action: "approve", alertId: id });
      return trx.release(id, alert.audience, now);
    });
  }

  rejectAlert(id: number, actor: Actor, now: number) {
    return this.transaction(async (trx) => {
      const rejected = await trx.cancelAlert(id, now);
      if (rejected) await trx.audit({ at: now, actor, action: "reject", alertId: id });
      return rejected;
    });
  }

  /** How the alert's delivery stands, from its deliveries counted per state. */
  async progress(id: number) {
    const tally: AlertProgress = {
      total: 0,
      pending: 0,
      sending: 0,
      sent: 0,
      failed: 0,
      unsubscribed: 0,
    };
    for (const { status, count, unsubscribed } of await this.deliveryCounts(id)) {
      tally[status] = count;
      tally.total += count;
      tally.unsubscribed += unsubscribed;
    }
    return tally;
  }

  private async release(id: number, audience: Audience, now: number): Promise<ReleaseResult> {
    const recipients = await this.releaseAlert(id, audience, now);
    return { outcome: "queued", alert: await this.stored(id), recipients };
  }

  private async stored(id: number): Promise<Alert> {
    return (await this.getAlert(id)) as Alert;
  }
}
