import { describe, expect, it } from "vitest";
import { renderBlocks, renderInline } from "../../../adapters/telegram/render.ts";
import type { Block } from "../../../src/index.ts";
import { parseTelegramHtml } from "./support/telegram-html.ts";

describe("Telegram HTML rendering", () => {
  it("escapes &, <, > and quotes in text and in link targets", () => {
    const html = renderInline([
      { kind: "text", text: "<script>a & b</script> " },
      { kind: "link", text: "x <y>", url: 'https://example.org/?a=1&b="2"' },
    ]).html;
    expect(html).toBe(
      '&lt;script&gt;a &amp; b&lt;/script&gt; <a href="https://example.org/?a=1&amp;b=%222%22">x &lt;y&gt;</a>',
    );
    expect(parseTelegramHtml(html)).toBe("<script>a & b</script> x <y>");
  });

  it("shows Markdown-looking text as it is written", () => {
    expect(renderInline([{ kind: "text", text: "**not bold** _x_ `y`" }]).html).toBe(
      "**not bold** _x_ `y`",
    );
  });

  it("renders bold as <b>", () => {
    expect(
      renderInline([{ kind: "bold", children: [{ kind: "text", text: "No & never" }] }]).html,
    ).toBe("<b>No &amp; never</b>");
  });

  it("shows a link Telegram would not open (javascript:, relative) as text with its target", () => {
    const html = renderInline([{ kind: "link", text: "click", url: "javascript:alert(1)" }]).html;
    expect(html).toBe("click (javascript:alert(1))");
  });

  it("puts bullets and numbers before list items, and a blank line between blocks", () => {
    const blocks: Block[] = [
      { kind: "paragraph", content: [{ kind: "text", text: "Steps:" }] },
      {
        kind: "list",
        ordered: true,
        items: [[{ kind: "text", text: "one" }], [{ kind: "text", text: "two" }]],
      },
      {
        kind: "list",
        ordered: false,
        items: [[{ kind: "text", text: "a" }], [{ kind: "text", text: "b" }]],
      },
    ];
    expect(renderBlocks(blocks).html).toBe("Steps:\n\n1. one\n2. two\n\n• a\n• b");
  });

  it("counts length as Telegram does, without markup or escapes", () => {
    const piece = renderInline([
      { kind: "bold", children: [{ kind: "text", text: "a&b" }] },
      { kind: "link", text: "site", url: "https://example.org/" },
    ]);
    expect(piece.length).toBe(parseTelegramHtml(piece.html).length);
    expect(piece.length).toBe(7);
  });
});
