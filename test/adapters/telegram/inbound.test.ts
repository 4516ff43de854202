import type { Message } from "grammy/types";
import { describe, expect, it } from "vitest";
import { addressedText } from "../../../adapters/telegram/inbound.ts";
import { TEST_BOT_INFO } from "./support/harness.ts";

const groupMessage = (text: string, extra: Partial<Message> = {}) =>
  ({
    message_id: 1,
    date: 0,
    chat: { id: -1, type: "supergroup", title: "g" },
    text,
    ...extra,
  }) as Message;
const command = (text: string, length: number) =>
  groupMessage(text, { entities: [{ type: "bot_command", offset: 0, length }] });

describe("which group messages are for the bot", () => {
  it("takes commands with no bot name or with this bot's name", () => {
    expect(addressedText(command("/help", 5), "/help", TEST_BOT_INFO)).toBe("/help");
    expect(
      addressedText(command("/help@testnamebot x", 17), "/help@testnamebot x", TEST_BOT_INFO),
    ).toBe("/help@testnamebot x");
  });

  it("ignores commands meant for another bot", () => {
    expect(
      addressedText(command("/help@OtherBot", 14), "/help@OtherBot", TEST_BOT_INFO),
    ).toBeUndefined();
  });

  it("takes a mention of the bot, without the mention", () => {
    expect(addressedText(groupMessage(""), "is bale safe @TestNameBot", TEST_BOT_INFO)).toBe(
      "is bale safe",
    );
  });

  it("does not mistake a longer username for the bot's", () => {
    expect(addressedText(groupMessage(""), "@TestNameBot2 hi", TEST_BOT_INFO)).toBeUndefined();
  });

  it("takes replies to the bot's messages and ignores other chatter", () => {
    const reply = groupMessage("", {
      reply_to_message: {
        message_id: 2,
        date: 0,
        chat: { id: -1, type: "supergroup", title: "g" },
        from: { id: TEST_BOT_INFO.id, is_bot: true, first_name: "b" },
      } as Message["reply_to_message"],
    });
    expect(addressedText(reply, "and signal?", TEST_BOT_INFO)).toBe("and signal?");
    expect(addressedText(groupMessage(""), "is bale safe?", TEST_BOT_INFO)).toBeUndefined();
  });
});
