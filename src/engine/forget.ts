import { encodeAction } from "../core/actions.ts";
import type { OutboundMessage } from "../core/messages.ts";
import type { Replies } from "./replies.ts";
import { chatKey, repliesFor, type Turn } from "./turn.ts";

const FORGET_YES = encodeAction({ kind: "forget", confirmed: true });
const FORGET_NO = encodeAction({ kind: "forget", confirmed: false });

/** `/forget` cannot be undone, so it asks first: a button on Telegram, a number elsewhere. */
export function forgetPrompt(replies: Replies): OutboundMessage {
  const ui = replies.strings;
  return replies.notice("forget_confirm", {}, [
    { label: ui.forget_yes, action: FORGET_YES },
    { label: ui.forget_no, action: FORGET_NO },
  ]);
}

/**
 * The answer to "delete everything?". It deletes only when the confirmation was the last
 * thing offered in this chat, and recently: an old button or a stray number cannot.
 */
export async function confirmForget(turn: Turn, confirmed: boolean): Promise<OutboundMessage[]> {
  const { message, user, parts } = turn;
  const replies = await repliesFor(turn);
  if (!message.isDirect) return [replies.directOnly("/forget")];
  if (parts.offered.offeredAction(chatKey(message), FORGET_YES) !== FORGET_YES)
    return [replies.notice("forget_expired")];
  if (!confirmed) return [replies.notice("forget_kept")];
  const deleted = await parts.store.forget(user);
  return [
    deleted > 0
      ? replies.notice("forget_done", { count: deleted })
      : replies.notice("forget_nothing"),
  ];
}
