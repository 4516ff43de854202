import { describe, expect, it } from "vitest";
import { BUNDLED_KNOWLEDGE_DIR, loadCheckedKnowledge } from "../../src/engine/knowledge.ts";
import { guideIndex, guideIndexJson } from "../../src/export/guide-index.ts";
import { topicWords } from "../../src/router/language-index.ts";
import { LANGUAGES } from "../../src/text/language.ts";

const LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** Reads one language's part the way the page does: term → topic → count, and the keywords. */
function decode(text: string) {
  const words = new Map<string, Map<number, number>>();
  const keywords = new Map<string, Set<number>>();
  const cells = text.split(" ");
  let previous = "";
  const topics = (list: string) =>
    [...list.matchAll(/([a-zA-Z])(\d?)/g)].map(
      ([, letter, n]) => [LETTERS.indexOf(letter ?? ""), Number(n || 1)] as const,
    );
  for (let i = 0; i + 1 < cells.length; i += 2) {
    const cell = cells[i] ?? "";
    const term = previous.slice(0, Number(cell[0])) + cell.slice(1);
    previous = term;
    const [all = "", keyword] = (cells[i + 1] ?? "").split("!");
    words.set(term, new Map(topics(all)));
    if (keyword) keywords.set(term, new Set(topics(keyword).map(([doc]) => doc)));
  }
  return { words, keywords };
}

describe("the offline guide's search index", () => {
  it("holds exactly the terms the router indexes, with their counts per topic and the keywords", async () => {
    const { kb } = await loadCheckedKnowledge(BUNDLED_KNOWLEDGE_DIR);
    const index = guideIndex(kb);
    const topics = [...kb.topics.values()];
    expect(index.topics).toEqual(topics.map((t) => t.id));
    for (const language of LANGUAGES) {
      const { words, keywords } = decode(index[language]);
      const expected = new Map<string, Map<number, number>>();
      const expectedKeywords = new Map<string, Set<number>>();
      topics.forEach((topic, doc) => {
        const content = topic.content[language];
        if (!content) return;
        const terms = topicWords(content, language);
        for (const term of terms.words) {
          const counts = expected.get(term) ?? new Map<number, number>();
          counts.set(doc, Math.min(9, (counts.get(doc) ?? 0) + 1));
          expected.set(term, counts);
        }
        for (const term of terms.keywords)
          expectedKeywords.set(term, (expectedKeywords.get(term) ?? new Set()).add(doc));
      });
      expect(words).toEqual(expected);
      expect(keywords).toEqual(expectedKeywords);
    }
  });

  it("stays compact: under 48 kB for the bundled knowledge base (37 kB when written)", async () => {
    const { kb } = await loadCheckedKnowledge(BUNDLED_KNOWLEDGE_DIR);
    const bytes = Buffer.byteLength(guideIndexJson(kb));
    expect(bytes).toBeLessThan(48 * 1024);
  });
});
