import { describe, expect, it } from "vitest";
import { toPlainText } from "../../src/core/richtext.ts";
import { parseMarkup } from "../../src/knowledge/markup.ts";

describe("parseMarkup", () => {
  it("reads paragraphs, bullets, numbered steps, bold and links", () => {
    const blocks = parseMarkup(
      "**No.** Read [this](https://signal.org/).\n\n- one\n- two\n  continued\n\n1. first\n2. second",
    );
    expect(blocks).toEqual([
      {
        kind: "paragraph",
        content: [
          { kind: "bold", children: [{ kind: "text", text: "No." }] },
          { kind: "text", text: " Read " },
          { kind: "link", text: "this", url: "https://signal.org/" },
          { kind: "text", text: "." },
        ],
      },
      {
        kind: "list",
        ordered: false,
        items: [[{ kind: "text", text: "one" }], [{ kind: "text", text: "two continued" }]],
      },
      {
        kind: "list",
        ordered: true,
        items: [[{ kind: "text", text: "first" }], [{ kind: "text", text: "second" }]],
      },
    ]);
  });

  it("reads steps numbered with Persian digits as a numbered list, not one paragraph", () => {
    expect(parseMarkup("۱. برنامه را باز کنید\n۲. تنظیمات را بزنید")).toEqual([
      {
        kind: "list",
        ordered: true,
        items: [
          [{ kind: "text", text: "برنامه را باز کنید" }],
          [{ kind: "text", text: "تنظیمات را بزنید" }],
        ],
      },
    ]);
  });

  it("keeps anything else, such as HTML, as literal text", () => {
    expect(toPlainText(parseMarkup("<b>hi</b> & _x_"))).toBe("<b>hi</b> & _x_");
  });

  it("reads a lead-in line written right above its list as a paragraph, then the list", () => {
    expect(toPlainText(parseMarkup("**What to do:**\n- one\n- two"))).toBe(
      "What to do:\n\n• one\n• two",
    );
  });
});

describe("visibleLength", () => {
  it("counts what a person reads where links are clickable: labels, bullets and gaps, not addresses", async () => {
    const { visibleLength } = await import("../../src/core/richtext.ts");
    expect(
      visibleLength(parseMarkup("Read [this](https://example.org/a/very/long/path).\n\n- a\n- b")),
    ).toBe("Read this.".length + 2 + "• a".length + 1 + "• b".length);
  });
});
