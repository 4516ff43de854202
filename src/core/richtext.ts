/**
 * Panah's neutral rich text: what answers and interface strings become before an adapter
 * renders them (Telegram HTML, Matrix HTML, plain text in the terminal). Text in it is never
 * pre-escaped: each renderer escapes for its own format.
 */
export type Inline =
  | { kind: "text"; text: string }
  | { kind: "bold"; children: Inline[] }
  | { kind: "link"; text: string; url: string };

export type Block =
  | { kind: "paragraph"; content: Inline[] }
  | { kind: "list"; ordered: boolean; items: Inline[][] };

export const text = (value: string): Inline => ({ kind: "text", text: value });
export const bold = (...children: Inline[]): Inline => ({ kind: "bold", children });
export const link = (label: string, url: string): Inline => ({ kind: "link", text: label, url });
export const paragraph = (...content: Inline[]): Block => ({ kind: "paragraph", content });

/** The visible text of inline content, without markup. */
export function inlineText(content: Inline[]): string {
  return content
    .map((part) => (part.kind === "bold" ? inlineText(part.children) : part.text))
    .join("");
}

/**
 * Plain-text rendering, for the terminal and for Matrix's `body`: bullets as "• ", links as
 * "label (url)" unless the label is the url itself.
 */
export function toPlainText(blocks: Block[]): string {
  return blocks
    .map((block) => {
      if (block.kind === "paragraph") return plainInline(block.content);
      return block.items
        .map((item, i) => `${block.ordered ? `${i + 1}.` : "•"} ${plainInline(item)}`)
        .join("\n");
    })
    .join("\n\n");
}

function plainInline(content: Inline[]): string {
  return content
    .map((part) => {
      if (part.kind === "text") return part.text;
      if (part.kind === "bold") return plainInline(part.children);
      return part.text === part.url ? part.url : `${part.text} (${part.url})`;
    })
    .join("");
}

/**
 * How long the blocks read where links are clickable text (Telegram, Matrix): what counts
 * against a platform's message limit. Bullets and blank lines count, link addresses do not.
 */
export function visibleLength(blocks: Block[]): number {
  return blocks.reduce((sum, block, i) => {
    const gap = i === 0 ? 0 : 2;
    if (block.kind === "paragraph") return sum + gap + inlineText(block.content).length;
    const marker = (j: number) => (block.ordered ? `${j + 1}. ` : "• ").length;
    const items = block.items.reduce(
      (n, item, j) => n + (j === 0 ? 0 : 1) + marker(j) + inlineText(item).length,
      0,
    );
    return sum + gap + items;
  }, 0);
}
