import type { KnowledgeBase, Language } from "../../src/index.ts";

/**
 * The strings only the Telegram adapter shows (command-menu descriptions, the note that sends
 * private commands out of groups), read from the knowledge base's interface strings so
 * maintainers translate them with everything else.
 */
export function telegramStrings(kb: KnowledgeBase, language: Language) {
  const ui = kb.ui[language];
  return {
    commands: ui.commands as Record<string, string>,
    privateOnly: ui.private_only,
    openPrivateChat: ui.open_private_chat,
  };
}
