import { encodeAction } from "../core/actions.ts";
import type { OutboundMessage } from "../core/messages.ts";
import type { KnowledgeBase } from "../knowledge/knowledge-base.ts";
import { SMALLTALK_KINDS, type SmalltalkKind } from "../knowledge/schema.ts";
import { LANGUAGES } from "../text/language.ts";
import { normalize } from "../text/normalize.ts";
import { wordsOf } from "../text/words.ts";
import { actOn } from "./choice-step.ts";
import type { Replies } from "./replies.ts";
import { chatKey, type Turn } from "./turn.ts";

/** The "None of these: show all topics" choice under a "Did you mean…?". */
const MENU = encodeAction({ kind: "command", command: "topics" });

/** Each knowledge base's small talk, read once: whole phrases, and each word's first kind. */
const readings = new WeakMap<
  KnowledgeBase,
  { phrases: Map<string, SmalltalkKind>; words: Map<string, SmalltalkKind> }
>();

/**
 * What a piece of small talk means (knowledge/smalltalk.yaml): the kind of the phrase it is,
 * or else the kinds its words belong to ("yes thanks!" is a yes and a thank-you). A word in
 * several kinds counts for the first in the file's order (thanks, yes, no, hello, bye, other).
 */
export function smalltalkKinds(kb: KnowledgeBase, text: string): Set<SmalltalkKind> {
  const reading = readingOf(kb);
  const whole = reading.phrases.get(normalize(text));
  if (whole) return new Set([whole]);
  const kinds = new Set<SmalltalkKind>();
  for (const word of wordsOf(text)) {
    const kind = reading.words.get(word);
    if (kind) kinds.add(kind);
  }
  return kinds;
}

/**
 * Whether the message is, word for word, one of the small-talk phrases in either language.
 * The router, reading Latin letters as English, does not see Finglish small talk ("merci",
 * "mamnoon") when it routes by the English index.
 */
export function isSmalltalkPhrase(kb: KnowledgeBase, text: string): boolean {
  return text.length <= MAX_PHRASE_CHARS && readingOf(kb).phrases.has(normalize(text));
}

/** Longer than any small-talk phrase: not worth normalizing to look it up. */
const MAX_PHRASE_CHARS = 64;

function readingOf(kb: KnowledgeBase) {
  let reading = readings.get(kb);
  if (!reading) {
    reading = { phrases: new Map(), words: new Map() };
    for (const kind of SMALLTALK_KINDS)
      for (const language of LANGUAGES)
        for (const phrase of kb.smalltalk[language][kind]) {
          reading.phrases.set(normalize(phrase), kind);
          for (const word of wordsOf(phrase))
            if (!reading.words.has(word)) reading.words.set(word, kind);
        }
    readings.set(kb, reading);
  }
  return reading;
}

/**
 * A human reply to small talk. Right after "Did you mean…?", a yes picks the one suggestion
 * (or asks which, when there were several) and a no shows the topic menu; otherwise a thank-you
 * gets "you're welcome", a greeting a greeting, a goodbye a goodbye, and the rest a short
 * "all right" that says how to go on. Never the "I'm not sure I understood" fallback.
 */
export async function smalltalkReply(turn: Turn, replies: Replies): Promise<OutboundMessage[]> {
  const kinds = smalltalkKinds(turn.kb, turn.message.text);
  const suggested = turn.parts.offered.suggestion(chatKey(turn.message));
  if (suggested && (kinds.has("yes") || kinds.has("no"))) {
    const menu = suggested.find((choice) => choice.action === MENU);
    const topics = suggested.filter((choice) => choice !== menu);
    if (kinds.has("no")) return menu ? actOn(turn, menu.action) : [replies.notice("smalltalk_ok")];
    if (topics.length === 1 && topics[0]) return actOn(turn, topics[0].action);
    return [{ ...replies.notice("which_one", {}, suggested), kind: "suggest" }];
  }
  if (kinds.has("thanks")) return [replies.notice("smalltalk_thanks")];
  if (kinds.has("hello")) return [replies.notice("smalltalk_hello", {}, replies.categoryChoices())];
  if (kinds.has("bye")) return [replies.notice("smalltalk_bye")];
  return [replies.notice("smalltalk_ok")];
}
