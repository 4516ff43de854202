import { describe, expect, it } from "vitest";
import { persianEndingsOff, stem } from "../../src/text/stem.ts";

describe("stem", () => {
  it("brings English forms of one word together", () => {
    expect(stem("blocked", "en")).toBe(stem("blocking", "en"));
    expect(stem("encryption", "en")).toBe(stem("encrypted", "en"));
    expect(stem("proxies", "en")).toBe(stem("proxy", "en"));
  });

  it("leaves app names and numbers as they are", () => {
    expect(stem("bale", "en")).toBe("bale");
    expect(stem("whatsapp", "en")).toBe("whatsapp");
    expect(stem("2025", "en")).toBe("2025");
  });

  it("keeps Persian words whole, and stems Finglish in the Persian index like English", () => {
    expect(stem("پیام", "fa")).toBe("پیام");
    expect(stem("پیامها", "fa")).toBe("پیامها");
    expect(stem("messages", "fa")).toBe(stem("message", "en"));
  });
});

describe("persianEndingsOff", () => {
  it("offers the word without its plural, possessive or colloquial object ending", () => {
    expect(persianEndingsOff("پیامهایم")).toContain("پیام");
    expect(persianEndingsOff("پیامامو")).toContain("پیام");
    expect(persianEndingsOff("گوشیم")).toContain("گوشی");
    expect(persianEndingsOff("امن‌تر".replace("\u200c", ""))).toContain("امن");
    expect(persianEndingsOff("ایرانی")).toContain("ایران");
  });

  it("tries longer endings first and never leaves less than two letters", () => {
    expect(persianEndingsOff("پیامهایم")[0]).toBe("پیام");
    expect(persianEndingsOff("ام")).toEqual([]);
    expect(persianEndingsOff("تو")).toEqual([]);
  });
});
