import { type MatrixClient, MatrixError, safeGetRetryAfterMs } from "matrix-js-sdk";
import type { RoomMessageEventContent } from "matrix-js-sdk/lib/@types/events.js";
import type { Deliverer, OutboundMessage, SendFailure } from "../../src/index.ts";
import { noticeContent } from "./content.ts";

/**
 * Alert delivery on Matrix: one `m.notice` per subscribed room, encrypted wherever the room is.
 * Like the bot's replies, it never sends into a room it has not joined and synced, nor
 * plaintext into an encrypted room.
 */
export class MatrixDeliverer implements Deliverer {
  readonly platform = "matrix" as const;

  constructor(private readonly client: MatrixClient) {}

  async send(message: OutboundMessage): Promise<SendFailure | undefined> {
    const room = this.client.getRoom(message.chatId);
    if (room?.getMyMembership() !== "join" || !room)
      return { kind: "permanent", unsubscribe: true, label: "not in room" };
    if (room.hasEncryptionStateEvent()) {
      const crypto = this.client.getCrypto();
      if (!crypto || !(await crypto.isEncryptionEnabledInRoom(room.roomId)))
        return { kind: "transient", label: "encryption not ready" };
    }
    try {
      await this.client.sendMessage(
        room.roomId,
        noticeContent(message, "") as unknown as RoomMessageEventContent,
      );
      return undefined;
    } catch (error) {
      return classifyMatrixError(error);
    }
  }
}

/** `M_LIMIT_EXCEEDED` waits `retry_after_ms`; forbidden or unknown rooms are gone; 5xx and network errors are transient. */
export function classifyMatrixError(error: unknown): SendFailure {
  if (error instanceof MatrixError) {
    const label = `${error.httpStatus ?? ""} ${error.errcode ?? ""}`.trim();
    if (error.isRateLimitError())
      return { kind: "retry-after", ms: safeGetRetryAfterMs(error, 1000), label };
    if (error.errcode === "M_FORBIDDEN" || error.errcode === "M_NOT_FOUND")
      return { kind: "permanent", unsubscribe: true, label };
    if (error.errcode === "M_TOO_LARGE" || error.errcode === "M_BAD_JSON")
      return { kind: "permanent", unsubscribe: false, label };
    return { kind: "transient", label };
  }
  return { kind: "transient", label: (error as Error)?.name ?? "error" };
}
