import type { OutboundMessage } from "../core/messages.ts";
import type { Block } from "../core/richtext.ts";
import type { Language } from "../text/language.ts";

/** The live measurements for a topic's answer (src/status): lines to put before and after it. */
export type LiveLines = (
  topic: string,
  language: Language,
) => Promise<{ before: Block[]; after: Block[] }>;

/** Answers with live measurements around them; everything as it was without `live`. */
export async function withLiveStatus(
  replies: OutboundMessage[],
  live: LiveLines | undefined,
): Promise<OutboundMessage[]> {
  if (!live) return replies;
  return Promise.all(
    replies.map(async (reply) => {
      if (reply.kind !== "answer" || !reply.topic) return reply;
      const { before, after } = await live(reply.topic, reply.language);
      return { ...reply, blocks: [...before, ...reply.blocks, ...after] };
    }),
  );
}
