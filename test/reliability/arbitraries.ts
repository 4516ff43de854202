import fc from "fast-check";
import type { Block, Inline } from "../../src/core/richtext.ts";

/** Characters that break naive text handling: bidi controls, joiners, marks, Persian forms. */
const TRICKY = [
  "\u200E",
  "\u200F",
  "\u202A",
  "\u202B",
  "\u202C",
  "\u202D",
  "\u202E",
  "\u2066",
  "\u2067",
  "\u2068",
  "\u2069",
  "\u200B",
  "\u200C",
  "\u200D",
  "\uFEFF",
  "\u0301",
  "\u064B",
  "\u0640",
  "ي",
  "ك",
  "ۀ",
  "۱",
  "٢",
  "؟",
  "،",
  "👨‍👩‍👧",
  "🏳️‍🌈",
  "🙏🏽",
  "\u0000",
  "\r\n",
  "\t",
];
const INJECTIONS = [
  "<script>alert(1)</script>",
  "<b>bold</b>",
  '</a><a href="javascript:x">',
  "&amp;",
  "&lt;",
  "**bold**",
  "__x__",
  "[link](javascript:alert(1))",
  "[x](https://evil.example/?utm_source=a)",
  "`code`",
  "@everyone",
  "@room",
  "@here",
  "{{fact:x}}",
  "{count}",
  "\"'><img src=x onerror=alert(1)>",
  "<!--",
  "]]>",
  "\\",
  "/start bale",
  "!help",
];

/** Text a hostile or careless person might send, up to `maxLength` characters. */
export function hostileText(maxLength = 400): fc.Arbitrary<string> {
  const piece = fc.oneof(
    fc.string({ unit: "grapheme", maxLength: 30 }),
    fc.string({ unit: "binary", maxLength: 30 }),
    fc.constantFrom(...TRICKY),
    fc.constantFrom(...INJECTIONS),
    fc.constantFrom("Is Bale safe?", "بله امن است؟", "vpn", "سیگنال", "1", "۲"),
  );
  return fc.array(piece, { maxLength: 20 }).map((parts) => parts.join("").slice(0, maxLength));
}

const inline: fc.Arbitrary<Inline> = fc.oneof(
  hostileText(60).map((text) => ({ kind: "text" as const, text })),
  fc.record({
    kind: fc.constant("link" as const),
    text: hostileText(30),
    url: fc.oneof(fc.webUrl(), hostileText(30)),
  }),
  hostileText(30).map((text) => ({
    kind: "bold" as const,
    children: [{ kind: "text" as const, text }],
  })),
);

/** Rich text whose every string is hostile: what a renderer must escape. */
export const hostileBlocks: fc.Arbitrary<Block[]> = fc.array(
  fc.oneof(
    fc.array(inline, { maxLength: 5 }).map((content) => ({ kind: "paragraph" as const, content })),
    fc.record({
      kind: fc.constant("list" as const),
      ordered: fc.boolean(),
      items: fc.array(fc.array(inline, { maxLength: 3 }), { maxLength: 4 }),
    }),
  ),
  { maxLength: 6 },
);
