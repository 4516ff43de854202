import type { OutboundMessage } from "../core/messages.ts";
import { toPlainText } from "../core/richtext.ts";

/** A reply as text for the terminal: the message, then its choices numbered (reply with the number). */
export function renderForTerminal(reply: OutboundMessage): string {
  const lines = [toPlainText(reply.blocks)];
  // A terminal cannot receive a file: say what it is and how to get it.
  if (reply.document)
    lines.push(
      `${reply.document.caption ?? reply.document.fileName}\n[${reply.document.fileName}: save it with \`panah export --out ${reply.document.fileName}\`]`,
    );
  if (reply.choices.length > 0) {
    lines.push("");
    reply.choices.forEach((choice, i) => {
      lines.push(`  ${i + 1}. ${choice.label}`);
    });
  }
  return lines.join("\n");
}
