import type { InlineKeyboardButton, InlineKeyboardMarkup, UserFromGetMe } from "grammy/types";
import type { OutboundMessage } from "../../src/index.ts";
import { inlineKeyboard } from "./keyboard.ts";
import { splitBlocks } from "./split.ts";

/** One Telegram message to send: HTML text and, on the last part of a reply, its buttons. */
export interface TelegramMessage {
  chatId: string;
  html: string;
  keyboard?: InlineKeyboardMarkup;
}

/** What a reply's buttons need to know of the bot: getMe's answer. */
export type BotProfile = Pick<UserFromGetMe, "username" | "supports_inline_queries">;

/**
 * A neutral reply as the Telegram messages that carry it: split to fit Telegram's limit,
 * with the choices as buttons under the last part, where the person finishes reading. An
 * answer gets a Share button when the bot has inline mode (without it, Telegram refuses the
 * button); a reply that sends the person to a direct chat gets a button opening one.
 */
export function toTelegramMessages(reply: OutboundMessage, bot?: BotProfile): TelegramMessage[] {
  const parts = splitBlocks(reply.blocks);
  const share = reply.share && bot?.supports_inline_queries ? reply.share : undefined;
  const keyboard = withDirectChatLink(
    withRow(
      inlineKeyboard(reply.choices),
      share && { text: share.label, switch_inline_query: share.query },
    ),
    reply.directChatLink,
    bot?.username,
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
  return withRow(keyboard, { text: label, url: `https://t.me/${botUsername}` });
}

/** The keyboard with one more button, on its own row at the bottom. */
function withRow(
  keyboard: InlineKeyboardMarkup | undefined,
  button: InlineKeyboardButton | undefined,
): InlineKeyboardMarkup | undefined {
  if (!button) return keyboard;
  return { inline_keyboard: [...(keyboard?.inline_keyboard ?? []), [button]] };
}
