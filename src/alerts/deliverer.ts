import type { OutboundMessage } from "../core/messages.ts";
import type { AlertPlatform } from "./alert.ts";

/**
 * Why a send failed, as the delivery worker needs to know it:
 * - `retry-after`: the platform is rate limiting (Telegram 429 `retry_after`, Matrix
 *   `M_LIMIT_EXCEEDED` `retry_after_ms`); everything pauses for `ms`, then this row is retried;
 * - `transient`: a network error or a server error; retried with backoff;
 * - `permanent`: this message will never reach this chat. With `unsubscribe`, the person is gone
 *   (blocked the bot, deactivated, chat not found, bot not in the room) and their subscription is
 *   removed; without it, the message itself was refused (too long, bad formatting).
 */
export type SendFailure =
  | { kind: "retry-after"; ms: number; label: string }
  | { kind: "transient"; label: string }
  | { kind: "permanent"; unsubscribe: boolean; label: string };

/**
 * Sends one neutral message to one chat on one platform, for alert delivery. Each adapter
 * implements it (`adapters/*\/deliverer.ts`); {@link MemoryDeliverer} serves unit tests.
 *
 * @example
 * const failure = await deliverer.send(message);
 * if (failure?.kind === "retry-after") await sleep(failure.ms);
 */
export interface Deliverer {
  readonly platform: AlertPlatform;
  /** Resolves undefined once the platform accepted the message, else with why it did not. */
  send(message: OutboundMessage): Promise<SendFailure | undefined>;
}

/**
 * A {@link Deliverer} that records what it sends, and answers with failures queued per chat
 * (or for the next send of any chat) instead of sending.
 */
export class MemoryDeliverer implements Deliverer {
  readonly sent: OutboundMessage[] = [];
  /** Failures for the next sends to a chat, in order. */
  readonly failures = new Map<string, SendFailure[]>();
  /** Failures for the next sends, whatever the chat; consulted before `failures`. */
  readonly nextFailures: SendFailure[] = [];
  /** Every attempt, in order, with the failure it got (if any). */
  readonly attempts: { chatId: string; at: number; failure?: SendFailure }[] = [];

  constructor(
    readonly platform: AlertPlatform,
    private readonly latencyMs = 0,
  ) {}

  async send(message: OutboundMessage): Promise<SendFailure | undefined> {
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
    const failure = this.nextFailures.shift() ?? this.failures.get(message.chatId)?.shift();
    this.attempts.push({
      chatId: message.chatId,
      at: performance.now(),
      ...(failure ? { failure } : {}),
    });
    if (failure) return failure;
    this.sent.push(message);
    return undefined;
  }

  /** The messages a chat received. */
  to(chatId: string): OutboundMessage[] {
    return this.sent.filter((m) => m.chatId === chatId);
  }
}
