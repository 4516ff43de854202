import type { AlertDesk } from "../alerts/alert-desk.ts";
import type { OutboundMessage } from "../core/messages.ts";
import type { Block } from "../core/richtext.ts";
import type { KnowledgeBase } from "../knowledge/knowledge-base.ts";
import type { Language } from "../text/language.ts";

/**
 * What goes around a topic's answer when it is sent, from outside the knowledge base: the
 * moderators' latest status alert, live measurements (src/status). Nothing for most topics.
 */
export type AnswerLines = (
  topic: string,
  language: Language,
) => Promise<{ before: Block[]; after: Block[] }>;

const NOTHING = { before: [], after: [] };

/** The topic whose answer is preceded by the moderators' latest connectivity status. */
const STATUS_TOPIC = "blackout-status";

/** The latest unexpired status alert (if any), before a `blackout-status` answer. */
export function latestStatusLines(desk: AlertDesk, kb: () => KnowledgeBase): AnswerLines {
  return async (topic, language) =>
    topic === STATUS_TOPIC
      ? { before: await desk.latestStatus(kb(), language), after: [] }
      : NOTHING;
}

/**
 * The replies with each source's lines around their answers, the first source innermost (so
 * live measurements open the answer above the moderators' status); other replies as they were.
 */
export async function aroundAnswers(
  replies: OutboundMessage[],
  sources: readonly AnswerLines[],
): Promise<OutboundMessage[]> {
  if (sources.length === 0) return replies;
  return Promise.all(
    replies.map(async (reply) => {
      if (reply.kind !== "answer" || !reply.topic) return reply;
      let blocks = reply.blocks;
      for (const lines of sources) {
        const { before, after } = await lines(reply.topic, reply.language);
        blocks = [...before, ...blocks, ...after];
      }
      return { ...reply, blocks };
    }),
  );
}
