import { describe, expect, it } from "vitest";
import { columnsOf, terminalWidth, wrapText } from "../../src/cli/wrap.ts";

describe("wrapping for the terminal", () => {
  it("breaks at spaces within the width, and leaves short lines and blank lines alone", () => {
    const text = "one two three four five six seven eight nine ten\n\nshort";
    expect(wrapText(text, 20)).toBe("one two three four\nfive six seven eight\nnine ten\n\nshort");
  });

  it("never breaks a link: a word wider than the screen gets a line of its own", () => {
    const link = `https://example.org/${"a".repeat(60)}`;
    expect(wrapText(`Read ${link} first, then ask.`, 30)).toBe(`Read\n${link}\nfirst, then ask.`);
  });

  it("continues a list item under its text, not under its bullet", () => {
    expect(wrapText("• alpha beta gamma delta epsilon", 20)).toBe(
      "• alpha beta gamma\n  delta epsilon",
    );
    expect(wrapText("  12. alpha beta gamma delta", 20)).toBe(
      "  12. alpha beta\n      gamma delta",
    );
  });

  it("counts a Persian ZWNJ as no column, so Persian lines use the whole width", () => {
    expect(columnsOf("می‌خواهم")).toBe(7);
    const persian = "پیام‌رسان بله امن نیست و سرورهایش پیام‌ها را می‌خوانند";
    for (const line of wrapText(persian, 24).split("\n"))
      expect(columnsOf(line)).toBeLessThanOrEqual(24);
    expect(wrapText(persian, 24).replace(/\n/g, " ")).toBe(persian);
  });

  it("takes a terminal's width, 80 when it does not say, and none for a pipe unless COLUMNS is set", () => {
    const tty = (columns?: number) => ({ isTTY: true, columns });
    expect(terminalWidth(tty(120) as unknown as NodeJS.WritableStream, {})).toBe(120);
    expect(terminalWidth(tty() as unknown as NodeJS.WritableStream, {})).toBe(80);
    const pipe = {} as NodeJS.WritableStream;
    expect(terminalWidth(pipe, {})).toBeUndefined();
    expect(terminalWidth(pipe, { COLUMNS: "60" })).toBe(60);
    expect(terminalWidth(pipe, { COLUMNS: "wide" })).toBeUndefined();
  });
});
