import { describe, expect, it } from "vitest";
import type { OutboundMessage } from "../../src/core/messages.ts";
import { paragraph, text } from "../../src/core/richtext.ts";
import { spellCommands } from "../../src/engine/command-spelling.ts";

const reply = (words: string, label = "/skip"): OutboundMessage => ({
  chatId: "c",
  kind: "notice",
  language: "en",
  blocks: [paragraph(text(words))],
  choices: [{ label, action: "a:skip" }],
});

describe("commands as a platform writes them", () => {
  it("writes every command a reply names with !, in its text and its choices", () => {
    const [spelled] = spellCommands(
      [reply("Send /unsubscribe to stop, or (/help). «/lang fa» works too.")],
      "!",
    );
    expect(spelled?.blocks).toEqual([
      paragraph(text("Send !unsubscribe to stop, or (!help). «!lang fa» works too.")),
    ]);
    expect(spelled?.choices[0]?.label).toBe("!skip");
  });

  it("leaves paths, unknown words and Telegram's replies alone", () => {
    const words = "See example.org/help, 24/7, and /quit or /etc/hosts.";
    expect(spellCommands([reply(words)], "!")[0]?.blocks).toEqual([paragraph(text(words))]);
    const telegram = [reply("Send /help")];
    expect(spellCommands(telegram, "/")).toBe(telegram);
  });
});
