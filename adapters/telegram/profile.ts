import type { Api } from "grammy";
import type { Logger } from "pino";
import { type KnowledgeBase, LANGUAGES } from "../../src/index.ts";
import type { OptionalCalls } from "./optional-calls.ts";

/**
 * The bot's name and descriptions as Telegram shows them (the chat header, "What can this bot
 * do?" in an empty chat, the profile page), in English for everyone and in Persian for people
 * whose app is in Persian. Each is read first and set only when it differs: Telegram allows
 * few profile changes a day, and a restart should not spend them. A server without these
 * methods (an older self-hosted Bot API, the emulator) is skipped with one log line each.
 */
export async function setTelegramProfile(
  api: Api,
  optional: OptionalCalls,
  kb: KnowledgeBase,
  log: Logger,
): Promise<void> {
  const changed: string[] = [];
  for (const language of LANGUAGES) {
    const { name, description, short_description } = kb.ui[language].profile;
    // English is the default, for every app language Panah has no text for.
    const scope = language === "en" ? {} : { language_code: language };
    const fields: [string, string, () => Promise<string>, () => Promise<true>][] = [
      [
        "MyName",
        name,
        async () => (await api.getMyName(scope)).name,
        () => api.setMyName(name, scope),
      ],
      [
        "MyDescription",
        description,
        async () => (await api.getMyDescription(scope)).description,
        () => api.setMyDescription(description, scope),
      ],
      [
        "MyShortDescription",
        short_description,
        async () => (await api.getMyShortDescription(scope)).short_description,
        () => api.setMyShortDescription(short_description, scope),
      ],
    ];
    for (const [field, wanted, read, write] of fields) {
      if (optional.isUnsupported(`get${field}`) || optional.isUnsupported(`set${field}`)) continue;
      if ((await optional.run(`get${field}`, read)) === wanted) continue;
      if (await optional.run(`set${field}`, write)) changed.push(`${field}:${language}`);
    }
  }
  if (changed.length > 0) log.info({ changed }, "Telegram profile updated");
}
