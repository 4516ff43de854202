import { type Block, escapeHtml, type Inline, linkTarget, unlinkedText } from "../../src/index.ts";

/**
 * Matrix `formatted_body` HTML for Panah's rich text. Only <p>, <ul>/<ol>/<li>, <strong> and
 * <a href> with https links (the core's link policy) are produced, and every piece of text is
 * escaped, so nothing from the knowledge base (or a person) can inject markup.
 */
export function toMatrixHtml(blocks: Block[]): string {
  return blocks.map(blockHtml).join("");
}

function blockHtml(block: Block): string {
  if (block.kind === "paragraph") return `<p>${inlineHtml(block.content)}</p>`;
  const tag = block.ordered ? "ol" : "ul";
  return `<${tag}>${block.items.map((item) => `<li>${inlineHtml(item)}</li>`).join("")}</${tag}>`;
}

export function inlineHtml(content: Inline[]): string {
  return content
    .map((part) => {
      if (part.kind === "text") return escapeHtml(part.text);
      if (part.kind === "bold") return `<strong>${inlineHtml(part.children)}</strong>`;
      const href = linkTarget(part.url);
      return href
        ? `<a href="${escapeHtml(href)}">${escapeHtml(part.text)}</a>`
        : escapeHtml(unlinkedText(part.text, part.url));
    })
    .join("");
}
