import { MemoryAlertStore } from "../alerts/memory-alert-store.ts";
import type { Language } from "../text/language.ts";
import type { Store, Subscription, UnansweredQuestion, UserKey } from "./store.ts";

/** A {@link Store} in memory, for unit tests and the one-off `panah ask`. */
export class MemoryStore implements Store {
  private readonly unanswered = new Map<string, UnansweredQuestion & { count: number }>();
  private readonly languages = new Map<string, Language>();
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly readings = new Map<string, { fetchedAt: number; body: string }>();
  readonly alerts = new MemoryAlertStore(this.subscriptions, (user) => key(user));

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
  async recordUnanswered(entry: UnansweredQuestion) {
    const key = `${entry.day}\u0000${entry.language}\u0000${entry.question}`;
    const existing = this.unanswered.get(key);
    this.unanswered.set(key, { ...entry, count: (existing?.count ?? 0) + 1 });
  }
  async listUnanswered() {
    return [...this.unanswered.values()].sort(
      (a, b) => b.day.localeCompare(a.day) || b.count - a.count,
    );
  }
  async pruneUnanswered(beforeDay: string) {
    let removed = 0;
    for (const [key, entry] of this.unanswered)
      if (entry.day < beforeDay) removed += Number(this.unanswered.delete(key));
    return removed;
  }
  async statusReading(source: string) {
    return this.readings.get(source);
  }
  async saveStatusReading(source: string, fetchedAt: number, body: string) {
    this.readings.set(source, { fetchedAt, body });
  }
  async forget(user: UserKey) {
    return (
      Number(this.languages.delete(key(user))) +
      Number(this.subscriptions.delete(key(user))) +
      this.alerts.forget(user)
    );
  }
  async reachable() {
    return true;
  }

  async close() {}
}

const key = (user: UserKey) => `${user.platform}\u0000${user.userId}`;
