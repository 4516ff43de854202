import { escapeHtml, linkTarget, unlinkedText } from "../core/html.ts";
import type { Block, Inline } from "../core/richtext.ts";

/**
 * HTML for the offline guide. Every string that comes from the knowledge base goes through
 * the core's {@link escapeHtml}: maintainers' YAML is content, never markup.
 */
export { escapeHtml };

/** Rich text as HTML: paragraphs, lists, `<strong>` and links. */
export function blocksToHtml(blocks: Block[]): string {
  return blocks
    .map((block) => {
      if (block.kind === "paragraph") return `<p>${inlineToHtml(block.content)}</p>`;
      const tag = block.ordered ? "ol" : "ul";
      return `<${tag}>${block.items.map((item) => `<li>${inlineToHtml(item)}</li>`).join("")}</${tag}>`;
    })
    .join("\n");
}

export function inlineToHtml(content: Inline[]): string {
  return content
    .map((part) => {
      if (part.kind === "text") return escapeHtml(part.text);
      if (part.kind === "bold") return `<strong>${inlineToHtml(part.children)}</strong>`;
      return linkHtml(part.text, part.url);
    })
    .join("");
}

/**
 * A link to an official site. `dir="auto"` isolates its direction, so an English name in a
 * Persian sentence (or the reverse) cannot reorder the words around it. Only https links are
 * clickable (the core's link policy; the validator already insists on them); anything else stays visible as text.
 */
export function linkHtml(label: string, url: string): string {
  const href = linkTarget(url);
  if (!href) return escapeHtml(unlinkedText(label, url));
  return `<a href="${escapeHtml(href)}" dir="auto" rel="noopener noreferrer">${escapeHtml(label)}</a>`;
}
