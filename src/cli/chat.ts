import { createInterface } from "node:readline";
import type { Panah } from "../app.ts";
import type { InboundMessage } from "../core/messages.ts";
import type { CliContext } from "./context.ts";
import { renderForTerminal } from "./render.ts";
import { saveDocument } from "./save-guide.ts";
import { terminalWidth, wrapText } from "./wrap.ts";

/**
 * The terminal chat: type a question, read the answer; numbers pick the listed choices.
 * Replies are wrapped to the terminal's width; a file the bot would send (the offline guide)
 * is saved in the current directory instead. Ends on `/quit`, Ctrl-D or Ctrl-C.
 */
export async function chat(cli: CliContext, panah: Panah): Promise<number> {
  const send = async (text: string) => {
    const message: InboundMessage = {
      platform: "console",
      userId: "terminal",
      chatId: "terminal",
      isDirect: true,
      text,
    };
    for (const reply of await panah.engine.handle(message)) {
      const documentNote = reply.document
        ? await saveDocument(reply.document, panah.knowledge().kb.ui[reply.language])
        : undefined;
      // Read for every reply: the window may have been resized since the last one.
      const width = terminalWidth(cli.stdout, cli.env);
      cli.stdout.write(`\n${renderForTerminal(reply, { width, documentNote })}\n\n`);
    }
  };
  const lines = createInterface({
    input: cli.stdin,
    output: cli.stdout,
    terminal: Boolean((cli.stdin as { isTTY?: boolean }).isTTY),
  });
  await send("/start");
  const hint = "(Type a question, a number to pick, /help, or /quit to leave.)";
  const width = terminalWidth(cli.stdout, cli.env);
  cli.stdout.write(`${width === undefined ? hint : wrapText(hint, width)}\n`);
  lines.setPrompt("> ");
  lines.prompt();
  for await (const line of lines) {
    const text = line.trim();
    if (text === "/quit" || text === "/exit") break;
    if (text !== "") await send(text);
    lines.prompt();
  }
  lines.close();
  return 0;
}
