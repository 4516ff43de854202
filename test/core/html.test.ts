import { describe, expect, it } from "vitest";
import { escapeHtml, linkTarget, unlinkedText } from "../../src/core/html.ts";

describe("the HTML escaper", () => {
  it("escapes every character that could open a tag, an entity or end an attribute", () => {
    expect(escapeHtml(`<img src=x onerror="alert('1')"> & more`)).toBe(
      "&lt;img src=x onerror=&quot;alert('1')&quot;&gt; &amp; more",
    );
  });

  it("leaves Persian text and already-escaped-looking text readable as typed", () => {
    expect(escapeHtml("سیگنال امن است؟")).toBe("سیگنال امن است؟");
    expect(escapeHtml("&amp;")).toBe("&amp;amp;");
  });
});

describe("the link policy", () => {
  it("lets https links open, as a browser reads them", () => {
    expect(linkTarget("https://signal.org/download/")).toBe("https://signal.org/download/");
    expect(linkTarget('https://example.org/?a="b"')).toBe("https://example.org/?a=%22b%22");
  });

  it.each([
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "http://example.org/",
    "tg://proxy?server=x",
    "mailto:someone@example.org",
    "/relative/path",
    "not a url",
  ])("never makes %s clickable", (url) => {
    expect(linkTarget(url)).toBeUndefined();
  });

  it("shows a link that may not open as its label and where it pointed", () => {
    expect(unlinkedText("click", "javascript:alert(1)")).toBe("click (javascript:alert(1))");
    expect(unlinkedText("http://example.org/", "http://example.org/")).toBe("http://example.org/");
  });
});
