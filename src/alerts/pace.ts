/**
 * Sending pace for one platform: a token bucket for the overall rate (`perSecond`, bursts of at
 * most `burst`), plus a minimum gap between two messages to the same chat. Telegram allows
 * about 30 messages/s overall and 1/s per chat; Matrix homeservers limit per sender.
 */
export class Pace {
  private tokens: number;
  private at: number;
  private readonly lastToChat = new Map<string, number>();

  constructor(
    private readonly perSecond: number,
    private readonly perChatMs = 0,
    private readonly burst = 1,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.at = now();
  }

  /** How long to wait before a token is free; 0 means take it now (and it is taken). */
  take(): number {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) / 1000) * this.perSecond);
    this.at = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) / this.perSecond) * 1000);
  }

  /** Gives back a token taken for a send that did not happen. */
  refund(): void {
    this.tokens = Math.min(this.burst, this.tokens + 1);
  }

  /** How long to wait before this chat may get another message. */
  chatWait(chatId: string): number {
    const last = this.lastToChat.get(chatId);
    return last === undefined ? 0 : Math.max(0, Math.ceil(last + this.perChatMs - this.now()));
  }

  /** Records a send to a chat (its per-chat gap starts now). */
  sentTo(chatId: string): void {
    if (this.perChatMs <= 0) return;
    const now = this.now();
    this.lastToChat.set(chatId, now);
    // Only the last gap matters: drop chats whose gap has passed, so memory stays small.
    if (this.lastToChat.size > 10_000)
      for (const [chat, at] of this.lastToChat)
        if (at + this.perChatMs <= now) this.lastToChat.delete(chat);
  }
}
