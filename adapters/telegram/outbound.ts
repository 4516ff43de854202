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
 * with the choices as buttons under the last part, where the person finishes reading. A
 * reply that sends the person to a direct chat gets a button opening one with `botUsername`.
 */
export function toTelegramMessages(
  reply: OutboundMessage,
  botUsername?: string,
): TelegramMessage[] {
  const parts = splitBlocks(reply.blocks);
  const keyboard = withDirectChatLink(
    inlineKeyboard(reply.choices),
    reply.directChatLink,
    botUsername,
  );
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

function withDirectChatLink(
  keyboard: InlineKeyboardMarkup | undefined,
  label: string | undefined,
  botUsername: string | undefined,
): InlineKeyboardMarkup | undefined {
  if (!label || !botUsername) return keyboard;
  const link = [{ text: label, url: `https://t.me/${botUsername}` }];
  return { inline_keyboard: [...(keyboard?.inline_keyboard ?? []), link] };
}
