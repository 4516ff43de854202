import type { Platform } from "../engine/messages.ts";
import type { Language } from "../text/language.ts";

/** Who someone is, as the platform knows them: every stored record is keyed by this. */
export interface UserKey {
  platform: Platform;
  userId: string;
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
  /** Deletes every record about `user`; returns how many were deleted. */
  forget(user: UserKey): Promise<number>;
  close(): Promise<void>;
}
