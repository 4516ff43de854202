/**
 * A strict reader of Telegram's HTML parse mode (https://core.telegram.org/bots/api#html-style),
 * because the emulator accepts anything: only Telegram's tags, `href` as the only attribute
 * of `<a>`, tags closed in order, every `<`, `>` and `&` outside markup escaped, and only the
 * entities Telegram knows. Returns the visible text; throws on anything Telegram would
 * refuse with "can't parse entities".
 */
export function parseTelegramHtml(html: string): string {
  const open: string[] = [];
  let visible = "";
  const token =
    /<(\/?)([a-z-]+)((?:\s+[a-z-]+="[^"<>]*")*)\s*>|&(#\d+|#x[0-9a-f]+|[a-z]+);|([<>&])|([^<>&]+)/gi;
  let consumed = 0;
  for (const match of html.matchAll(token)) {
    if (match.index !== consumed)
      throw new Error(`unparsable HTML at ${consumed}: ${html.slice(consumed, consumed + 20)}`);
    consumed += match[0].length;
    const [, closing, tag, attributes, entity, bare, text] = match;
    if (text !== undefined) visible += text;
    else if (bare !== undefined) throw new Error(`unescaped "${bare}" at ${match.index}`);
    else if (entity !== undefined) visible += decodeEntity(entity);
    else if (tag !== undefined) {
      const name = tag.toLowerCase();
      if (!ALLOWED_TAGS.has(name)) throw new Error(`tag <${name}> is not allowed in Telegram HTML`);
      if (closing) {
        if (open.pop() !== name) throw new Error(`</${name}> closes a tag that is not open`);
        continue;
      }
      checkAttributes(name, attributes ?? "");
      open.push(name);
    }
  }
  if (consumed !== html.length) throw new Error(`unparsable HTML at ${consumed}`);
  if (open.length > 0) throw new Error(`unclosed <${open.join(">, <")}>`);
  return visible;
}

const ALLOWED_TAGS = new Set([
  "b",
  "strong",
  "i",
  "em",
  "u",
  "ins",
  "s",
  "strike",
  "del",
  "a",
  "code",
  "pre",
  "blockquote",
  "tg-spoiler",
  "span",
]);

function checkAttributes(tag: string, attributes: string): void {
  const names = [...attributes.matchAll(/([a-z-]+)="([^"]*)"/gi)].map(
    (m) => [m[1]?.toLowerCase(), m[2]] as const,
  );
  if (tag === "a") {
    if (names.length !== 1 || names[0]?.[0] !== "href")
      throw new Error(`<a> needs exactly one href attribute`);
    const href = decodeAll(names[0][1] ?? "");
    if (!/^(https?:\/\/|tg:\/\/|mailto:)/.test(href))
      throw new Error(`href "${href}" is not a link Telegram accepts`);
    return;
  }
  if (
    tag === "span" &&
    names.length === 1 &&
    names[0]?.[0] === "class" &&
    names[0][1] === "tg-spoiler"
  )
    return;
  if (names.length > 0) throw new Error(`<${tag}> takes no attributes here`);
}

function decodeEntity(entity: string): string {
  if (entity.startsWith("#x") || entity.startsWith("#X"))
    return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
  if (entity.startsWith("#")) return String.fromCodePoint(Number(entity.slice(1)));
  const named: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };
  const value = named[entity];
  if (value === undefined) throw new Error(`&${entity}; is not an entity Telegram knows`);
  return value;
}

function decodeAll(text: string): string {
  if (/&(?!(#\d+|#x[0-9a-f]+|[a-z]+);)/i.test(text))
    throw new Error(`unescaped "&" in an attribute`);
  return text.replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (_, entity: string) => decodeEntity(entity));
}
