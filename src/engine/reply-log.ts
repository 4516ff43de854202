import type { Logger } from "pino";
import type { InboundMessage, ReplyKind } from "../core/messages.ts";
import type { Metrics } from "../ops/metrics.ts";

/** One log line and one metric per reply: platform, kind, topic and timing. Never text or ids. */
export class ReplyLog {
  constructor(
    private readonly logger: Logger,
    private readonly metrics?: Metrics,
  ) {}

  replied(
    message: InboundMessage,
    kind: ReplyKind | "rate-limited",
    started: number,
    topic?: string,
  ): void {
    this.metrics?.replied(message.platform, kind, topic);
    this.logger.info(
      {
        platform: message.platform,
        kind,
        topic,
        ms: Math.round((performance.now() - started) * 100) / 100,
      },
      "reply",
    );
  }
}
