import { describe, expect, it } from "vitest";
import { toMatrixHtml } from "../../../adapters/matrix/html.ts";
import type { Block } from "../../../src/index.ts";

const p = (...content: Extract<Block, { kind: "paragraph" }>["content"]): Block => ({
  kind: "paragraph",
  content,
});

describe("Matrix HTML for replies", () => {
  it("renders paragraphs, bold, lists and https links", () => {
    const html = toMatrixHtml([
      p(
        { kind: "bold", children: [{ kind: "text", text: "No." }] },
        { kind: "text", text: " Use " },
        { kind: "link", text: "Signal", url: "https://signal.org/" },
      ),
      {
        kind: "list",
        ordered: false,
        items: [[{ kind: "text", text: "one" }], [{ kind: "text", text: "two" }]],
      },
      { kind: "list", ordered: true, items: [[{ kind: "text", text: "first" }]] },
    ]);
    expect(html).toBe(
      '<p><strong>No.</strong> Use <a href="https://signal.org/">Signal</a></p><ul><li>one</li><li>two</li></ul><ol><li>first</li></ol>',
    );
  });

  it("escapes text so nothing in it becomes markup", () => {
    const html = toMatrixHtml([
      p({ kind: "text", text: `<img src=x onerror="alert(1)"> & 'quotes'` }),
    ]);
    expect(html).toBe("<p>&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; 'quotes'</p>");
  });

  it("escapes link labels and addresses", () => {
    const html = toMatrixHtml([
      p({ kind: "link", text: "<b>x</b>", url: 'https://example.org/?a="b"&c' }),
    ]);
    expect(html).toBe(
      '<p><a href="https://example.org/?a=%22b%22&amp;c">&lt;b&gt;x&lt;/b&gt;</a></p>',
    );
  });

  it("shows links that are not https as plain text with their target, never as links", () => {
    for (const url of [
      "javascript:alert(1)",
      "http://example.org/",
      "not a url",
      "data:text/html,hi",
    ]) {
      const html = toMatrixHtml([p({ kind: "link", text: "click", url })]);
      expect(html).toBe(`<p>click (${url})</p>`);
    }
  });

  it("keeps Persian text as it is", () => {
    expect(toMatrixHtml([p({ kind: "text", text: "سیگنال امن است؟" })])).toBe(
      "<p>سیگنال امن است؟</p>",
    );
  });
});
