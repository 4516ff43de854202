import type { Logger } from "pino";
import type { AlertDraft } from "../alerts/alert.ts";
import type { AlertDesk, ModerationSettings } from "../alerts/alert-desk.ts";
import type { Deliverer } from "../alerts/deliverer.ts";
import type { UserKey } from "../core/messages.ts";
import type { Platforms } from "../core/platform.ts";
import { chosenLanguage, replyLanguage } from "../engine/language.ts";
import type { KnowledgeBase } from "../knowledge/knowledge-base.ts";
import { parseMarkup } from "../knowledge/markup.ts";
import type { Store } from "../store/store.ts";

/** Who is told, and through what: the configured moderators, each in their direct chat. */
export interface ModeratorReach {
  desk: AlertDesk;
  moderators: ModerationSettings["moderators"];
  /** Moderators' direct chats where their id does not address one (`status.alerts.moderatorChats`). */
  moderatorChats: Record<string, string>;
  platforms: Platforms;
  /** The running platform's sender, if that platform runs here. */
  deliverer: (platform: string) => Deliverer | undefined;
  store: Pick<Store, "getLanguage">;
  kb: () => KnowledgeBase;
  logger: Logger;
}

/**
 * Offers every moderator Panah can reach the drafted status alert, in their direct chat and
 * language: a Telegram moderator's private chat has their user id; a Matrix moderator's room
 * must be configured. Returns how many were offered it. Nothing goes to subscribers here.
 */
export async function offerToModerators(draft: AlertDraft, reach: ModeratorReach): Promise<number> {
  const { desk, moderators, moderatorChats, platforms, deliverer, store, kb, logger } = reach;
  const targets: { moderator: UserKey; chatId: string }[] = Object.entries(moderators).flatMap(
    ([platform, ids]) =>
      ids.flatMap((id) => {
        const userId = String(id);
        const chatId =
          moderatorChats[userId] ?? (platforms.get(platform)?.directChatIsUserId ? userId : "");
        return chatId ? [{ moderator: { platform, userId }, chatId }] : [];
      }),
  );
  let offered = 0;
  for (const { moderator, chatId } of targets) {
    const sender = deliverer(moderator.platform);
    if (!sender) continue;
    const base = kb();
    const language = replyLanguage({ chosen: await chosenLanguage(store, moderator) });
    const strings = base.ui[language].live_status;
    const delivered = await desk.offer(
      draft,
      { moderator, chatId, language, kb: base },
      { intro: parseMarkup(strings.draft_intro), busy: parseMarkup(strings.draft_busy) },
      async (message) => {
        const failure = await sender.send(message).catch((error: Error) => ({ label: error.name }));
        if (failure)
          logger.warn(
            { platform: moderator.platform, reason: failure.label },
            "could not offer a moderator the live-status draft",
          );
        return !failure;
      },
    );
    if (delivered) offered++;
  }
  if (offered === 0)
    logger.warn(
      "no moderator could be offered the live-status draft: configure moderators (and status.alerts.moderatorChats where an id is not a chat), and run their platform",
    );
  return offered;
}
