import type { KnowledgeBase } from "../knowledge/knowledge-base.ts";
import { topicWords } from "../router/language-index.ts";
import { LANGUAGES, type Language } from "../text/language.ts";
import { MIN_PERSIAN_STEM, PERSIAN_ENDINGS } from "../text/stem.ts";
import { stopWordsOf } from "../text/stopwords.ts";

/**
 * What the offline guide's search ranks with, built at export time from the very terms the
 * bot's router indexes (src/router/language-index.ts): each topic's examples, title and
 * keywords, normalized, stop words out, English stemmed. The page never sees the examples
 * themselves, only this index, so a question asked in other words than the answer's still
 * finds it, as it does in the chat.
 *
 * Compact, because the guide is passed around on slow links: per language, one string of
 * `term postings` pairs separated by spaces, the terms in code-point order and each written as
 * a digit (how many leading characters it shares with the one before) and the rest, where postings name the topics by one letter each
 * (two past 52 topics), a digit after one saying how often the term occurs there when more than
 * once; after a `!`, the topics that have the term as a keyword, the same way.
 * E.g. `{"en":"0tor b 0vpn a3c!a 3s c", ...}`: "tor" once in the second topic; "vpn" three
 * times in the first, where it is a keyword, and once in the third; "vpns" once in the third.
 */
export interface GuideIndex {
  /** Topic ids in the order the letters count: `a` is the first. */
  topics: string[];
  en: string;
  fa: string;
  /** Words the search skips, space-separated, as the router does. */
  stop: Record<Language, string>;
  /** Persian endings tried off an unknown word («پیامامو» → «پیام»), and the shortest stem left. */
  endings: string;
  minStem: number;
}

const LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
/** How often a term counts in one topic at most: BM25 saturates long before. */
const MAX_COUNT = 9;

export function guideIndex(kb: KnowledgeBase): GuideIndex {
  const topics = [...kb.topics.values()];
  const width = topics.length <= LETTERS.length ? 1 : 2;
  const letter = (i: number) =>
    width === 1
      ? (LETTERS[i] ?? "")
      : `${LETTERS[Math.floor(i / LETTERS.length)]}${LETTERS[i % LETTERS.length]}`;
  const part = (language: Language): string => {
    const documents = topics.map((topic) => {
      const content = topic.content[language];
      return content ? topicWords(content, language) : { words: [], keywords: [] };
    });
    const words = countsByTerm(documents.map((d) => d.words));
    const keywords = countsByTerm(documents.map((d) => d.keywords));
    const list = (counts: Map<number, number>) =>
      [...counts]
        .map(([doc, n]) => `${letter(doc)}${n > 1 ? Math.min(n, MAX_COUNT) : ""}`)
        .join("");
    let previous = "";
    return [...words]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([term, counts]) => {
        const keyword = keywords.get(term);
        const shared = sharedPrefix(previous, term);
        previous = term;
        return `${shared}${term.slice(shared)} ${list(counts)}${keyword ? `!${list(keyword)}` : ""}`;
      })
      .join(" ");
  };
  return {
    topics: topics.map((topic) => topic.id),
    en: part("en"),
    fa: part("fa"),
    stop: Object.fromEntries(
      LANGUAGES.map((language) => [language, stopWordsOf(language).join(" ")]),
    ) as Record<Language, string>,
    endings: PERSIAN_ENDINGS.join(" "),
    minStem: MIN_PERSIAN_STEM,
  };
}

/** How many leading characters two terms share, up to 9 (one digit). */
function sharedPrefix(a: string, b: string): number {
  let n = 0;
  while (n < MAX_SHARED && n < a.length && n < b.length - 1 && a[n] === b[n]) n++;
  return n;
}
const MAX_SHARED = 9;

/** For each term, how often each topic has it. */
function countsByTerm(documents: string[][]): Map<string, Map<number, number>> {
  const byTerm = new Map<string, Map<number, number>>();
  documents.forEach((tokens, doc) => {
    for (const token of tokens) {
      const counts = byTerm.get(token) ?? new Map<number, number>();
      counts.set(doc, (counts.get(doc) ?? 0) + 1);
      byTerm.set(token, counts);
    }
  });
  return byTerm;
}

/**
 * The index as the page embeds it: JSON in a `<script type="application/json">` block, which
 * no browser runs (so the CSP need not allow it), with `<` escaped so no term can close it.
 */
export function guideIndexJson(kb: KnowledgeBase): string {
  return JSON.stringify(guideIndex(kb)).replace(/</g, "\\u003c");
}
