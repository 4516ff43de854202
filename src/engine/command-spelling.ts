import type { OutboundMessage } from "../core/messages.ts";
import type { Block, Inline } from "../core/richtext.ts";
import { COMMANDS } from "./commands.ts";

/** How people type commands on a platform: `/help` on Telegram, `!help` on Matrix. */
export type CommandPrefix = "/" | "!";

/** Words the replies name as commands: the registry's, and a moderator draft's steps. */
const NAMES: ReadonlySet<string> = new Set([...COMMANDS.map((c) => c.name), "skip", "cancel"]);

/**
 * A command named in text, written with `/` (how the UI strings write them): at the start or
 * after a space or an opening bracket or quote, so a path in a link (`example.org/help`) is not.
 */
const WRITTEN_COMMAND = /(^|[\s(«"“'])\/([a-z][a-z0-9_]*)(?![a-z0-9_/])/g;

/**
 * The replies with every command they name written the way this platform's people type them.
 * The UI strings write `/help`; on Matrix that must read `!help`, because Element takes a
 * leading `/` as its own command and answers "Unknown command" without sending anything.
 */
export function spellCommands(
  replies: OutboundMessage[],
  prefix: CommandPrefix,
): OutboundMessage[] {
  if (prefix === "/") return replies;
  const spell = (text: string) =>
    text.replace(WRITTEN_COMMAND, (whole, before: string, name: string) =>
      NAMES.has(name) ? `${before}${prefix}${name}` : whole,
    );
  const inline = (part: Inline): Inline =>
    part.kind === "text"
      ? { ...part, text: spell(part.text) }
      : part.kind === "bold"
        ? { ...part, children: part.children.map(inline) }
        : part;
  const block = (b: Block): Block =>
    b.kind === "paragraph"
      ? { ...b, content: b.content.map(inline) }
      : { ...b, items: b.items.map((item) => item.map(inline)) };
  return replies.map((reply) => ({
    ...reply,
    blocks: reply.blocks.map(block),
    choices: reply.choices.map((choice) => ({ ...choice, label: spell(choice.label) })),
  }));
}
