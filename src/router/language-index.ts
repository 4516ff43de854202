import type { KnowledgeBase, TopicContent } from "../knowledge/knowledge-base.ts";
import type { Language } from "../text/language.ts";
import { tokenize } from "../text/tokenize.ts";
import { type Bm25Document, Bm25Index, bm25Document } from "./bm25-index.ts";
import { TypoRepair } from "./typo-repair.ts";

/** The id of the hidden document built from knowledge/out-of-scope.yaml. */
export const OUT_OF_SCOPE = "(out of scope)";
const GRAM_LENGTH = 4;

/** Everything the router looks words up in, for one language. */
export interface LanguageIndex {
  language: Language;
  /** One document per topic: its examples, title and keywords. */
  index: Bm25Index;
  /** The topics' keywords alone, indexed over the same topics in the same order. */
  keywords: Bm25Index;
  /** The same documents as character 4-grams of their words. */
  grams: Bm25Index;
  repair: TypoRepair;
  /** Each topic's distinct terms, to explain what matched. */
  termsOf: Map<string, ReadonlySet<string>>;
  /**
   * The words of small talk (thanks, yes, hello), less the topics' keywords: "help" is in
   * "thanks for the help" but asks for the get-help topic in "can you help me".
   */
  smalltalk: ReadonlySet<string>;
  /** Each small-talk phrase's tokens, joined: the phrase itself is small talk, keywords and all. */
  smalltalkPhrases: ReadonlySet<string>;
}

/** One topic's text in one language, made into the documents of the three indexes. */
interface TopicDocuments {
  words: Bm25Document;
  keywords: Bm25Document;
  grams: Bm25Document;
  terms: ReadonlySet<string>;
}

/**
 * Topic documents already built, by the knowledge object they were built from. Evaluation
 * builds a router per held-out example; all but one topic are the same objects each time, so
 * their documents are built once.
 */
export class DocumentCache {
  private readonly built = new WeakMap<object, Partial<Record<Language, TopicDocuments>>>();

  documents(
    source: object,
    language: Language,
    build: () => { words: string[]; keywords: string[] },
  ): TopicDocuments {
    const forSource = this.built.get(source) ?? {};
    this.built.set(source, forSource);
    const cached = forSource[language];
    if (cached) return cached;
    const { words, keywords } = build();
    const made = {
      words: bm25Document(words),
      keywords: bm25Document(keywords),
      grams: bm25Document(words.flatMap(gramsOf)),
      terms: new Set(words),
    };
    forSource[language] = made;
    return made;
  }
}

const EMPTY: TopicDocuments = {
  words: bm25Document([]),
  keywords: bm25Document([]),
  grams: bm25Document([]),
  terms: new Set(),
};

/** The character n-grams of a word, with its start and end marked: "^vpn$" is one gram. */
export function gramsOf(word: string): string[] {
  const marked = `^${word}$`;
  if (marked.length <= GRAM_LENGTH) return [marked];
  const grams: string[] = [];
  for (let i = 0; i + GRAM_LENGTH <= marked.length; i++)
    grams.push(marked.slice(i, i + GRAM_LENGTH));
  return grams;
}

export function buildLanguageIndex(
  kb: KnowledgeBase,
  language: Language,
  ids: readonly string[],
  cache: DocumentCache,
): LanguageIndex {
  const topics = ids.map((id) => documentsOf(kb, language, id, cache));
  const keywordTerms = new Set(topics.flatMap((t) => [...t.keywords.counts.keys()]));
  const phrases = Object.values(kb.smalltalk[language])
    .flat()
    .map((phrase) => tokenize(phrase, language));
  const unnormalized = new Set([OUT_OF_SCOPE]);
  const index = new Bm25Index(
    ids,
    topics.map((t) => t.words),
    { unnormalized },
  );
  return {
    language,
    index,
    keywords: new Bm25Index(
      ids,
      topics.map((t) => t.keywords),
    ),
    grams: new Bm25Index(
      ids,
      topics.map((t) => t.grams),
      { unnormalized },
    ),
    repair: new TypoRepair(index.terms()),
    termsOf: new Map(ids.map((id, i) => [id, topics[i]?.terms ?? new Set<string>()])),
    smalltalk: new Set(phrases.flat().filter((word) => !keywordTerms.has(word))),
    smalltalkPhrases: new Set(phrases.map((tokens) => tokens.join(" "))),
  };
}

/**
 * `base` with one topic's documents rebuilt from `kb` (where that topic has changed), sharing
 * everything else: what leave-one-out evaluation needs for each held-out example.
 */
export function withTopicFrom(
  base: LanguageIndex,
  kb: KnowledgeBase,
  id: string,
  cache: DocumentCache,
): LanguageIndex {
  const position = base.index.docIds.indexOf(id);
  if (position < 0) throw new Error(`no topic "${id}" in this index`);
  const documents = documentsOf(kb, base.language, id, cache);
  const index = base.index.withDocument(position, documents.words);
  return {
    ...base,
    index,
    keywords: base.keywords.withDocument(position, documents.keywords),
    grams: base.grams.withDocument(position, documents.grams),
    repair: new TypoRepair(index.terms()),
    termsOf: new Map(base.termsOf).set(id, documents.terms),
  };
}

function documentsOf(
  kb: KnowledgeBase,
  language: Language,
  id: string,
  cache: DocumentCache,
): TopicDocuments {
  if (id === OUT_OF_SCOPE)
    return cache.documents(kb.outOfScope[language], language, () => ({
      words: kb.outOfScope[language].flatMap((q) => tokenize(q, language)),
      keywords: [],
    }));
  const content = kb.topics.get(id)?.content[language];
  // A topic not written in this language has an empty document: it keeps its place in the
  // shared order and scores nothing here.
  if (!content) return EMPTY;
  return cache.documents(content, language, () => topicWords(content, language));
}

/**
 * The match tokens of one topic in one language: its examples, title and keywords (`words`),
 * and its keywords alone. The router indexes these; the offline guide's search ships them.
 */
export function topicWords(
  content: TopicContent,
  language: Language,
): { words: string[]; keywords: string[] } {
  const keywords = content.keywords.flatMap((k) => tokenize(k, language));
  const words = [
    ...content.examples.flatMap((e) => tokenize(e, language)),
    ...tokenize(content.title, language),
    ...keywords,
  ];
  return { words, keywords };
}
