import type { OutboundMessage } from "../core/messages.ts";
import { toPlainText } from "../core/richtext.ts";
import { wrapText } from "./wrap.ts";

export interface TerminalOptions {
  /** Wrap lines to this many columns (see `terminalWidth`); unwrapped without it. */
  width?: number;
  /** What became of the reply's file, when the caller saved it (the terminal chat does). */
  documentNote?: string;
}

/** A reply as text for the terminal: the message, then its choices numbered (reply with the number). */
export function renderForTerminal(reply: OutboundMessage, options: TerminalOptions = {}): string {
  const lines = [toPlainText(reply.blocks)];
  // A terminal cannot receive a file: say where it was saved, or how to get it.
  if (reply.document)
    lines.push(
      options.documentNote ??
        `${reply.document.caption ?? reply.document.fileName}\n[${reply.document.fileName}: save it with \`panah export --out ${reply.document.fileName}\`]`,
    );
  if (reply.choices.length > 0) {
    lines.push("");
    reply.choices.forEach((choice, i) => {
      lines.push(`  ${i + 1}. ${choice.label}`);
    });
  }
  const text = lines.join("\n");
  return options.width === undefined ? text : wrapText(text, options.width);
}
