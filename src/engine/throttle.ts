import type { AlertDesk } from "../alerts/alert-desk.ts";
import { decodeAction } from "../core/actions.ts";
import type { Clock } from "../core/clock.ts";
import type { InboundMessage } from "../core/messages.ts";
import { chosenData } from "./choice-step.ts";
import type { OfferedChoices } from "./offered-choices.ts";
import { parseCommand } from "./parse-command.ts";
import { RateLimiter } from "./rate-limiter.ts";

/**
 * The pipeline's first step: whether a message may be answered now (see {@link RateLimiter}),
 * and whether a refused sender should be told, once.
 */
export class Throttle {
  private readonly limiter: RateLimiter;

  constructor(
    clock: Clock,
    rateLimit: { burst: number; perMinute: number } | undefined,
    private readonly offered: OfferedChoices,
    private readonly alerts: AlertDesk | undefined,
  ) {
    const { burst = 8, perMinute = 30 } = rateLimit ?? {};
    this.limiter = new RateLimiter(clock, burst, perMinute);
  }

  admit(message: InboundMessage): { allowed: boolean; notify: boolean } {
    // Moderators compose alerts in many short steps; their ids are trusted, so no limit.
    // Deleting one's data is never refused: someone in danger must be able to /forget at once.
    if (this.alerts?.isModerator(message) || this.isForgetting(message))
      return { allowed: true, notify: false };
    return this.limiter.take(`${message.platform}\u0000${message.userId}`);
  }

  /** Asking to delete one's data, or answering "delete it?" (by button or number). */
  private isForgetting(message: InboundMessage): boolean {
    const data = chosenData(this.offered, message);
    if (data !== undefined) return decodeAction(data)?.kind === "forget";
    return message.text.length < 64 && parseCommand(message.text)?.name === "forget";
  }
}
