import { describe, expect, it } from "vitest";
import { DocumentCache, gramsOf } from "../../src/router/language-index.ts";

describe("gramsOf", () => {
  it("cuts a word into 4-letter pieces with its start and end marked", () => {
    expect(gramsOf("signal")).toEqual(["^sig", "sign", "igna", "gnal", "nal$"]);
  });

  it("keeps a word of one or two letters whole, so it only meets itself", () => {
    expect(gramsOf("vpn")).toEqual(["^vpn", "vpn$"]);
    expect(gramsOf("ای")).toEqual(["^ای$"]);
  });

  it("lets two forms of a Persian word share most of their pieces", () => {
    const plain = new Set(gramsOf("فیلترشکن"));
    const inflected = gramsOf("فیلترشکنامون");
    expect(inflected.filter((g) => plain.has(g)).length).toBeGreaterThanOrEqual(plain.size - 1);
  });
});

describe("DocumentCache", () => {
  it("builds a topic's documents once per knowledge object and language", () => {
    const cache = new DocumentCache();
    const content = {};
    let builds = 0;
    const build = () => {
      builds++;
      return { words: ["bale", "safe", "bale"], keywords: ["bale"] };
    };
    const first = cache.documents(content, "en", build);
    expect(cache.documents(content, "en", build)).toBe(first);
    expect(builds).toBe(1);
    expect(first.words).toEqual({
      counts: new Map([
        ["bale", 2],
        ["safe", 1],
      ]),
      length: 3,
    });
    cache.documents(content, "fa", build);
    cache.documents({}, "en", build);
    expect(builds).toBe(3);
  });
});
