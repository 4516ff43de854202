import type { AlertStore } from "../alerts/alert-store.ts";
import type { Platform } from "../engine/messages.ts";
import type { Language } from "../text/language.ts";

/** Who someone is, as the platform knows them: every stored record is keyed by this. */
export interface UserKey {
  platform: Platform;
  userId: string;
}

/** A question that got the fallback, as kept for maintainers: no id, no time finer than a day. */
export interface UnansweredQuestion {
  day: string;
  language: Language;
  question: string;
}

export interface Subscription extends UserKey {
  /** Where alerts are delivered (a private chat or DM room). */
  chatId: string;
  language: Language;
}

/**
 * Everything Panah stores, behind one small interface: the SQLite implementation is the
 * default, the in-memory one serves unit tests. It holds only what features need (a language
 * choice, alert subscriptions), never message text.
 */
export interface Store {
  getLanguage(user: UserKey): Promise<Language | undefined>;
  setLanguage(user: UserKey, language: Language): Promise<void>;
  /** Subscribes, or updates the language and chat of an existing subscription. Returns false if already subscribed with no change. */
  subscribe(subscription: Subscription): Promise<boolean>;
  /** Returns whether there was a subscription to remove. */
  unsubscribe(user: UserKey): Promise<boolean>;
  getSubscription(user: UserKey): Promise<Subscription | undefined>;
  /**
   * Counts a question that fell back, for maintainers (only when the switch is on). The text
   * is already normalized and scrubbed; nothing links it to who asked.
   */
  recordUnanswered(entry: UnansweredQuestion): Promise<void>;
  /** The unanswered questions kept, newest day first. */
  listUnanswered(): Promise<(UnansweredQuestion & { count: number })[]>;
  /** Deletes unanswered questions from before `day` (YYYY-MM-DD); returns how many rows went. */
  pruneUnanswered(beforeDay: string): Promise<number>;
  /** Alerts, their deliveries and the moderators' audit log (see docs/alerts.md). */
  readonly alerts: AlertStore;
  /** The newest cached reading of a live-status source (src/status), shared by every replica. */
  statusReading(source: string): Promise<{ fetchedAt: number; body: string } | undefined>;
  /** Replaces a source's cached reading; `body` is at most 64 KiB. */
  saveStatusReading(source: string, fetchedAt: number, body: string): Promise<void>;
  /** Deletes every record about `user`; returns how many were deleted. */
  forget(user: UserKey): Promise<number>;
  /**
   * Whether the database answers a trivial query within `timeoutMs`: `/readyz` reports a
   * replica cut off from its database as not ready, so the balancer stops sending it updates
   * it cannot serve.
   */
  reachable(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}
