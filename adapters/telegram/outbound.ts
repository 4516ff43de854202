import type { InlineKeyboardMarkup } from "grammy/types";
import type { OutboundMessage } from "../../src/index.ts";
import { inlineKeyboard } from "./keyboard.ts";
import { splitBlocks } from "./split.ts";

/** One Telegram message to send: HTML text and, on the last part of a reply, its buttons. */
export interface TelegramMessage {
  chatId: string;
  html: string;
  keyboard?: InlineKeyboardMarkup;
}

/**
 * A neutral reply as the Telegram messages that carry it: split to fit Telegram's limit,
 * with the choices as buttons under the last part, where the person finishes reading.
 */
export function toTelegramMessages(reply: OutboundMessage): TelegramMessage[] {
  const parts = splitBlocks(reply.blocks);
  const keyboard = inlineKeyboard(reply.choices);
  // Buttons need a message to sit under; Telegram refuses empty text.
  if (parts.length === 0 && keyboard) parts.push("…");
  const chatId = reply.chatId;
  return parts.map((html, i) =>
    i === parts.length - 1 && keyboard ? { chatId, html, keyboard } : { chatId, html },
  );
}

/** The options every reply is sent with: HTML parse mode and no link previews. */
export function sendOptions(message: TelegramMessage) {
  return {
    parse_mode: "HTML" as const,
    link_preview_options: { is_disabled: true },
    ...(message.keyboard ? { reply_markup: message.keyboard } : {}),
  };
}
