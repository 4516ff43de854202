import {
  type Block,
  bold,
  type Inline,
  inlineText,
  link,
  paragraph,
  text,
  visibleLength,
} from "../core/richtext.ts";
import { formatDate } from "../text/dates.ts";
import type { Language } from "../text/language.ts";
import { contentIn, type KnowledgeBase, type Source, type Topic } from "./knowledge-base.ts";

/**
 * A topic's answer as people read it on a phone: its title first, in bold, so that whatever
 * the person asked, a leading "No." reads as the answer to the question named above it; then
 * the answer; then one compact line of sources (publisher and year, linked) and how current it
 * is. The full list of sources is one tap away ({@link sourceListBlocks}); related topics are
 * offered as choices by the engine, not written here.
 */
export function answerBlocks(kb: KnowledgeBase, topic: Topic, language: Language): Block[] {
  return framed(kb, topic, language, contentIn(topic, language).content.blocks);
}

/** Answer blocks as people read them: the title in bold, then them, the sources line, the date. */
function framed(kb: KnowledgeBase, topic: Topic, language: Language, body: Block[]): Block[] {
  const { content } = contentIn(topic, language);
  const blocks: Block[] = [paragraph(bold(text(content.title))), ...body];
  const line = sourcesLine(kb, topic, language);
  if (line) blocks.push(line);
  blocks.push(paragraph(text(currencyLine(kb, topic, language))));
  return blocks;
}

/**
 * How much of an answer a shared card carries, in visible characters: what a relative reads on
 * a phone without scrolling, before deciding to open the whole answer.
 */
const CARD_CHARS = 600;

/**
 * A topic's answer as a card to pass on to another chat: the title, the answer's opening (its
 * blocks while the card stays within {@link CARD_CHARS}; of a list that does not fit, its first
 * items), the compact sources line and how current it is. The rest is a tap away, in the bot.
 */
export function cardBlocks(kb: KnowledgeBase, topic: Topic, language: Language): Block[] {
  const { content } = contentIn(topic, language);
  const opening: Block[] = [];
  for (const block of content.blocks) {
    const fitting = fittingPart(block, opening);
    if (fitting) opening.push(fitting);
    if (fitting !== block) break;
  }
  // A lead-in whose list did not fit ("Instead:") would end the card on a promise.
  while (opening.length > 1 && introducesWhatFollows(opening[opening.length - 1])) opening.pop();
  return framed(kb, topic, language, opening);
}

/** The block, or the part of it that still fits after `before`; the first block always fits. */
function fittingPart(block: Block, before: Block[]): Block | undefined {
  if (before.length === 0 || visibleLength([...before, block]) <= CARD_CHARS) return block;
  if (block.kind !== "list") return undefined;
  const items = block.items.filter(
    (_, i) =>
      visibleLength([...before, { ...block, items: block.items.slice(0, i + 1) }]) <= CARD_CHARS,
  );
  return items.length > 0 ? { ...block, items } : undefined;
}

function introducesWhatFollows(block: Block | undefined): boolean {
  return block?.kind === "paragraph" && /[:：]\s*$/.test(inlineText(block.content));
}

/** Sources shown by name before "and N more": the line must stay one line on a phone. */
const COMPACT_SOURCES = 4;

/**
 * "Sources: Filterwatch 2024, Iran International 2025 and 2 more", each publisher and year
 * linked to its first source. Persian names the publisher as Persian readers know it and gives
 * the Solar Hijri year.
 */
function sourcesLine(kb: KnowledgeBase, topic: Topic, language: Language): Block | undefined {
  const groups = new Map<string, Source>();
  for (const source of citedSources(kb, topic)) {
    const label = `${publisherName(kb, source, language)} ${formatDate(source.date, language, "year")}`;
    if (!groups.has(label)) groups.set(label, source);
  }
  if (groups.size === 0) return undefined;
  const ui = kb.ui[language];
  const shown = [...groups].slice(0, COMPACT_SOURCES);
  const parts: Inline[] = [text(`${ui.sources} `)];
  shown.forEach(([label, source], i) => {
    if (i > 0) parts.push(text(language === "fa" ? "، " : ", "));
    parts.push(link(label, source.url));
  });
  const more = groups.size - shown.length;
  if (more > 0)
    parts.push(text(` ${ui.sources_more.replace("{count}", localDigits(String(more), language))}`));
  return paragraph(...parts);
}

/**
 * How current the answer is. An answer built on dated facts says how new its newest fact is
 * ("My newest information is from June 2026"): a recent review date beside older data would
 * claim a currency the answer does not have. Other answers say when they were last checked.
 */
export function currencyLine(kb: KnowledgeBase, topic: Topic, language: Language): string {
  const ui = kb.ui[language];
  return topic.newestFact
    ? ui.newest_information.replace("{date}", formatDate(topic.newestFact, language, "month"))
    : ui.reviewed.replace("{date}", formatDate(topic.reviewed, language));
}

/** Every source of a topic in full (title, publisher, date, link): what "All sources" shows. */
export function sourceListBlocks(kb: KnowledgeBase, topic: Topic, language: Language): Block[] {
  const { content } = contentIn(topic, language);
  const items = citedSources(kb, topic).map((source) => [
    link(sourceTitle(source, language), source.url),
    text(
      ` (${publisherName(kb, source, language)}${language === "fa" ? "،" : ","} ${formatDate(source.date, language)})`,
    ),
  ]);
  return [
    paragraph(text(kb.ui[language].sources_for.replace("{title}", content.title))),
    { kind: "list", ordered: false, items },
  ];
}

/** The topic's sources that exist, in the order the topic lists them. */
export function citedSources(kb: KnowledgeBase, topic: Topic): Source[] {
  return topic.sources.flatMap((id) => {
    const source = kb.sources.get(id);
    return source ? [source] : [];
  });
}

/** A source's title in the reader's language where the source has one. */
export function sourceTitle(source: Source, language: Language): string {
  return language === "fa" && source.titleFa ? source.titleFa : source.title;
}

/** A source's publisher as readers of `language` know it. */
export function publisherName(kb: KnowledgeBase, source: Source, language: Language): string {
  const publisher = kb.publishers.get(source.publisher);
  if (!publisher) return source.publisher;
  return language === "fa" && publisher.nameFa ? publisher.nameFa : publisher.name;
}

/** Persian text writes its numbers in Persian digits (۲۰۲۶), so a number reads as part of it. */
export function localDigits(value: string, language: Language): string {
  return language === "fa"
    ? value.replace(/\d/g, (d) => String.fromCharCode(0x06f0 + Number(d)))
    : value;
}
