import { describe, expect, it } from "vitest";
import { textHtml } from "../../src/export/html.ts";

describe("text in the guide's Persian sections", () => {
  it("isolates handles, commands, names and addresses written in Latin script", () => {
    expect(textHtml("از ربات تلگرامی @GetBridgesBot بگیرید", "fa")).toBe(
      "از ربات تلگرامی <bdi>@GetBridgesBot</bdi> بگیرید",
    );
    expect(textHtml("برای گرفتن هشدارها /subscribe را بفرستید", "fa")).toBe(
      "برای گرفتن هشدارها <bdi>/subscribe</bdi> را بفرستید",
    );
    // A name of several words is one run; brackets and guillemets stay with the Persian.
    expect(textHtml("«Tor Browser» را نصب کنید (OTF)", "fa")).toBe(
      "«<bdi>Tor Browser</bdi>» را نصب کنید (<bdi>OTF</bdi>)",
    );
  });

  it("leaves a sentence's closing punctuation outside the run, with the sentence", () => {
    expect(textHtml("نشانی bridges.torproject.org است.", "fa")).toBe(
      "نشانی <bdi>bridges.torproject.org</bdi> است.",
    );
    expect(textHtml("سیگنال را از signal.org بگیرید: Signal.", "fa")).toBe(
      "سیگنال را از <bdi>signal.org</bdi> بگیرید: <bdi>Signal</bdi>.",
    );
  });

  it("still escapes everything, and leaves English text and Persian digits alone", () => {
    expect(textHtml("ببینید <script> & «y»", "fa")).toBe(
      "ببینید &lt;<bdi>script</bdi>&gt; &amp; «<bdi>y</bdi>»",
    );
    expect(textHtml("Send /subscribe <now>", "en")).toBe("Send /subscribe &lt;now&gt;");
    expect(textHtml("تا ۲۴ ساعت", "fa")).toBe("تا ۲۴ ساعت");
  });
});
