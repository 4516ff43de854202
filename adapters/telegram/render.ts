import { type Block, escapeHtml, type Inline, linkTarget, unlinkedText } from "../../src/index.ts";

/**
 * A piece of Telegram HTML and its length as Telegram counts it: the visible text after the
 * markup is parsed (UTF-16 code units, which never undercount characters).
 */
export interface HtmlPiece {
  html: string;
  length: number;
}

const piece = (html: string, length: number): HtmlPiece => ({ html, length });

/** Plain text, escaped. */
export function textPiece(text: string): HtmlPiece {
  return piece(escapeHtml(text), text.length);
}

export function joinPieces(pieces: HtmlPiece[], separator = ""): HtmlPiece {
  return piece(
    pieces.map((p) => p.html).join(separator),
    pieces.reduce((sum, p) => sum + p.length, 0) +
      separator.length * Math.max(0, pieces.length - 1),
  );
}

/** Inline rich text as Telegram HTML: `<b>` for bold, `<a href>` for links. */
export function renderInline(content: Inline[]): HtmlPiece {
  return joinPieces(content.map(renderInlinePart));
}

function renderInlinePart(part: Inline): HtmlPiece {
  if (part.kind === "text") return textPiece(part.text);
  if (part.kind === "bold") {
    const inner = renderInline(part.children);
    return piece(`<b>${inner.html}</b>`, inner.length);
  }
  const href = linkTarget(part.url);
  if (!href) return textPiece(unlinkedText(part.text, part.url));
  return piece(`<a href="${escapeHtml(href)}">${escapeHtml(part.text)}</a>`, part.text.length);
}

/** The marker before a list item: a bullet, or the item's number. */
export function listMarker(ordered: boolean, index: number): string {
  return ordered ? `${index + 1}. ` : "• ";
}

/** One list item, marker included. */
export function renderListItem(item: Inline[], ordered: boolean, index: number): HtmlPiece {
  return joinPieces([textPiece(listMarker(ordered, index)), renderInline(item)]);
}

/** One block: a paragraph, or a list with one item per line. */
export function renderBlock(block: Block): HtmlPiece {
  if (block.kind === "paragraph") return renderInline(block.content);
  return joinPieces(
    block.items.map((item, i) => renderListItem(item, block.ordered, i)),
    "\n",
  );
}

/** Blocks as one HTML text, paragraphs separated by a blank line (no length limit applied). */
export function renderBlocks(blocks: Block[]): HtmlPiece {
  return joinPieces(blocks.map(renderBlock), "\n\n");
}
