import { type Block, toPlainText } from "../core/richtext.ts";
import { cardBlocks } from "../knowledge/answer.ts";
import { contentIn, type KnowledgeBase, type Topic } from "../knowledge/knowledge-base.ts";
import { CATEGORIES } from "../knowledge/schema.ts";
import { detectScriptLanguage, LANGUAGES, type Language } from "../text/language.ts";
import type { Knowledge } from "./knowledge.ts";

/**
 * One answer as a card someone passes on to another chat (Telegram's inline mode: typing
 * `@PanahBot bale` in a family chat). Built from the query alone: nothing about the person
 * sharing is read or kept.
 */
export interface ShareCard {
  /** Unique among one query's cards: `<topic>:<language>`. */
  id: string;
  topic: string;
  language: Language;
  title: string;
  /** The answer's first words, shown under the title in the list to pick from. */
  preview: string;
  /** What is sent: the title, the answer's opening, its sources line and date. */
  blocks: Block[];
  /** The label of the link that opens the full answer in a chat with the bot. */
  openLabel: string;
  /** The start parameter of that link (`t.me/<bot>?start=bale_fa`): see {@link parseStartPayload}. */
  startPayload: string;
}

/** Topics offered for one query; each comes in both languages, the query's first. */
const CARD_TOPICS = 5;
/** A longer query is cut here: Telegram's own limit on inline queries is 256 characters. */
const MAX_QUERY_CHARS = 256;
const PREVIEW_CHARS = 120;

/**
 * The cards for a query, best first: the topic named by its id (what a Share button under an
 * answer types), then the topics the router ranks for the query's words, each in the query's
 * language and then the other. An empty query offers {@link FEATURED} topics, in the language
 * of `hint` (the platform's idea of the person's language).
 */
export function shareCards(knowledge: Knowledge, query: string, hint?: Language): ShareCard[] {
  const words = query.trim().slice(0, MAX_QUERY_CHARS);
  const { kb } = knowledge;
  const { topics, language } = words
    ? rankedTopics(knowledge, words)
    : { topics: featuredTopics(kb), language: hint ?? "en" };
  const order = [language, ...LANGUAGES.filter((l) => l !== language)];
  return topics
    .slice(0, CARD_TOPICS)
    .flatMap((topic) => order.filter((l) => topic.content[l]).map((l) => card(kb, topic, l)));
}

function rankedTopics(
  { kb, router }: Knowledge,
  words: string,
): { topics: Topic[]; language: Language } {
  const named = kb.topics.get(words.toLowerCase());
  const script = detectScriptLanguage(words);
  const route = router.route(words, script);
  const ids = [named?.id, route.intent, ...route.alternatives.map((c) => c.intent)];
  const topics = [...new Set(ids)].flatMap((id) => {
    const topic = id ? kb.topics.get(id) : undefined;
    return topic ? [topic] : [];
  });
  // Finglish ("bale amne?") is matched by the Persian index: its reader reads Persian. A topic
  // id is Latin but no Finglish.
  const language = script === "fa" ? "fa" : named ? "en" : route.language;
  return { topics, language };
}

/**
 * What people pass on most, offered before anything is typed: how to keep in touch, the app
 * the state pushes, VPNs and their legal risk, what to do after an arrest, fake apps.
 */
const FEATURED = ["contact-family", "bale", "vpn", "arrested-relative", "fake-apps"];

/**
 * With nothing typed yet: {@link FEATURED}, then (for a knowledge base without them) the first
 * topic of each category, in menu order.
 */
function featuredTopics(kb: KnowledgeBase): Topic[] {
  const topics = [...kb.topics.values()];
  const firsts = CATEGORIES.flatMap((category) => {
    const first = topics.find((topic) => topic.category === category);
    return first ? [first.id] : [];
  });
  return [...new Set([...FEATURED, ...firsts])].flatMap((id) => {
    const topic = kb.topics.get(id);
    return topic ? [topic] : [];
  });
}

function card(kb: KnowledgeBase, topic: Topic, language: Language): ShareCard {
  const { content } = contentIn(topic, language);
  const preview = toPlainText(content.blocks.slice(0, 1)).replace(/\s+/g, " ").trim();
  return {
    id: `${topic.id}:${language}`,
    topic: topic.id,
    language,
    title: content.title,
    preview: preview.length > PREVIEW_CHARS ? `${preview.slice(0, PREVIEW_CHARS - 1)}…` : preview,
    blocks: cardBlocks(kb, topic, language),
    openLabel: kb.ui[language].share_open,
    startPayload: `${topic.id}_${language}`,
  };
}

/**
 * What a deep link's start parameter asks for: a topic id, with the language of the card it
 * came from (`bale_fa`), so that a relative who opens a Persian card reads the answer in
 * Persian whatever their phone's language. Telegram allows only `A-Za-z0-9_-` there.
 */
export function parseStartPayload(
  payload: string,
): { topic: string; language?: Language } | undefined {
  const match = /^([a-z0-9-]+?)(?:_(en|fa))?$/.exec(payload.trim().toLowerCase());
  if (!match?.[1]) return undefined;
  const language = match[2] as Language | undefined;
  return language ? { topic: match[1], language } : { topic: match[1] };
}
