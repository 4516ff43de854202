import type { Logger } from "pino";
import type { AlertDraft } from "../alerts/alert.ts";
import type { AlertDesk, ModerationSettings } from "../alerts/alert-desk.ts";
import type { Deliverer } from "../alerts/deliverer.ts";
import type { KnowledgeBase } from "../knowledge/knowledge-base.ts";
import { parseMarkup } from "../knowledge/markup.ts";
import type { Store, UserKey } from "../store/store.ts";

/** Who is told, and through what: the configured moderators, each in their direct chat. */
export interface ModeratorReach {
  desk: AlertDesk;
  moderators: ModerationSettings["moderators"];
  /** Matrix moderators' direct rooms (`status.alerts.matrixRooms`). */
  matrixRooms: Record<string, string>;
  /** The running platform's sender, if that platform runs here. */
  deliverer: (platform: "telegram" | "matrix") => Deliverer | undefined;
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
  const { desk, moderators, matrixRooms, deliverer, store, kb, logger } = reach;
  const targets: { moderator: UserKey; chatId: string }[] = [
    ...moderators.telegram.map((id) => ({
      moderator: { platform: "telegram" as const, userId: String(id) },
      chatId: String(id),
    })),
    ...moderators.matrix.flatMap((id) => {
      const room = matrixRooms[id];
      return room ? [{ moderator: { platform: "matrix" as const, userId: id }, chatId: room }] : [];
    }),
  ];
  let offered = 0;
  for (const { moderator, chatId } of targets) {
    const sender = deliverer(moderator.platform as "telegram" | "matrix");
    if (!sender) continue;
    const base = kb();
    const language = (await store.getLanguage(moderator).catch(() => undefined)) ?? "en";
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
      "no moderator could be offered the live-status draft: configure moderators (and status.alerts.matrixRooms for Matrix), and run their platform",
    );
  return offered;
}
