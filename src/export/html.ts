import { escapeHtml, linkTarget, unlinkedText } from "../core/html.ts";
import type { Block, Inline } from "../core/richtext.ts";
import type { Language } from "../text/language.ts";

/**
 * HTML for the offline guide. Every string that comes from the knowledge base goes through
 * the core's {@link escapeHtml}: maintainers' YAML is content, never markup.
 */
export { escapeHtml };

/** Rich text as HTML: paragraphs, lists, `<strong>` and links, in the language it is written in. */
export function blocksToHtml(blocks: Block[], language: Language): string {
  return blocks
    .map((block) => {
      if (block.kind === "paragraph") return `<p>${inlineToHtml(block.content, language)}</p>`;
      const tag = block.ordered ? "ol" : "ul";
      return `<${tag}>${block.items.map((item) => `<li>${inlineToHtml(item, language)}</li>`).join("")}</${tag}>`;
    })
    .join("\n");
}

export function inlineToHtml(content: Inline[], language: Language): string {
  return content
    .map((part) => {
      if (part.kind === "text") return textHtml(part.text, language);
      if (part.kind === "bold") return `<strong>${inlineToHtml(part.children, language)}</strong>`;
      return linkHtml(part.text, part.url);
    })
    .join("");
}

/**
 * Text in `language`, escaped. In Persian, each run of Latin script (a name, a handle, a
 * command, an address: "Tor Browser", "@GetBridgesBot", "/subscribe", "1.1.1.1") is isolated
 * in a `<bdi>`, which lays it out left to right on its own: otherwise the right-to-left
 * paragraph pulls its leading "@" or "/" to the other end («GetBridgesBot@», «subscribe/»).
 * Punctuation at a run's end stays outside, with the Persian sentence it ends.
 */
export function textHtml(text: string, language: Language): string {
  if (language !== "fa") return escapeHtml(text);
  let html = "";
  let last = 0;
  for (const match of text.matchAll(LATIN_RUN)) {
    const run = match[0].replace(TRAILING_PUNCTUATION, "");
    html += `${escapeHtml(text.slice(last, match.index))}<bdi>${escapeHtml(run)}</bdi>`;
    last = match.index + run.length;
  }
  return html + escapeHtml(text.slice(last));
}

/** A word with a Latin letter in it (or a handle, command or hashtag), and the Latin words after it. */
const LATIN_WORD = String.raw`[@/#]?[0-9]*[A-Za-z][\w.@/:+#?=&%~'’-]*`;
const LATIN_RUN = new RegExp(String.raw`${LATIN_WORD}(?:[ ]+(?:${LATIN_WORD}|[0-9][\w.]*))*`, "g");
const TRAILING_PUNCTUATION = /[.,:;!?'’-]+$/;

/**
 * A link to an official site. `dir="auto"` isolates its direction, so an English name in a
 * Persian sentence (or the reverse) cannot reorder the words around it. Only https links are
 * clickable (the core's link policy; the validator already insists on them); anything else stays
 * visible as text. `noreferrer` implies `noopener`: the page tells the site nothing and keeps no
 * handle on it.
 */
export function linkHtml(label: string, url: string): string {
  const href = linkTarget(url);
  if (!href) return escapeHtml(unlinkedText(label, url));
  return `<a href="${escapeHtml(href)}" dir="auto" rel="noreferrer">${escapeHtml(label)}</a>`;
}
