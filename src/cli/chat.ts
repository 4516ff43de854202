import { createInterface } from "node:readline";
import type { Panah } from "../app.ts";
import type { InboundMessage } from "../core/messages.ts";
import type { CliContext } from "./context.ts";
import { renderForTerminal } from "./render.ts";

/**
 * The terminal chat: type a question, read the answer; numbers pick the listed choices.
 * Ends on `/quit`, Ctrl-D or Ctrl-C.
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
    for (const reply of await panah.engine.handle(message))
      cli.stdout.write(`\n${renderForTerminal(reply)}\n\n`);
  };
  const lines = createInterface({
    input: cli.stdin,
    output: cli.stdout,
    terminal: Boolean((cli.stdin as { isTTY?: boolean }).isTTY),
  });
  await send("/start");
  cli.stdout.write("(Type a question, a number to pick, /help, or /quit to leave.)\n");
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
