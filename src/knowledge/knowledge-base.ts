import type { Block } from "../core/richtext.ts";
import type { Language } from "../text/language.ts";
import type { Category, SmalltalkKind, UiStrings } from "./schema.ts";

/** A topic's text in one language, with its answer parsed and facts filled in. */
export interface TopicContent {
  title: string;
  keywords: string[];
  examples: string[];
  /** The answer as written, with `{{fact:id}}` inserts expanded. */
  answer: string;
  blocks: Block[];
}

export interface Topic {
  id: string;
  /**
   * The newest day any fact inserted in the answer speaks of (its `end`, else its `date`):
   * how current a time-sensitive answer is, which its footer says instead of the review date.
   */
  newestFact?: string;
  category: Category;
  related: string[];
  sources: string[];
  reviewed: string;
  content: Partial<Record<Language, TopicContent>>;
  /** Where it was loaded from, relative to the knowledge directory. */
  file: string;
}

export interface Source {
  id: string;
  title: string;
  /** The source's own Persian title, where it has one. */
  titleFa?: string;
  /** A publisher id (see {@link Publisher}). */
  publisher: string;
  url: string;
  date: string;
  language?: string;
}

/** Who published a source, and the official domains its links must stay inside. */
export interface Publisher {
  id: string;
  name: string;
  nameFa?: string;
  domains: string[];
}

export interface Fact {
  id: string;
  date: string;
  end?: string;
  sources: string[];
  text: Record<Language, string>;
}

/** Everything Panah knows, loaded and checked; immutable once built. */
export interface KnowledgeBase {
  dir: string;
  topics: ReadonlyMap<string, Topic>;
  sources: ReadonlyMap<string, Source>;
  publishers: ReadonlyMap<string, Publisher>;
  facts: ReadonlyMap<string, Fact>;
  ui: Record<Language, UiStrings>;
  /** Conversation that is not a question, per language and kind (knowledge/smalltalk.yaml). */
  smalltalk: Record<Language, Record<SmalltalkKind, string[]>>;
  /** Questions no topic answers, per language (knowledge/out-of-scope.yaml). */
  outOfScope: Record<Language, string[]>;
}

/** The topic's content in `language`, or in the other language when it has not been written. */
export function contentIn(
  topic: Topic,
  language: Language,
): { language: Language; content: TopicContent } {
  const own = topic.content[language];
  if (own) return { language, content: own };
  const other: Language = language === "en" ? "fa" : "en";
  const fallback = topic.content[other];
  if (!fallback) throw new Error(`topic ${topic.id} has no content`);
  return { language: other, content: fallback };
}
