import { describe, expect, it } from "vitest";
import { inlineKeyboard } from "../../../adapters/telegram/keyboard.ts";
import { toTelegramMessages } from "../../../adapters/telegram/outbound.ts";

describe("choices as an inline keyboard", () => {
  it("puts one button per row, with the choice's action as callback data", () => {
    expect(
      inlineKeyboard([
        { label: "سیگنال", action: "t:signal" },
        { label: "Bale", action: "t:bale" },
      ]),
    ).toEqual({
      inline_keyboard: [
        [{ text: "سیگنال", callback_data: "t:signal" }],
        [{ text: "Bale", callback_data: "t:bale" }],
      ],
    });
  });

  it("leaves out a choice whose callback data Telegram would refuse (over 64 bytes)", () => {
    const keyboard = inlineKeyboard([
      { label: "ok", action: "t:ok" },
      { label: "too long", action: `t:${"ب".repeat(32)}` },
    ]);
    expect(keyboard?.inline_keyboard).toEqual([[{ text: "ok", callback_data: "t:ok" }]]);
  });

  it("has no keyboard without choices", () => {
    expect(inlineKeyboard([])).toBeUndefined();
  });

  it("gives buttons a message to sit under even when a reply has no text", () => {
    const [message] = toTelegramMessages({
      chatId: "1",
      kind: "command",
      language: "en",
      blocks: [],
      choices: [{ label: "a", action: "t:a" }],
    });
    expect(message?.html).toBe("…");
    expect(message?.keyboard?.inline_keyboard).toHaveLength(1);
  });
});
