import type { UserKey } from "../core/messages.ts";
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
import type { Draft } from "./draft.ts";

/** What `createAlert` and `approveAlert` did. */
export type ReleaseResult =
  | { outcome: "queued"; alert: Alert; recipients: number }
  | { outcome: "awaiting_approval"; alert: Alert }
  | { outcome: "not_found" | "not_awaiting" | "same_moderator" }
  /** The moderator's draft it was to be made from is gone: another replica made the alert. */
  | { outcome: "draft_gone" };

/**
 * Alerts, their deliveries and the moderators' audit log, as the rest of Panah uses them (the
 * SQL store on SQLite or PostgreSQL; the moderation rules in approvals.ts). What it keeps:
 * - releasing an alert writes it and one delivery per matching subscriber in one transaction,
 *   so a crash leaves either nothing or everything to send;
 * - a delivery is marked `sending` when claimed and `sent` after the platform confirmed it,
 *   so after a crash only rows still `sending` can be sent twice.
 */
export interface AlertStore {
  /** How many subscribers an audience reaches now, per language. */
  countRecipients(audience: Audience): Promise<{ en: number; fa: number }>;
  /**
   * Stores an alert. With `approved`, it is released at once: its deliveries are written in the
   * same transaction. Without, it waits for a second moderator. The action is audited. With
   * `draftOf`, the moderator's chat draft it is made from is deleted in the same transaction,
   * and nothing is created if it is gone already.
   */
  createAlert(
    draft: AlertDraft,
    actor: Actor,
    options: { now: number; approved: boolean; report?: ReportTarget; draftOf?: UserKey },
  ): Promise<ReleaseResult>;
  /** A second moderator releases an alert someone else proposed (never the proposer). */
  approveAlert(id: number, actor: Actor, now: number): Promise<ReleaseResult>;
  /** Drops an alert that still awaits approval. Returns false if there was none. */
  rejectAlert(id: number, actor: Actor, now: number): Promise<boolean>;
  getAlert(id: number): Promise<Alert | undefined>;
  /** The newest alerts first. */
  listAlerts(limit: number): Promise<Alert[]>;
  /** Released, unexpired alerts, newest first; `kind` narrows to one kind. */
  activeAlerts(now: number, limit: number, kind?: Alert["kind"]): Promise<Alert[]>;
  progress(id: number): Promise<AlertProgress>;
  /** Where the alert's report goes, while it has not been sent. */
  reportTarget(id: number): Promise<ReportTarget | undefined>;
  /** Forgets the moderator's chat once the final report is out. */
  clearReportTarget(id: number): Promise<void>;

  /** Takes the next due delivery of a platform and marks it `sending`. */
  claimDelivery(platform: AlertPlatform, now: number): Promise<Delivery | undefined>;
  markSent(delivery: Delivery): Promise<void>;
  /** Marks a delivery failed; with `unsubscribe`, also removes the subscription, atomically. */
  markFailed(delivery: Delivery, reason: FailureReason, unsubscribe: boolean): Promise<void>;
  /** Puts a delivery back in the queue until `notBefore`; `attempted` counts it as a try. */
  retryLater(delivery: Delivery, notBefore: number, attempted: boolean): Promise<void>;
  /** After a restart: rows left `sending` by a crash go back to the queue. Returns how many. */
  requeueInFlight(platform: AlertPlatform): Promise<number>;
  /** When the earliest waiting delivery of a platform is due, if any waits. */
  nextDue(platform: AlertPlatform): Promise<number | undefined>;
  /** Marks done every released alert with nothing left to send; returns their ids, once each. */
  finishAlerts(now: number): Promise<number[]>;

  audit(entry: AuditEntry): Promise<void>;
  /** The newest audit entries first. */
  auditLog(limit: number): Promise<AuditEntry[]>;
  /** Records a refused moderator action (with no id unless a moderator's; see {@link Refusal}). */
  auditRefusal(refusal: Refusal): Promise<void>;
  /** The newest refusals first. */
  refusals(limit: number): Promise<Refusal[]>;

  /**
   * The alert a moderator is composing in chat, kept here rather than in a replica's memory so
   * whichever replica gets their next message can go on with it. Drafts last touched before
   * `touchedSince` are deleted first, anyone's, so an abandoned draft does not linger.
   */
  getDraft(moderator: UserKey, touchedSince: number): Promise<Draft | undefined>;
  /** Writes the moderator's draft, replacing the one they had. */
  saveDraft(moderator: UserKey, draft: Draft, touchedAt: number): Promise<void>;
  /**
   * Deletes the moderator's draft. Returns whether there was one: of two replicas confirming
   * the same draft at once, only the one that deleted it creates the alert.
   */
  deleteDraft(moderator: UserKey): Promise<boolean>;
}
