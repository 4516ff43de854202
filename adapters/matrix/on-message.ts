import {
  EventType,
  type MatrixClient,
  type MatrixEvent,
  MatrixEventEvent,
  type Room,
} from "matrix-js-sdk";
import { DecryptionFailureCode } from "matrix-js-sdk/lib/crypto-api/index.js";
import type { Logger } from "pino";
import type { Panah } from "../../src/index.ts";
import { noticeContent, type ReplyTarget, undecryptableContent } from "./content.ts";
import { toInbound } from "./inbound.ts";
import type { RoomSender } from "./send.ts";

/** What answering one message needs from the running bot. */
export interface MessageContext {
  client: MatrixClient;
  panah: Panah;
  logger: Logger;
  sender: RoomSender;
  /** How long an undecryptable message waits for its room key. */
  keyWaitMs: number;
  /** False once the bot is stopping: nothing more is sent. */
  live: () => boolean;
}

/**
 * One room message, from event to replies: waits for its room key if it arrived before it,
 * turns it into the core's inbound message, has the engine answer it, and sends the replies
 * as `m.notice` replies (a file, such as the offline guide, as `m.file`).
 */
export async function onMessage(
  context: MessageContext,
  event: MatrixEvent,
  room: Room,
): Promise<void> {
  const began = performance.now();
  const { client, panah, logger, sender: out } = context;
  const isDirect = room.getInvitedAndJoinedMemberCount() <= 2;
  const sender = event.getSender();
  const eventId = event.getId();
  if (!sender || !eventId) return;
  const target: ReplyTarget = {
    eventId,
    ...(isDirect ? {} : { mention: sender }),
    ...(event.threadRootId && !event.isThreadRoot ? { threadRootId: event.threadRootId } : {}),
  };
  if (event.isEncrypted()) {
    await client.decryptEventIfNeeded(event);
    if (
      event.isDecryptionFailure() &&
      event.decryptionFailureReason === DecryptionFailureCode.MEGOLM_UNKNOWN_INBOUND_SESSION_ID
    ) {
      await waitForKeys(event, context.keyWaitMs);
    }
    if (event.isDecryptionFailure()) {
      logger.warn(
        { event: "undecryptable", code: event.decryptionFailureReason },
        "Matrix: could not decrypt a message",
      );
      // In a room Panah cannot tell whether it was addressed; in a DM it always was.
      if (isDirect && context.live()) {
        const language = await panah.engine.languageFor({
          platform: "matrix",
          userId: sender,
          chatId: room.roomId,
          isDirect,
          text: "",
        });
        await out.send(room, undecryptableContent(language, target, panah.knowledge().kb.ui));
      }
      return;
    }
  }
  if (event.getType() !== EventType.RoomMessage) return;
  const inbound = toInbound(
    { sender, roomId: room.roomId, content: event.getContent() },
    {
      botUserId: client.getSafeUserId(),
      botDisplayName: room.getMember(client.getSafeUserId())?.name,
      isDirect,
    },
  );
  if (!inbound) return;
  const replies = await panah.engine.handle({ ...inbound, raw: event });
  const ui = panah.knowledge().kb.ui;
  for (const reply of replies) {
    if (!context.live()) return;
    // A reply may be only a file (the offline guide): no empty notice before it.
    if (reply.blocks.length > 0 || reply.choices.length > 0)
      await out.send(room, noticeContent(reply, ui[reply.language].pick_number, target));
    if (reply.document) await out.sendDocument(room, reply.document, target);
  }
  logger.debug(
    {
      event: "answered",
      replies: replies.length,
      encrypted: event.isEncrypted(),
      ms: Math.round(performance.now() - began),
    },
    "Matrix: answered",
  );
}

/** Resolves when the event has been decrypted after all (its key arrived), or after `ms`. */
function waitForKeys(event: MatrixEvent, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function onDecrypted() {
      if (!event.isDecryptionFailure()) done();
    }
    function done() {
      clearTimeout(timer);
      event.off(MatrixEventEvent.Decrypted, onDecrypted);
      resolve();
    }
    event.on(MatrixEventEvent.Decrypted, onDecrypted);
  });
}
