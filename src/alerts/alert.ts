import type { Platform } from "../core/messages.ts";
import type { Language } from "../text/language.ts";

export const SEVERITIES = ["info", "warning", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * `status` alerts describe connectivity ("internet partly back in Tehran"): the latest one is
 * shown before the `blackout-status` answer. `notice` is every other alert.
 */
export const ALERT_KINDS = ["status", "notice"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** A platform alerts are delivered on: an adapter's name (the terminal chat has no subscribers). */
export type AlertPlatform = Platform;

/** Who receives an alert: subscribers whose language and platform are both listed. */
export interface Audience {
  languages: Language[];
  platforms: AlertPlatform[];
}

/** An alert as a moderator or operator composed it, before it is stored. */
export interface AlertDraft {
  kind: AlertKind;
  severity: Severity;
  /** The text per language; at least one. Subscribers of a language without text get the other. */
  text: Partial<Record<Language, string>>;
  /** Milliseconds since the epoch; absent for an alert that stays active until replaced. */
  expiresAt?: number;
  audience: Audience;
}

export type AlertStatus = "awaiting_approval" | "sending" | "done" | "cancelled";

export interface Alert extends AlertDraft {
  id: number;
  status: AlertStatus;
  createdAt: number;
  /** When it was released for delivery (after approval, if one was needed). */
  sentAt?: number;
  finishedAt?: number;
}

/** Who did something with an alert: a moderator (platform and immutable id) or the CLI operator. */
export interface Actor {
  platform: Platform | "cli";
  id: string;
}

/** Where progress and the final report go: the moderator's direct chat, in their language. */
export interface ReportTarget {
  platform: AlertPlatform;
  chatId: string;
  language: Language;
}

/** One subscriber's copy of an alert. */
export interface Delivery {
  alertId: number;
  platform: AlertPlatform;
  userId: string;
  chatId: string;
  language: Language;
  attempts: number;
}

export type DeliveryStatus = "pending" | "sending" | "sent" | "failed";

/** How an alert's delivery stands: counts only, which is all a report needs. */
export interface AlertProgress {
  total: number;
  pending: number;
  /** Handed to the platform and not yet confirmed: the only ones a crash can duplicate. */
  sending: number;
  sent: number;
  failed: number;
  /** Failed because the person blocked the bot or is gone; their subscription was removed. */
  unsubscribed: number;
}

/** Why a delivery failed for good. */
export type FailureReason = "gone" | "rejected" | "gave_up";

export interface AuditEntry {
  at: number;
  actor: Actor;
  action: AuditAction;
  alertId?: number;
}

export type AuditAction = "send" | "propose" | "approve" | "reject";

/** What a refused moderator action tried: a moderator command, or any alert button (`a:…`). */
export const REFUSED_ACTIONS = ["alert", "approve", "reject", "skip", "cancel", "button"] as const;
export type RefusedAction = (typeof REFUSED_ACTIONS)[number];

/**
 * A moderator action that was refused: from someone who is not a configured moderator
 * (`not_moderator`), or from a moderator outside a direct chat (`not_direct`). Someone who is
 * not a moderator is recorded by platform only, never by id, not even hashed: the audit trail
 * needs that someone tried what, when and where, and an id would turn a curious person's
 * `/alert` into a lasting record about them (see migration 4).
 */
export interface Refusal {
  at: number;
  platform: Platform;
  action: RefusedAction;
  reason: "not_moderator" | "not_direct";
  /** The moderator's configured id, for `not_direct` only. */
  moderatorId?: string;
}

/** The text a subscriber in `language` receives: theirs, else the other language's. */
export function textFor(alert: AlertDraft, language: Language): string {
  return alert.text[language] ?? alert.text.en ?? alert.text.fa ?? "";
}

/** Everyone, on every platform this Panah runs. */
export function everyone(platforms: readonly AlertPlatform[]): Audience {
  return { languages: ["en", "fa"], platforms: [...platforms] };
}
