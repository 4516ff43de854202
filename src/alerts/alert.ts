import type { Platform } from "../engine/messages.ts";
import type { Language } from "../text/language.ts";

export const SEVERITIES = ["info", "warning", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * `status` alerts describe connectivity ("internet partly back in Tehran"): the latest one is
 * shown before the `blackout-status` answer. `notice` is every other alert.
 */
export const ALERT_KINDS = ["status", "notice"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** The platforms alerts are delivered on (the terminal chat has no subscribers). */
export const ALERT_PLATFORMS = ["telegram", "matrix"] as const;
export type AlertPlatform = (typeof ALERT_PLATFORMS)[number];

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

/** The text a subscriber in `language` receives: theirs, else the other language's. */
export function textFor(alert: AlertDraft, language: Language): string {
  return alert.text[language] ?? alert.text.en ?? alert.text.fa ?? "";
}

/** Everyone, on every platform. */
export const EVERYONE: Audience = { languages: ["en", "fa"], platforms: ["telegram", "matrix"] };
