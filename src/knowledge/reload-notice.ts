import type { OutboundMessage } from "../core/messages.ts";
import { paragraph, text } from "../core/richtext.ts";
import { formatProblem, type Problem } from "./problems.ts";

/** At most this many problems in one notice: a phone screen, not a log file. */
const MAX_LISTED = 10;

/**
 * The message maintainers' chats get when an edit to the knowledge base is refused: what is
 * wrong and where, and that Panah still answers with the last good version. In English: it
 * goes to the people who edit the YAML, and the problems themselves are in English.
 */
export function reloadRefusedNotice(chatId: string, problems: Problem[]): OutboundMessage {
  const listed = problems.slice(0, MAX_LISTED).map((p) => [text(formatProblem(p))]);
  const more = problems.length - listed.length;
  return {
    chatId,
    kind: "notice",
    language: "en",
    blocks: [
      paragraph(
        text(
          `Panah refused an edit to the knowledge base and still answers with the last good version. Fix ${problems.length === 1 ? "this" : "these"}, then save again:`,
        ),
      ),
      { kind: "list", ordered: false, items: listed },
      ...(more > 0
        ? [paragraph(text(`…and ${more} more: run npx panah validate to see them all.`))]
        : []),
    ],
    choices: [],
  };
}
