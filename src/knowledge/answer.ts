import { type Block, type Inline, link, paragraph, text } from "../richtext.ts";
import type { Language } from "../text/language.ts";
import { contentIn, type KnowledgeBase, type Topic } from "./knowledge-base.ts";

/**
 * A topic's answer as people read it: the answer itself, then its sources (title, publisher,
 * date, linked) and when it was last checked. Related topics are offered as choices by the
 * engine, not written here.
 */
export function answerBlocks(kb: KnowledgeBase, topic: Topic, language: Language): Block[] {
  const { content } = contentIn(topic, language);
  const ui = kb.ui[language];
  const sources: Inline[][] = topic.sources.flatMap((id) => {
    const source = kb.sources.get(id);
    return source
      ? [[link(source.title, source.url), text(` (${source.publisher}, ${source.date})`)]]
      : [];
  });
  const footer: Block[] = [];
  if (sources.length > 0) {
    footer.push(paragraph(text(ui.sources)), { kind: "list", ordered: false, items: sources });
  }
  footer.push(
    paragraph(text(ui.reviewed.replace("{date}", localDigits(topic.reviewed, language)))),
  );
  return [...content.blocks, ...footer];
}

/** Persian text writes its numbers in Persian digits (۲۰۲۶-۱۱-۲۸), so a date reads as part of it. */
export function localDigits(value: string, language: Language): string {
  return language === "fa"
    ? value.replace(/\d/g, (d) => String.fromCharCode(0x06f0 + Number(d)))
    : value;
}
