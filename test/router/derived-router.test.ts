import { describe, expect, it } from "vitest";
import { BUNDLED_KNOWLEDGE_DIR } from "../../src/engine/knowledge.ts";
import type { Topic } from "../../src/knowledge/knowledge-base.ts";
import { loadKnowledge } from "../../src/knowledge/loader.ts";
import { DocumentCache } from "../../src/router/language-index.ts";
import { Router } from "../../src/router/router.ts";
import { LANGUAGES } from "../../src/text/language.ts";

// Leave-one-out evaluation (and `panah validate`) derives a router per held-out example from
// one full router instead of building each from scratch; its routes must be the same.
describe("a router derived with one topic changed", () => {
  it("routes every held-out example exactly as a router built from scratch would", {
    timeout: 120_000,
  }, async () => {
    const { kb } = await loadKnowledge(BUNDLED_KNOWLEDGE_DIR);
    if (!kb) throw new Error("the bundled knowledge base does not load");
    for (const language of LANGUAGES) {
      const cache = new DocumentCache();
      const full = new Router(kb, undefined, { languages: [language], cache });
      let compared = 0;
      for (const topic of kb.topics.values()) {
        const content = topic.content[language];
        if (!content) continue;
        // Every twelfth example of each topic: the first, which the changed topic's own words
        // depend on most, and a spread of the rest.
        for (let index = 0; index < content.examples.length; index += 12) {
          const example = content.examples[index] ?? "";
          const without: Topic = {
            ...topic,
            content: {
              ...topic.content,
              [language]: { ...content, examples: content.examples.filter((_, j) => j !== index) },
            },
          };
          const changed = { ...kb, topics: new Map(kb.topics).set(topic.id, without) };
          const derived = full.withTopicFrom(changed, topic.id, language, cache);
          const scratch = new Router(changed, undefined, { languages: [language] });
          expect(derived.routeIn(example, language), example).toEqual(
            scratch.routeIn(example, language),
          );
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(60);
    }
  });
});
