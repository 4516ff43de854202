import { describe, expect, it } from "vitest";
import { normalize } from "../../src/text/normalize.ts";

describe("normalize", () => {
  it("applies NFKC, so Arabic presentation forms and full-width Latin match plain letters", () => {
    expect(normalize("\uFEFB")).toBe("لا"); // ﻻ ligature
    expect(normalize("ＶＰＮ")).toBe("vpn");
  });

  it("folds case", () => {
    expect(normalize("Is BALE Safe")).toBe("is bale safe");
  });

  it("removes bidi controls and other invisible marks", () => {
    const marks =
      "\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200B\uFEFF\u00AD";
    expect(normalize(`sig${marks}nal`)).toBe("signal");
  });

  it("removes tatweel and Arabic diacritics", () => {
    expect(normalize("ســـلام")).toBe("سلام");
    expect(normalize("رَمزِ")).toBe("رمز");
    expect(normalize("امنیّت")).toBe("امنیت");
  });

  it("folds Arabic yeh and kaf to the Persian letters", () => {
    expect(normalize("يک كتاب")).toBe(normalize("یک کتاب"));
    expect(normalize("يک")).toBe("یک");
    expect(normalize("ى")).toBe("ی");
  });

  it("folds teh marbuta, heh with yeh, and alef and waw with hamza", () => {
    expect(normalize("ة")).toBe("ه");
    expect(normalize("ۀ")).toBe("ه");
    expect(normalize("أمن إيران آب")).toBe("امن ایران اب");
    expect(normalize("مؤسسه")).toBe("موسسه");
    expect(normalize("ئ")).toBe("ی");
  });

  it("turns Persian and Arabic-Indic digits into ASCII digits", () => {
    expect(normalize("۱۴۰۳")).toBe("1403");
    expect(normalize("٢٠٢٥")).toBe("2025");
  });

  it("strips Latin diacritics", () => {
    expect(normalize("Café résumé")).toBe("cafe resume");
  });

  it("turns punctuation, including the Persian question mark, comma and semicolon, into spaces", () => {
    expect(normalize("بله، امن است؟")).toBe("بله امن است");
    expect(normalize("الف؛ب")).toBe("الف ب");
    expect(normalize("«سیگنال»")).toBe("سیگنال");
    expect(normalize("what's up? (really!)")).toBe("whats up really");
  });

  it("treats ZWNJ like a space and rejoins detached affixes, so all three spellings meet", () => {
    const withZwnj = normalize("می\u200Cخواهم");
    expect(withZwnj).toBe(normalize("میخواهم"));
    expect(withZwnj).toBe(normalize("می خواهم"));
    expect(normalize("پیام\u200Cها")).toBe(normalize("پیام ها"));
    expect(normalize("پیام\u200Cها")).toBe(normalize("پیامها"));
    expect(normalize("نمی\u200Cدانم")).toBe(normalize("نمیدانم"));
  });

  it("squeezes letters repeated three or more times, as in chat", () => {
    expect(normalize("pleeeease")).toBe("please");
    expect(normalize("مرسیییی")).toBe("مرسی");
    expect(normalize("too")).toBe("too");
  });

  it("collapses whitespace and returns an empty key for emoji or punctuation only", () => {
    expect(normalize("  is   bale\n\tsafe  ")).toBe("is bale safe");
    expect(normalize("🙂🙏 ?!")).toBe("");
    expect(normalize("")).toBe("");
  });

  it("gives knowledge text and a messy query the same key", () => {
    expect(normalize("پيام‌رسان بله امن است؟")).toBe(normalize("پیام رسان بله امن است"));
  });
});
