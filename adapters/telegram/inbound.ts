import type { Context } from "grammy";
import type { Message, UserFromGetMe } from "grammy/types";
import type { InboundMessage } from "../../src/index.ts";

/**
 * A Telegram message as the core's neutral message, or undefined when it is not for the bot:
 * in groups the bot answers only commands meant for it, messages that mention it, and
 * replies to its own messages (the mention itself is removed from the question).
 */
export function messageToInbound(ctx: Context): InboundMessage | undefined {
  const { message, chat, from } = ctx;
  if (!message || !chat || !from || from.is_bot) return undefined;
  const isDirect = chat.type === "private";
  if (!isDirect && chat.type !== "group" && chat.type !== "supergroup") return undefined;
  const typed = message.text ?? message.caption ?? "";
  const text = isDirect ? typed : addressedText(message, typed, ctx.me);
  if (text === undefined) return undefined;
  return {
    platform: "telegram",
    userId: String(from.id),
    chatId: String(chat.id),
    isDirect,
    text,
    ...(from.language_code ? { languageHint: from.language_code } : {}),
    raw: ctx.update,
  };
}

/** A pressed inline button as a neutral message whose `action` is the button's callback data. */
export function callbackToInbound(ctx: Context): InboundMessage | undefined {
  const query = ctx.callbackQuery;
  if (!query?.data) return undefined;
  const chat = query.message?.chat;
  return {
    platform: "telegram",
    userId: String(query.from.id),
    chatId: String(chat?.id ?? query.from.id),
    isDirect: chat ? chat.type === "private" : true,
    text: "",
    action: query.data,
    ...(query.from.language_code ? { languageHint: query.from.language_code } : {}),
    raw: ctx.update,
  };
}

/** In a group, the text addressed to the bot, or undefined when the message is not for it. */
export function addressedText(
  message: Message,
  text: string,
  me: UserFromGetMe,
): string | undefined {
  const username = me.username.toLowerCase();
  const command = message.entities?.find((e) => e.type === "bot_command" && e.offset === 0);
  if (command) {
    const target = text.slice(0, command.length).split("@")[1];
    return target === undefined || target.toLowerCase() === username ? text : undefined;
  }
  const mention = new RegExp(`(^|\\s)@${username}(?![A-Za-z0-9_])`, "i");
  if (mention.test(text)) return text.replace(mention, "$1").trim();
  if (message.reply_to_message?.from?.id === me.id) return text;
  return undefined;
}
