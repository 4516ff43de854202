import type { OutboundMessage } from "../core/messages.ts";
import { findCommand, suggestCommand } from "./commands.ts";
import { parseCommand } from "./parse-command.ts";
import type { Replies } from "./replies.ts";
import { repliesFor, type Step, type Turn, turnLanguage } from "./turn.ts";

/** The pipeline's command step: a typed `/name args` or `!name args`. */
export const commandStep: Step = async (turn) => {
  const command = parseCommand(turn.message.text);
  return command && runCommand(turn, command.name, command.args, command.prefix);
};

/**
 * Runs a command by name, typed or standing behind a button: a moderator's draft step first
 * (`skip`, `cancel`), then the registry, whose scope decides where the command may run.
 * `prefix` is how the person typed it, so replies name commands the way they do.
 */
export async function runCommand(
  turn: Turn,
  name: string,
  args: string,
  prefix: "/" | "!" = "/",
): Promise<OutboundMessage[]> {
  const { message, kb, parts } = turn;
  const language = await turnLanguage(turn);
  if ((name === "skip" || name === "cancel") && parts.alerts) {
    const step = await parts.alerts.draftStep(name, { message, kb, language });
    if (step) return step;
  }
  const replies = await repliesFor(turn, language);
  const command = findCommand(name, parts);
  if (!command) return [unknownCommand(replies, name, prefix)];
  // A group should not learn what is stored about someone, and alerts belong in a private chat.
  if (command.scope === "direct" && !message.isDirect)
    return [replies.directOnly(`${prefix}${name}`)];
  return command.run(turn, { args, language, replies });
}

function unknownCommand(replies: Replies, name: string, prefix: string): OutboundMessage {
  const suggestion = suggestCommand(name);
  return suggestion
    ? replies.notice("unknown_command_suggest", {
        command: `${prefix}${name}`,
        suggestion: `${prefix}${suggestion}`,
      })
    : replies.notice("unknown_command", { command: `${prefix}${name}` });
}
