import type { AlertDesk } from "../alerts/alert-desk.ts";
import type { Clock } from "../core/clock.ts";
import type { InboundMessage, OutboundMessage, UserKey } from "../core/messages.ts";
import type { KnowledgeBase } from "../knowledge/knowledge-base.ts";
import type { Router } from "../router/router.ts";
import type { Store } from "../store/store.ts";
import type { Language } from "../text/language.ts";
import { chosenLanguage, type LanguageClues, replyLanguage } from "./language.ts";
import type { OfferedChoices } from "./offered-choices.ts";
import { Replies } from "./replies.ts";
import type { UnansweredRecorder } from "./unanswered.ts";

/** What the engine's steps share: the parts of Panah a reply may need. */
export interface EngineParts {
  store: Store;
  clock: Clock;
  offered: OfferedChoices;
  /** Alerts: moderators' commands and drafts, `/alerts`, the latest status. */
  alerts?: AlertDesk;
  /** Keeps questions that fell back, when the operator turned it on. */
  unanswered?: UnansweredRecorder;
}

/** One message being answered: who sent it, and the knowledge current when it arrived. */
export interface Turn {
  message: InboundMessage;
  user: UserKey;
  kb: KnowledgeBase;
  router: Router;
  parts: EngineParts;
}

/**
 * One step of the engine's pipeline: the replies when the step answers this message,
 * undefined to hand it to the next step (grammY's `(ctx, next)`, as plain functions).
 */
export type Step = (turn: Turn) => Promise<OutboundMessage[] | undefined>;

/** A chat as the offered choices know it: chat ids are only unique within a platform. */
export const chatKey = (message: InboundMessage) => `${message.platform}\u0000${message.chatId}`;

/**
 * The reply language for anything but a question (a command, a button, a number, a notice):
 * see {@link replyLanguage}. A command's or a button's own letters say nothing about the
 * person's language, so only other text counts as `written`.
 */
export async function turnLanguage(turn: Turn, written?: Language): Promise<Language> {
  return replyLanguage({ ...(await languageClues(turn)), written });
}

/** Everything but the message's own words that says which language to answer this turn in. */
export async function languageClues(turn: Turn): Promise<Omit<LanguageClues, "written">> {
  const { message, parts } = turn;
  return {
    chosen: await chosenLanguage(parts.store, turn.user),
    conversation: parts.offered.language(chatKey(message)),
    hint: message.languageHint,
  };
}

/** The replies for this turn, in its language. */
export async function repliesFor(turn: Turn, language?: Language): Promise<Replies> {
  return new Replies(turn.kb, language ?? (await turnLanguage(turn)), turn.message.chatId);
}
