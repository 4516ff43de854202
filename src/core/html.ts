/**
 * The one HTML escaper and the one link policy, shared by every renderer that writes HTML
 * (Telegram's HTML parse mode, Matrix's `formatted_body`, the offline guide).
 */

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
};

/**
 * Text as HTML that shows exactly that text, in an element or in a double-quoted attribute
 * (every attribute Panah writes is double-quoted, so `'` needs no escaping). Nothing is
 * trusted to be pre-escaped: a person's words, YAML answers and labels all go through here.
 * These four are also the only entities Telegram's HTML parse mode knows by name.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ENTITIES[c] ?? c);
}

/**
 * The address a link may open, or undefined when it must not be clickable: https only, as the
 * knowledge checks already insist (`knowledge/links.ts`), so this is a second line against a
 * `javascript:` or `data:` link reaching a person. No platform needs more: every link Panah
 * shows comes from the knowledge base, and Telegram's `tg:` and `mailto:` links are never
 * written there. The address is returned as a browser would read it (quotes and spaces
 * percent-encoded), so it cannot end its attribute early.
 */
export function linkTarget(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A link that may not be clickable, as text: its label and, in brackets, where it pointed, so
 * the person still sees the address (and nothing is hidden behind a label).
 */
export function unlinkedText(label: string, url: string): string {
  return label === url ? url : `${label} (${url})`;
}
