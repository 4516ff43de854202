import type { OutboundMessage } from "../../../src/index.ts";

/** One message a person sends on the loopback network. */
export interface LoopbackPost {
  userId: string;
  text: string;
}

/**
 * A chat service inside the test process: people post into their one-to-one chat with the
 * bot (the chat id is the user id), the connected bot receives each post, and whatever the bot
 * sends lands in that chat's inbox. It stands for a platform only as far as an adapter needs.
 */
export class LoopbackNetwork {
  private receiver: ((post: LoopbackPost) => Promise<void>) | undefined;
  private readonly inboxes = new Map<string, OutboundMessage[]>();
  /** Chats that refuse delivery, as a person who blocked the bot. */
  readonly blocked = new Set<string>();

  /** The bot's side: receives posts until the returned function is called. */
  connect(receiver: (post: LoopbackPost) => Promise<void>): () => void {
    this.receiver = receiver;
    return () => {
      this.receiver = undefined;
    };
  }

  get connected(): boolean {
    return this.receiver !== undefined;
  }

  /** A person's side: posts and waits until the bot has handled it. */
  async post(userId: string, text: string): Promise<void> {
    if (!this.receiver) throw new Error("the bot is not connected");
    await this.receiver({ userId, text });
  }

  /** The bot's side: puts a message in a chat's inbox. */
  deliver(message: OutboundMessage): boolean {
    if (this.blocked.has(message.chatId)) return false;
    this.inboxes.set(message.chatId, [...this.inbox(message.chatId), message]);
    return true;
  }

  inbox(chatId: string): OutboundMessage[] {
    return this.inboxes.get(chatId) ?? [];
  }
}
