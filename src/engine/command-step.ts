import { encodeAction } from "../core/actions.ts";
import type { OutboundMessage } from "../core/messages.ts";
import { findCommand, suggestCommand } from "./commands.ts";
import { parseCommand } from "./parse-command.ts";
import type { Replies } from "./replies.ts";
import { repliesFor, type Step, type Turn, turnLanguage } from "./turn.ts";

/** The pipeline's command step: a typed `/name args` or `!name args`. */
export const commandStep: Step = async (turn) => {
  const command = parseCommand(turn.message.text);
  return command && runCommand(turn, command.name, command.args);
};

/**
 * Runs a command by name, typed or standing behind a button: a moderator's draft step first
 * (`skip`, `cancel`), then the registry, whose scope decides where the command may run.
 */
export async function runCommand(
  turn: Turn,
  name: string,
  args: string,
): Promise<OutboundMessage[]> {
  const { message, kb, parts } = turn;
  const prefix = message.commandPrefix ?? "/";
  const language = await turnLanguage(turn);
  if ((name === "skip" || name === "cancel") && parts.alerts) {
    const step = await parts.alerts.draftStep(name, { message, kb, language });
    if (step) return step;
  }
  const replies = await repliesFor(turn, language);
  const command = findCommand(name, parts);
  if (!command) {
    // The unknown command as typed; what it may have meant as this platform writes commands.
    const typed = message.text.trim().startsWith("!") ? "!" : "/";
    return [unknownCommand(replies, `${typed}${name}`, prefix)];
  }
  // A group should not learn what is stored about someone, and alerts belong in a private chat.
  if (command.scope === "direct" && !message.isDirect)
    return [replies.directOnly(`${prefix}${name}`)];
  return command.run(turn, { args, language, replies });
}

/**
 * A command Panah does not know: what it may have meant, as a choice to pick, never run from
 * the typo itself (`/forgot` must not delete anything, `/unsubscrbe` unsubscribe no one).
 */
function unknownCommand(replies: Replies, typed: string, prefix: string): OutboundMessage {
  const suggestion = suggestCommand(typed.slice(1));
  if (!suggestion) return replies.notice("unknown_command", { command: typed });
  const values = { command: typed, suggestion: `${prefix}${suggestion}` };
  const choice = {
    label: `${prefix}${suggestion}`,
    action: encodeAction({ kind: "command", command: suggestion }),
  };
  // A "did you mean": a yes picks it (see smalltalk.ts), as after a suggested topic.
  return { ...replies.notice("unknown_command_suggest", values, [choice]), kind: "suggest" };
}
