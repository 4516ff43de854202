import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toMatrixHtml } from "../../adapters/matrix/html.ts";
import { renderBlocks } from "../../adapters/telegram/render.ts";
import { splitBlocks } from "../../adapters/telegram/split.ts";
import { hostileBlocks } from "./arbitraries.ts";

/** Removes the markup a renderer is allowed to produce; whatever is left must be plain text. */
function withoutAllowedTags(html: string, tags: string[]): string {
  const open = new RegExp(`<(${tags.join("|")})>`, "g");
  const close = new RegExp(`</(${tags.join("|")})>`, "g");
  return html
    .replace(/<a href="[^"<>]*">/g, "")
    .replace(/<\/a>/g, "")
    .replace(open, "")
    .replace(close, "");
}

describe("renderers, given hostile rich text", () => {
  it("Telegram HTML holds no markup but <b> and <a href>, and every message fits", () => {
    fc.assert(
      fc.property(hostileBlocks, (blocks) => {
        const html = renderBlocks(blocks).html;
        expect(withoutAllowedTags(html, ["b"])).not.toMatch(/[<>]/);
        expect(html).not.toMatch(/<a href="(?!https?:|tg:|mailto:)/i);
        for (const part of splitBlocks(blocks))
          expect(withoutAllowedTags(part, ["b"])).not.toMatch(/[<>]/);
      }),
      { numRuns: 300 },
    );
  });

  it("Matrix HTML holds no markup but <p>, lists, <strong> and https links", () => {
    fc.assert(
      fc.property(hostileBlocks, (blocks) => {
        const html = toMatrixHtml(blocks);
        expect(withoutAllowedTags(html, ["p", "ul", "ol", "li", "strong"])).not.toMatch(/[<>]/);
        expect(html).not.toMatch(/<a href="(?!https:)/i);
      }),
      { numRuns: 300 },
    );
  });
});
