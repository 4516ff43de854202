import type { AlertDesk } from "../alerts/alert-desk.ts";
import type { OutboundMessage } from "../core/messages.ts";
import type { KnowledgeBase } from "../knowledge/knowledge-base.ts";

/** The topic whose answer is preceded by the moderators' latest connectivity status. */
const STATUS_TOPIC = "blackout-status";

/** The replies, with the latest unexpired status alert (if any) before a `blackout-status` answer. */
export async function latestStatus(
  replies: OutboundMessage[],
  kb: KnowledgeBase,
  desk: AlertDesk | undefined,
): Promise<OutboundMessage[]> {
  const isStatus = (reply: OutboundMessage) =>
    reply.kind === "answer" && reply.topic === STATUS_TOPIC;
  if (!desk || !replies.some(isStatus)) return replies;
  return Promise.all(
    replies.map(async (reply) =>
      isStatus(reply)
        ? { ...reply, blocks: [...(await desk.latestStatus(kb, reply.language)), ...reply.blocks] }
        : reply,
    ),
  );
}
