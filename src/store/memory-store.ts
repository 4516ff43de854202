import type { Language } from "../text/language.ts";
import type { Store, Subscription, UserKey } from "./store.ts";

/** A {@link Store} in memory, for unit tests and the one-off `panah ask`. */
export class MemoryStore implements Store {
  private readonly languages = new Map<string, Language>();
  private readonly subscriptions = new Map<string, Subscription>();

  async getLanguage(user: UserKey) {
    return this.languages.get(key(user));
  }
  async setLanguage(user: UserKey, language: Language) {
    this.languages.set(key(user), language);
  }
  async subscribe(subscription: Subscription) {
    const existing = this.subscriptions.get(key(subscription));
    this.subscriptions.set(key(subscription), { ...subscription });
    return (
      !existing ||
      existing.language !== subscription.language ||
      existing.chatId !== subscription.chatId
    );
  }
  async unsubscribe(user: UserKey) {
    return this.subscriptions.delete(key(user));
  }
  async getSubscription(user: UserKey) {
    return this.subscriptions.get(key(user));
  }
  async forget(user: UserKey) {
    return Number(this.languages.delete(key(user))) + Number(this.subscriptions.delete(key(user)));
  }
  async close() {}
}

const key = (user: UserKey) => `${user.platform}\u0000${user.userId}`;
