import type { Block, Inline } from "../core/richtext.ts";

/**
 * Parses the answer markup maintainers write (paragraphs separated by blank lines, `- `
 * bullets, `1. ` steps, `**bold**`, `[text](url)`) into rich text. Anything else is kept as
 * plain text, so a stray `<b>` or `_` shows up literally instead of breaking a platform's
 * formatting.
 */
export function parseMarkup(source: string): Block[] {
  const blocks: Block[] = [];
  for (const chunk of source.trim().split(/\n\s*\n/)) {
    const lines = chunk
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean);
    // A lead-in line ("What the audit found:") may sit right above its list, without a blank line.
    const firstItem = lines.findIndex((line) => ORDERED_ITEM.test(line) || BULLET_ITEM.test(line));
    const lead = firstItem < 0 ? lines : lines.slice(0, firstItem);
    if (lead.length > 0) blocks.push({ kind: "paragraph", content: parseInline(lead.join(" ")) });
    if (firstItem < 0) continue;
    const ordered = ORDERED_ITEM.test(lines[firstItem] ?? "");
    const marker = ordered ? ORDERED_ITEM : BULLET_ITEM;
    const items: string[] = [];
    for (const line of lines.slice(firstItem)) {
      if (marker.test(line)) items.push(line.replace(marker, ""));
      else if (items.length > 0) items[items.length - 1] += ` ${line}`;
    }
    blocks.push({ kind: "list", ordered, items: items.map(parseInline) });
  }
  return blocks;
}

const BULLET_ITEM = /^[-*•]\s+/;
/** Numbered with Western, Persian or Arabic-Indic digits: Persian writers type «۱.» as often as "1.". */
const ORDERED_ITEM = /^[0-9۰-۹٠-٩]{1,2}[.)]\s+/;
const INLINE = /\*\*(.+?)\*\*|\[([^\]\n]+)\]\(([^)\s]+)\)/g;

export function parseInline(source: string): Inline[] {
  const parts: Inline[] = [];
  let last = 0;
  for (const match of source.matchAll(INLINE)) {
    const index = match.index ?? 0;
    if (index > last) parts.push({ kind: "text", text: source.slice(last, index) });
    if (match[1] !== undefined) parts.push({ kind: "bold", children: parseInline(match[1]) });
    else parts.push({ kind: "link", text: match[2] ?? "", url: match[3] ?? "" });
    last = index + match[0].length;
  }
  if (last < source.length) parts.push({ kind: "text", text: source.slice(last) });
  return parts;
}

/** Every link target in a piece of markup, for the link checks. */
export function linksIn(source: string): string[] {
  return [...source.matchAll(/\[[^\]\n]+\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? "");
}
