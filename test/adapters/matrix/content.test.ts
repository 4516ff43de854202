import { describe, expect, it } from "vitest";
import { noticeContent, undecryptableContent } from "../../../adapters/matrix/content.ts";

const UI = {
  en: { undecryptable: "I couldn't decrypt your message. Please send it again." },
  fa: { undecryptable: "نتوانستم پیام رمزنگاری‌شده‌تان را باز کنم. لطفاً دوباره بفرستید." },
};

import type { OutboundMessage } from "../../../src/index.ts";

const reply: OutboundMessage = {
  chatId: "!room:example.org",
  kind: "answer",
  language: "en",
  blocks: [{ kind: "paragraph", content: [{ kind: "text", text: "Signal is safe." }] }],
  choices: [
    { label: "Is Bale safe?", action: "t:bale" },
    { label: "Talk to a person", action: "t:get-help" },
  ],
};

describe("Matrix reply content", () => {
  it("is an m.notice with plain body and HTML, replying to the question", () => {
    const content = noticeContent({ ...reply, choices: [] }, "Reply with a number to choose.", {
      eventId: "$q",
    });
    expect(content).toEqual({
      msgtype: "m.notice",
      body: "Signal is safe.",
      format: "org.matrix.custom.html",
      formatted_body: "<p>Signal is safe.</p>",
      "m.relates_to": { "m.in_reply_to": { event_id: "$q" } },
      "m.mentions": {},
    });
  });

  it("lists choices numbered, then says to reply with a number", () => {
    const content = noticeContent(reply, "Reply with a number to choose.", { eventId: "$q" });
    expect(content.body).toBe(
      "Signal is safe.\n\n1. Is Bale safe?\n2. Talk to a person\n\nReply with a number to choose.",
    );
    expect(content.formatted_body).toBe(
      "<p>Signal is safe.</p><ol><li>Is Bale safe?</li><li>Talk to a person</li></ol><p>Reply with a number to choose.</p>",
    );
  });

  it("mentions the asker in rooms and stays in the question's thread", () => {
    const content = noticeContent(reply, "hint", {
      eventId: "$q",
      mention: "@alice:example.org",
      threadRootId: "$root",
    });
    expect(content["m.mentions"]).toEqual({ user_ids: ["@alice:example.org"] });
    expect(content["m.relates_to"]).toEqual({
      rel_type: "m.thread",
      event_id: "$root",
      is_falling_back: false,
      "m.in_reply_to": { event_id: "$q" },
    });
  });

  it("says it could not decrypt, in the person's language, or in both when unknown", () => {
    expect(undecryptableContent("en", { eventId: "$q" }, UI).body).toBe(
      "I couldn't decrypt your message. Please send it again.",
    );
    expect(undecryptableContent("fa", { eventId: "$q" }, UI).body).toMatch(/^نتوانستم/);
    expect(undecryptableContent(undefined, { eventId: "$q" }, UI).body.split("\n\n")).toHaveLength(
      2,
    );
  });
});
