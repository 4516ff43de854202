/**
 * Escaping for Telegram's HTML parse mode, whose only named entities are &lt; &gt; &amp; and
 * &quot;. Every piece of text that reaches Telegram (a person's words, YAML answers, labels)
 * goes through one of these: nothing is trusted to be pre-escaped.
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Escapes a value for a double-quoted attribute (`<a href="…">`). */
export function escapeAttribute(value: string): string {
  return escapeHtml(value).replace(/"/g, "&quot;");
}

/** Links Telegram opens safely; anything else is shown as text rather than made clickable. */
export function isLinkable(url: string): boolean {
  return /^(https?:\/\/|tg:\/\/|mailto:)/i.test(url);
}
