import { inlineText, visibleLength } from "../core/richtext.ts";
import { LANGUAGES, type Language } from "../text/language.ts";
import { answerBlocks } from "./answer.ts";
import type { ParsedKnowledge } from "./checks.ts";
import type { KnowledgeBase } from "./knowledge-base.ts";
import type { Problem } from "./problems.ts";

/** Telegram's limit on one message, after rendering. */
export const MAX_MESSAGE_CHARS = 4096;

/**
 * What fits one phone screen before the sources line: about 900 characters of English, and a
 * little more Persian, whose words run longer in characters for the same meaning.
 */
export const PHONE_SCREEN_CHARS: Record<Language, number> = { en: 900, fa: 1000 };

/**
 * Checks on the shape of each answer as people read it: it fits one Telegram message with its
 * sources, its body fits a phone screen (a warning: detail belongs in related topics), and a
 * "Yes."/"No." opener answers the question its title asks. Run on the built base, where facts
 * are filled in, so the lengths are what people see.
 */
export function checkAnswers(kb: KnowledgeBase, parsed: ParsedKnowledge): Problem[] {
  const problems: Problem[] = [];
  for (const { yaml, value } of parsed.topics) {
    const topic = kb.topics.get(value.id);
    if (!topic) continue;
    for (const language of LANGUAGES) {
      const content = topic.content[language];
      if (!content) continue;
      const path = [language, "answer"];
      const length = visibleLength(answerBlocks(kb, topic, language));
      if (length > MAX_MESSAGE_CHARS)
        problems.push(
          yaml.error(
            path,
            `the answer is ${length} characters with its sources, over the ${MAX_MESSAGE_CHARS} one message may hold: shorten it`,
          ),
        );
      const body = visibleLength(content.blocks);
      const screen = PHONE_SCREEN_CHARS[language];
      if (body > screen)
        problems.push(
          yaml.error(
            path,
            `the answer reads ${body} characters before its sources, over the ${screen} that fit one phone screen: move detail into a related topic`,
            "warning",
          ),
        );
      const first = content.blocks[0];
      const opening = first?.kind === "paragraph" ? inlineText(first.content) : "";
      const opener = openerProblem(opening, content.title, language);
      if (opener) problems.push(yaml.error(path, opener, "warning"));
    }
  }
  return problems;
}

/**
 * Why an answer's first word cannot stand after its title, or undefined. The title is shown
 * first, so "No." is read as the answer to the title's question: that works only when the
 * title is a yes/no question. In Persian «بله» (yes) is also the app Bale, so it never opens.
 */
export function openerProblem(
  opening: string,
  title: string,
  language: Language,
): string | undefined {
  const trimmed = opening.trim();
  if (language === "fa") {
    if (/^بله(?=[\s.،:؛!]|$)/.test(trimmed))
      return "the answer opens with «بله», which also names the app Bale: open with «آری» or «درست است», or a full sentence";
    const yesNo = /^(?:آری|نه|خیر)(?=[\s.،:؛!]|$)/.exec(trimmed);
    if (yesNo && !isPersianYesNoQuestion(title))
      return `the answer opens with «${yesNo[0]}» but its title «${title}» is not a yes/no question: open with a full sentence`;
    return undefined;
  }
  const yesNo = /^(?:yes|no)\b/i.exec(trimmed);
  if (
    yesNo &&
    !/^(?:is|are|can|could|do|does|did|should|will|would|was|were|has|have)\b.*\?$/i.test(
      title.trim(),
    )
  )
    return `the answer opens with "${yesNo[0]}" but its title "${title}" is not a yes/no question: open with a full sentence`;
  return undefined;
}

/** A Persian question answered by yes or no: it ends in ؟ and asks no "what, how, which...". */
function isPersianYesNoQuestion(title: string): boolean {
  const t = title.trim();
  if (!/[؟?]$/.test(t)) return false;
  return !/(?:^|\s)(?:چه|چی|چطور|چطوری|چگونه|کجا|کی|چرا|کدام|کدوم|چند|چقدر|چیست|چیه)(?=[\s؟?‌]|$)/.test(
    t,
  );
}
