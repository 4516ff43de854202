import { describe, expect, it } from "vitest";
import { cluedLanguage, replyLanguage } from "../../src/engine/language.ts";

describe("the reply language", () => {
  it("follows the person's choice above everything else", () => {
    expect(replyLanguage({ chosen: "fa", written: "en", conversation: "en", hint: "en" })).toBe(
      "fa",
    );
  });

  it("follows what they wrote, then the conversation, then the platform's hint", () => {
    expect(replyLanguage({ written: "fa", conversation: "en", hint: "en" })).toBe("fa");
    expect(replyLanguage({ conversation: "fa", hint: "en-GB" })).toBe("fa");
    expect(replyLanguage({ hint: "fa-IR" })).toBe("fa");
  });

  it("answers in English when nothing says otherwise, and a hint it cannot speak is no clue", () => {
    expect(replyLanguage({ hint: "de" })).toBe("en");
    expect(cluedLanguage({ hint: "de" })).toBeUndefined();
  });
});
