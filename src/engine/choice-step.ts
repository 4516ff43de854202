import { type Action, decodeAction } from "../core/actions.ts";
import type { InboundMessage, OutboundMessage } from "../core/messages.ts";
import { paragraph, text } from "../core/richtext.ts";
import { CATEGORIES, type Category } from "../knowledge/schema.ts";
import { isLanguage } from "../text/language.ts";
import { normalize } from "../text/normalize.ts";
import { runCommand } from "./command-step.ts";
import { findCommand } from "./commands.ts";
import { confirmForget } from "./forget.ts";
import type { OfferedChoices } from "./offered-choices.ts";
import { chatKey, repliesFor, type Step, type Turn, turnLanguage } from "./turn.ts";

/** The pipeline's choice step: a pressed button, or a number picking an offered choice. */
export const choiceStep: Step = async (turn) => {
  const data = chosenData(turn.parts.offered, turn.message);
  return data === undefined ? undefined : actOn(turn, data);
};

/** What a choice's action does. Data that decodes to nothing (forged, old) gets the menu. */
export function actOn(turn: Turn, data: string): Promise<OutboundMessage[]> {
  return act(turn, decodeAction(data));
}

/**
 * The action data a message chooses: a button's, or that of the offered choice its number
 * picks (a reply of just a number, while choices are pending).
 */
export function chosenData(offered: OfferedChoices, message: InboundMessage): string | undefined {
  if (message.action !== undefined) return message.action;
  // Only a short message can be a number; normalizing a long one here would be wasted work.
  if (message.text.length > 8) return undefined;
  const key = normalize(message.text);
  if (!/^\d{1,2}$/.test(key)) return undefined;
  return offered.pick(chatKey(message), Number(key))?.action;
}

async function act(turn: Turn, action: Action | undefined): Promise<OutboundMessage[]> {
  const { message, kb, parts } = turn;
  switch (action?.kind) {
    case "command":
      if (findCommand(action.command, parts)) return runCommand(turn, action.command, "");
      break;
    case "language":
      if (isLanguage(action.language)) return runCommand(turn, "lang", action.language);
      break;
    case "forget":
      return confirmForget(turn, action.confirmed);
    case "alert":
      if (parts.alerts)
        return parts.alerts.action(action, { message, kb, language: await turnLanguage(turn) });
      break;
    case "topic":
    case "sources": {
      const topic = kb.topics.get(action.topic);
      if (!topic) break;
      const replies = await repliesFor(turn);
      return [action.kind === "topic" ? replies.answer(topic) : replies.sourceList(topic)];
    }
    case "category": {
      if (!(CATEGORIES as readonly string[]).includes(action.category)) break;
      const category = action.category as Category;
      const replies = await repliesFor(turn);
      const title = replies.strings.categories[category];
      return [replies.message("command", [paragraph(text(title))], replies.topicsIn(category))];
    }
  }
  // A stale button (a topic removed since, say): show the menu rather than nothing.
  return runCommand(turn, "topics", "");
}
