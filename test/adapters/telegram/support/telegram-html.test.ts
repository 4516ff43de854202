import { describe, expect, it } from "vitest";
import { parseTelegramHtml } from "./telegram-html.ts";

// The end-to-end tests rely on this checker to stand in for Telegram's parser: it must refuse
// what Telegram refuses.
describe("the Telegram HTML checker used by the tests", () => {
  it("accepts Telegram's tags and entities and returns the visible text", () => {
    expect(
      parseTelegramHtml(
        '<b>a &amp; b</b> <a href="https://x.org/?a=1&amp;b=2">link</a> &#64;&lt;&gt;&quot;',
      ),
    ).toBe('a & b link @<>"');
  });

  it.each([
    ["an unescaped <", "a < b"],
    ["an unescaped &", "a & b"],
    ["an unknown tag", "<script>x</script>"],
    ["an unclosed tag", "<b>x"],
    ["crossed tags", "<b><i>x</b></i>"],
    ["an unknown entity", "&nbsp;"],
    ["an attribute Telegram does not allow", '<b class="x">y</b>'],
    ["a javascript: link", '<a href="javascript:x">y</a>'],
  ])("refuses %s", (_, html) => {
    expect(() => parseTelegramHtml(html)).toThrow();
  });
});
