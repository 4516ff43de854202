import { type Api, InputFile } from "grammy";
import type { OutboundDocument } from "../../src/index.ts";

/** Telegram's limit on a document's caption, in characters after entity parsing. */
const CAPTION_LIMIT = 1024;

/**
 * Sends a reply's file (the offline guide) with `sendDocument`, uploaded as multipart. The
 * caption goes as plain text (no parse mode), so nothing in it needs escaping. In groups it
 * replies to the person's message when no text reply did so before it.
 */
export async function sendDocument(
  api: Api,
  chatId: string,
  document: OutboundDocument,
  replyTo: number | undefined,
): Promise<void> {
  const data = typeof document.data === "string" ? Buffer.from(document.data) : document.data;
  await api.sendDocument(chatId, new InputFile(data, document.fileName), {
    ...(document.caption ? { caption: document.caption.slice(0, CAPTION_LIMIT) } : {}),
    ...(replyTo !== undefined
      ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } }
      : {}),
  });
}
