import type { KnowledgeBase, Topic } from "../knowledge/knowledge-base.ts";
import { DocumentCache } from "../router/language-index.ts";
import { type Route, Router, type Thresholds } from "../router/router.ts";
import type { Language } from "../text/language.ts";

/** One of the knowledge base's own examples, routed by a router built without it. */
export interface HeldOutExample {
  topic: Topic;
  index: number;
  example: string;
  route: Route;
}

/**
 * Routes every example of `language` with a router built without that example, so the route
 * says how well the other examples cover it (as a paraphrase of it would be routed).
 * `panah eval` scores these; `panah validate` warns about the ones answered wrongly.
 */
export function* leaveOneOutRoutes(
  kb: KnowledgeBase,
  language: Language,
  thresholds?: Thresholds,
): Generator<HeldOutExample> {
  // One full router, and from it one per example that rebuilds only the held-out example's
  // topic: the other topics' documents and index entries are shared.
  const cache = new DocumentCache();
  const full = new Router(kb, thresholds, { languages: [language], cache });
  for (const topic of kb.topics.values()) {
    const content = topic.content[language];
    if (!content) continue;
    for (const [index, example] of content.examples.entries()) {
      const without: Topic = {
        ...topic,
        content: {
          ...topic.content,
          [language]: { ...content, examples: content.examples.filter((_, j) => j !== index) },
        },
      };
      const topics = new Map(kb.topics);
      topics.set(topic.id, without);
      const router = full.withTopicFrom({ ...kb, topics }, topic.id, language, cache);
      yield { topic, index, example, route: router.routeIn(example, language) };
    }
  }
}
