import type { InboundMessage } from "../../src/index.ts";

/** The parts of an `m.room.message` event that decide whether and what Panah answers. */
export interface MessageEvent {
  sender: string;
  roomId: string;
  content: Record<string, unknown>;
}

/** Who the bot is, and what kind of room the event is in. */
export interface Addressing {
  botUserId: string;
  /** The bot's display name, as people type it before a colon to address it. */
  botDisplayName?: string;
  isDirect: boolean;
}

/**
 * The neutral message for an event addressed to the bot, or undefined for anything Panah must
 * not answer: notices (other bots), edits, non-text messages, and room messages that neither
 * mention the bot nor start with `!`.
 */
export function toInbound(event: MessageEvent, addressing: Addressing): InboundMessage | undefined {
  const { content } = event;
  if (content.msgtype !== "m.text" || typeof content.body !== "string") return undefined;
  const relation = content["m.relates_to"] as { rel_type?: unknown } | undefined;
  if (relation?.rel_type === "m.replace") return undefined;
  let text = stripReplyFallback(content.body);
  if (!addressing.isDirect) {
    const command = text.trimStart().startsWith("!");
    if (!command && !mentionsBot(content, text, addressing)) return undefined;
    if (!command) text = stripMention(text, addressing);
  }
  return {
    platform: "matrix",
    userId: event.sender,
    chatId: event.roomId,
    isDirect: addressing.isDirect,
    // Element answers a leading "/" itself ("Unknown command"): commands are "!help" here.
    commandPrefix: "!",
    // Uncut: the engine applies the limits (the alert's own while a moderator composes one)
    // and says when a message is over them.
    text: text.trim(),
  };
}

/** Old clients quote the message they reply to as leading "> " lines; that is not the question. */
export function stripReplyFallback(body: string): string {
  if (!body.startsWith("> ")) return body;
  const lines = body.split("\n");
  const firstOwn = lines.findIndex((line) => !line.startsWith(">"));
  return firstOwn < 0 ? "" : lines.slice(firstOwn).join("\n").replace(/^\n+/, "");
}

function mentionsBot(
  content: Record<string, unknown>,
  body: string,
  { botUserId, botDisplayName }: Addressing,
): boolean {
  const mentions = content["m.mentions"] as { user_ids?: unknown } | undefined;
  if (Array.isArray(mentions?.user_ids) && mentions.user_ids.includes(botUserId)) return true;
  if (body.includes(botUserId)) return true;
  const html = typeof content.formatted_body === "string" ? content.formatted_body : "";
  if (
    html.includes(`matrix.to/#/${botUserId}`) ||
    html.includes(`matrix.to/#/${encodeURIComponent(botUserId)}`)
  )
    return true;
  return namePrefix(body, botUserId, botDisplayName) !== undefined;
}

/** "Panah: is Bale safe?" → "is Bale safe?"; the bot's id anywhere is removed too. */
export function stripMention(body: string, { botUserId, botDisplayName }: Addressing): string {
  const prefix = namePrefix(body, botUserId, botDisplayName);
  const rest = prefix === undefined ? body : body.trimStart().slice(prefix.length);
  return rest.split(botUserId).join(" ").replace(/\s+/g, " ").trim();
}

/** The leading "name:" or "name," that addresses the bot, if the body starts with one. */
function namePrefix(
  body: string,
  botUserId: string,
  botDisplayName: string | undefined,
): string | undefined {
  const start = body.trimStart();
  const localpart = botUserId.slice(1, botUserId.indexOf(":"));
  for (const name of [botUserId, botDisplayName, localpart]) {
    if (!name) continue;
    const match = new RegExp(`^@?${escapeRegExp(name)}\\s*[:,،]\\s*`, "iu").exec(start);
    if (match) return match[0];
  }
  return undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
