import type { Api } from "grammy";
import type { BotCommand, BotCommandScope } from "grammy/types";
import { COMMANDS, type KnowledgeBase, type Language } from "../../src/index.ts";
import type { OptionalCalls } from "./optional-calls.ts";
import { telegramStrings } from "./strings.ts";

/** The commands shown in private chats, in menu order: every command the core knows. */
export const PRIVATE_MENU = COMMANDS;

/** Commands that touch a person's own data or alerts: only answered in a private chat. */
export const PRIVATE_ONLY_COMMANDS: ReadonlySet<string> = new Set([
  "forget",
  "subscribe",
  "unsubscribe",
]);

/** What moderators see in their own private chat with the bot: everything, plus alerts. */
export const MODERATOR_MENU = [...PRIVATE_MENU, "alert", "approve", "reject"] as const;

/** The commands shown in groups: none that reveal or change anything about a person. */
export const GROUP_MENU = PRIVATE_MENU.filter(
  (name) => !PRIVATE_ONLY_COMMANDS.has(name) && name !== "lang",
);

/** A command menu in one language. Command names stay ASCII (Telegram allows nothing else). */
export function commandMenu(
  names: readonly string[],
  language: Language,
  kb: KnowledgeBase,
): BotCommand[] {
  const descriptions = telegramStrings(kb, language).commands;
  return names.map((command) => ({ command, description: descriptions[command] ?? command }));
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
