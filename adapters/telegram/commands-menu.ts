import type { Api } from "grammy";
import type { BotCommand, BotCommandScope } from "grammy/types";
import {
  commandNamed,
  type KnowledgeBase,
  type Language,
  type MenuChat,
  menuFor,
} from "../../src/index.ts";
import type { OptionalCalls } from "./optional-calls.ts";

const namesIn = (chat: MenuChat) => menuFor(chat).map((command) => command.name);

/** The commands shown in private chats, in menu order (the core's registry decides which). */
export const PRIVATE_MENU = namesIn("direct");

/** What moderators see in their own private chat with the bot: everything, plus alerts. */
export const MODERATOR_MENU = namesIn("moderator");

/** The commands shown in groups: none that reveal or change anything about a person. */
export const GROUP_MENU = namesIn("group");

/**
 * A command menu in one language, described by the knowledge base's UI strings. Command
 * names stay ASCII (Telegram allows nothing else).
 */
export function commandMenu(
  names: readonly string[],
  language: Language,
  kb: KnowledgeBase,
): BotCommand[] {
  const descriptions = kb.ui[language].commands;
  return names.map((command) => {
    const describe = commandNamed(command)?.describe;
    return { command, description: describe ? descriptions[describe] : command };
  });
}

/**
 * Registers the command menus: English as the fallback for every app language, Persian for
 * Persian apps, and a shorter list in groups. Each call is optional: a server without
 * setMyCommands, or a failed call, leaves the bot answering as before.
 */
export async function registerCommandMenus(
  api: Api,
  optional: OptionalCalls,
  kb: KnowledgeBase,
  /** Moderators' Telegram user ids: their private chats (same id) also list the alert commands. */
  moderators: readonly number[] = [],
): Promise<void> {
  const menus: { names: readonly string[]; scope?: BotCommandScope }[] = [
    { names: PRIVATE_MENU },
    { names: GROUP_MENU, scope: { type: "all_group_chats" } },
    ...moderators.map((id) => ({
      names: MODERATOR_MENU,
      scope: { type: "chat" as const, chat_id: id },
    })),
  ];
  for (const { names, scope } of menus) {
    for (const language of ["en", "fa"] as const) {
      await optional.run("setMyCommands", () =>
        api.setMyCommands(commandMenu(names, language, kb), {
          ...(scope ? { scope } : {}),
          ...(language === "en" ? {} : { language_code: language }),
        }),
      );
    }
  }
}
