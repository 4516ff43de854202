import type { MatrixClient, Room } from "matrix-js-sdk";
import type { RoomMessageEventContent } from "matrix-js-sdk/lib/@types/events.js";
import type { Logger } from "pino";
import type { OutboundDocument } from "../../src/index.ts";
import { uploadDocument } from "./attachment.ts";
import {
  type FileReplyContent,
  fileContent,
  type NoticeContent,
  type ReplyTarget,
} from "./content.ts";
import { describeError } from "./errors.ts";

/** Sends the bot's replies into rooms, never in plaintext where the room is encrypted. */
export class RoomSender {
  constructor(
    private readonly client: MatrixClient,
    private readonly logger: Logger,
  ) {}

  /**
   * Sends one notice. Refuses to send into a room the client has not synced yet or whose
   * encryption the crypto layer does not know about, as the SDK would then send plaintext.
   */
  async send(room: Room, content: NoticeContent | FileReplyContent): Promise<void> {
    const { client, logger } = this;
    const known = client.getRoom(room.roomId);
    if (known?.getMyMembership() !== "join") {
      logger.warn(
        { event: "send", outcome: "skipped", reason: "room not joined" },
        "Matrix: not sending",
      );
      return;
    }
    if (known.hasEncryptionStateEvent()) {
      const crypto = client.getCrypto();
      if (!crypto || !(await crypto.isEncryptionEnabledInRoom(room.roomId))) {
        logger.warn(
          { event: "send", outcome: "skipped", reason: "encryption not ready" },
          "Matrix: not sending plaintext into an encrypted room",
        );
        return;
      }
    }
    try {
      await client.sendMessage(room.roomId, content as unknown as RoomMessageEventContent);
    } catch (error) {
      logger.warn(
        { event: "send", outcome: "failed", err: describeError(error) },
        "Matrix: sending a reply failed",
      );
    }
  }

  /**
   * Uploads a reply's file and sends it as an `m.file` reply. In an encrypted room the file is
   * encrypted before upload and its key goes inside the event, which the SDK encrypts as usual.
   */
  async sendDocument(room: Room, document: OutboundDocument, target: ReplyTarget): Promise<void> {
    const encrypted = this.client.getRoom(room.roomId)?.hasEncryptionStateEvent() ?? false;
    let file: FileReplyContent;
    try {
      file = fileContent(await uploadDocument(this.client, document, encrypted), target);
    } catch (error) {
      this.logger.warn(
        { event: "upload", outcome: "failed", err: describeError(error) },
        "Matrix: uploading a file failed",
      );
      return;
    }
    await this.send(room, file);
  }
}
