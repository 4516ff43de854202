import { describe, expect, it } from "vitest";
import { splitBlocks } from "../../../adapters/telegram/split.ts";
import type { Block, Inline } from "../../../src/index.ts";
import { parseTelegramHtml } from "./support/telegram-html.ts";

const paragraph = (...content: Inline[]): Block => ({ kind: "paragraph", content });
const text = (value: string): Inline => ({ kind: "text", text: value });
const bold = (value: string): Inline => ({ kind: "bold", children: [text(value)] });

/** Every part is valid HTML within the limit; returns the parts' visible text. */
function visibleParts(parts: string[], limit: number): string[] {
  return parts.map((html) => {
    const visible = parseTelegramHtml(html);
    expect(visible.length).toBeLessThanOrEqual(limit);
    return visible;
  });
}

describe("splitting a reply into Telegram messages", () => {
  it("keeps a short reply in one message", () => {
    expect(splitBlocks([paragraph(text("a")), paragraph(text("b"))])).toEqual(["a\n\nb"]);
  });

  it("breaks between paragraphs, never inside one, when a reply is too long", () => {
    const blocks = ["first paragraph", "second paragraph", "third"].map((t) => paragraph(bold(t)));
    const parts = splitBlocks(blocks, 35);
    expect(parts).toEqual(["<b>first paragraph</b>\n\n<b>second paragraph</b>", "<b>third</b>"]);
  });

  it("breaks a list too long for one message between items", () => {
    const list: Block = {
      kind: "list",
      ordered: true,
      items: ["alpha", "bravo", "charlie", "delta"].map((t) => [text(t)]),
    };
    const parts = splitBlocks([list], 20);
    expect(visibleParts(parts, 20)).toEqual(["1. alpha\n2. bravo", "3. charlie\n4. delta"]);
  });

  it("breaks a paragraph too long for one message between words, keeping bold and links whole", () => {
    const long = paragraph(text("one two three "), bold("four five"), text(" six "), {
      kind: "link",
      text: "seven",
      url: "https://example.org/",
    });
    const parts = splitBlocks([long], 12);
    expect(parts.every((p) => !/<[^>]*$/.test(p))).toBe(true);
    expect(visibleParts(parts, 12).join("")).toBe("one two three four five six seven");
    expect(parts.join("")).toContain('<a href="https://example.org/">seven</a>');
  });

  it("cuts a word longer than a message between characters, not inside an escape", () => {
    const parts = splitBlocks([paragraph(text("&".repeat(25)))], 10);
    expect(visibleParts(parts, 10)).toEqual(["&".repeat(10), "&".repeat(10), "&".repeat(5)]);
  });

  it("never cuts a Persian character or an emoji in half", () => {
    const parts = splitBlocks([paragraph(text("🙂".repeat(9)))], 5);
    expect(visibleParts(parts, 5).join("")).toBe("🙂".repeat(9));
  });

  it("fits the longest answers within Telegram's 4096 characters", () => {
    const blocks = Array.from({ length: 100 }, (_, i) =>
      paragraph(text(`${i} `), bold("x".repeat(90))),
    );
    const parts = splitBlocks(blocks);
    expect(parts.length).toBeGreaterThan(1);
    expect(visibleParts(parts, 4096).join("\n\n").split("\n\n")).toHaveLength(100);
  });
});
