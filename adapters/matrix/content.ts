import type { Block, Language, OutboundMessage } from "../../src/index.ts";
import { toPlainText } from "../../src/index.ts";
import type { FileMessage } from "./attachment.ts";
import { toMatrixHtml } from "./html.ts";

/** The content of one `m.notice` Panah sends: plain `body` plus sanitized HTML. */
export interface NoticeContent {
  msgtype: "m.notice";
  body: string;
  format: "org.matrix.custom.html";
  formatted_body: string;
  "m.relates_to"?: {
    "m.in_reply_to": { event_id: string };
    rel_type?: "m.thread";
    event_id?: string;
    is_falling_back?: boolean;
  };
  "m.mentions": { user_ids?: string[] };
  [key: string]: unknown;
}

/** What a reply answers: the question's event, its sender to mention (in rooms), its thread. */
export interface ReplyTarget {
  eventId: string;
  mention?: string;
  threadRootId?: string;
}

/**
 * A reply as Matrix content. Choices become a numbered list followed by the "reply with a
 * number" hint; the core turns a reply of just that number into the choice.
 */
export function noticeContent(
  reply: OutboundMessage,
  pickNumberHint: string,
  target?: ReplyTarget,
): NoticeContent {
  const blocks: Block[] = [...reply.blocks];
  if (reply.choices.length > 0) {
    blocks.push({
      kind: "list",
      ordered: true,
      items: reply.choices.map((choice) => [{ kind: "text", text: choice.label }]),
    });
    blocks.push({ kind: "paragraph", content: [{ kind: "text", text: pickNumberHint }] });
  }
  return notice(blocks, target);
}

/**
 * What Panah says when it cannot decrypt a message (its keys never arrived): in the person's
 * language when known, else in both (the `undecryptable` interface string).
 */
export function undecryptableContent(
  language: Language | undefined,
  target: ReplyTarget,
  ui: Record<Language, { undecryptable: string }>,
): NoticeContent {
  const lines = language
    ? [ui[language].undecryptable]
    : [ui.en.undecryptable, ui.fa.undecryptable];
  return notice(
    lines.map((line) => ({ kind: "paragraph", content: [{ kind: "text", text: line }] })),
    target,
  );
}

/** A file Panah sends (the offline guide): an `m.file` that replies like its notices do. */
export type FileReplyContent = FileMessage &
  Pick<NoticeContent, "m.relates_to" | "m.mentions"> & { [key: string]: unknown };

export function fileContent(file: FileMessage, target: ReplyTarget | undefined): FileReplyContent {
  return {
    ...file,
    ...(target ? { "m.relates_to": relation(target) } : {}),
    "m.mentions": target?.mention ? { user_ids: [target.mention] } : {},
  };
}

function notice(blocks: Block[], target: ReplyTarget | undefined): NoticeContent {
  return {
    msgtype: "m.notice",
    body: toPlainText(blocks),
    format: "org.matrix.custom.html",
    formatted_body: toMatrixHtml(blocks),
    ...(target ? { "m.relates_to": relation(target) } : {}),
    "m.mentions": target?.mention ? { user_ids: [target.mention] } : {},
  };
}

function relation(target: ReplyTarget): NonNullable<NoticeContent["m.relates_to"]> {
  const inReplyTo = { "m.in_reply_to": { event_id: target.eventId } };
  if (!target.threadRootId) return inReplyTo;
  return {
    rel_type: "m.thread",
    event_id: target.threadRootId,
    is_falling_back: false,
    ...inReplyTo,
  };
}
