import type { KnowledgeBase, Topic } from "../src/knowledge/knowledge-base.ts";

/**
 * A knowledge base `factor` times the size of `kb`, made deterministically from it: each
 * copy of a topic gets its own id and a word of its own in every example and keyword, so the
 * vocabulary and the postings grow as a real, larger base's would.
 */
export function scaledKnowledge(kb: KnowledgeBase, factor: number): KnowledgeBase {
  const topics = new Map<string, Topic>();
  for (let copy = 0; copy < factor; copy++)
    for (const topic of kb.topics.values()) {
      const id = copy === 0 ? topic.id : `${topic.id}-x${copy}`;
      const marker = copy === 0 ? "" : ` ${wordFor(copy)}`;
      const content: Topic["content"] = {};
      for (const [language, c] of Object.entries(topic.content) as [
        keyof Topic["content"],
        NonNullable<Topic["content"]["en"]>,
      ][])
        content[language] = {
          ...c,
          examples: c.examples.map((e, i) => `${rotateWords(e, copy + i)}${marker}`),
          keywords: c.keywords.map((k) => `${k}${marker}`),
        };
      topics.set(id, { ...topic, id, related: [], content });
    }
  return { ...kb, topics };
}

/** A made-up word per copy (deterministic, never a real English or Persian word). */
function wordFor(n: number): string {
  const letters = "bcdfghjklmnpqrstvwz";
  let word = "q";
  for (let x = n; x > 0; x = Math.floor(x / letters.length)) word += letters[x % letters.length];
  return `${word}x`;
}

/** The same words in another order, so copies differ without changing their vocabulary. */
function rotateWords(text: string, by: number): string {
  const words = text.split(" ");
  const k = by % Math.max(1, words.length);
  return [...words.slice(k), ...words.slice(0, k)].join(" ");
}
