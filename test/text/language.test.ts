import { describe, expect, it } from "vitest";
import { detectScriptLanguage, languageFromTag } from "../../src/text/language.ts";

describe("detectScriptLanguage", () => {
  it("reads Persian letters as Persian and Latin as English", () => {
    expect(detectScriptLanguage("بله امن است؟")).toBe("fa");
    expect(detectScriptLanguage("Is Bale safe?")).toBe("en");
  });

  it("goes with the script most of the letters are in", () => {
    expect(detectScriptLanguage("is بله safe for talking to my family")).toBe("en");
    expect(detectScriptLanguage("آیا Bale امن است برای خانواده")).toBe("fa");
  });

  it("has no opinion on a message without letters", () => {
    expect(detectScriptLanguage("🙂 123 ?")).toBeUndefined();
  });
});

describe("languageFromTag", () => {
  it("maps platform language tags to the languages Panah speaks", () => {
    expect(languageFromTag("fa")).toBe("fa");
    expect(languageFromTag("fa-IR")).toBe("fa");
    expect(languageFromTag("en-GB")).toBe("en");
    expect(languageFromTag("de")).toBeUndefined();
    expect(languageFromTag(undefined)).toBeUndefined();
  });
});
