import {
  type InboundMessage,
  type KnowledgeBase,
  type Language,
  languageFromTag,
  parseCommand,
  type Store,
} from "../../src/index.ts";
import { PRIVATE_ONLY_COMMANDS } from "./commands-menu.ts";
import { escapeHtml } from "./html.ts";
import type { TelegramMessage } from "./outbound.ts";
import { telegramStrings } from "./strings.ts";

/**
 * In a group, a command about the person's own data (forget, subscribe, unsubscribe) gets a
 * pointer to a private chat instead of an answer: the group should not learn what is stored
 * about someone, and alerts belong in a private chat. Undefined when the message may be
 * answered where it was sent.
 */
export async function privateOnlyNotice(
  inbound: InboundMessage,
  store: Store,
  botUsername: string,
  kb: KnowledgeBase,
): Promise<TelegramMessage | undefined> {
  if (inbound.isDirect) return undefined;
  const command = inbound.action?.startsWith("c:")
    ? inbound.action.slice(2)
    : parseCommand(inbound.text)?.name;
  if (!command || !PRIVATE_ONLY_COMMANDS.has(command)) return undefined;
  const strings = telegramStrings(kb, await languageOf(inbound, store));
  return {
    chatId: inbound.chatId,
    html: escapeHtml(strings.privateOnly.replace("{command}", `/${command}`)),
    keyboard: {
      inline_keyboard: [[{ text: strings.openPrivateChat, url: `https://t.me/${botUsername}` }]],
    },
  };
}

/** The person's chosen language, else their Telegram app's, else English. */
async function languageOf(inbound: InboundMessage, store: Store): Promise<Language> {
  const chosen = await store
    .getLanguage({ platform: "telegram", userId: inbound.userId })
    .catch(() => undefined);
  return chosen ?? languageFromTag(inbound.languageHint) ?? "en";
}
