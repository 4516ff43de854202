import { MAX_MESSAGE_CHARS } from "../core/messages.ts";
import { detectScriptLanguage } from "../text/language.ts";
import { wordsOf } from "../text/words.ts";
import { replyLanguage } from "./language.ts";
import { Replies } from "./replies.ts";
import { isSmalltalkPhrase, smalltalkReply } from "./smalltalk.ts";
import { languageClues, type Step } from "./turn.ts";

/**
 * The pipeline's last step, which always answers: the message is a question, routed to a
 * topic's answer, a "did you mean", or the fallback with the topic menu; or it is small talk,
 * which gets a human reply (smalltalk.ts).
 */
export const questionStep: Step = async (turn) => {
  const { message, kb, router, parts } = turn;
  const written = detectScriptLanguage(message.text);
  const clues = await languageClues(turn);
  if (message.text.length > MAX_MESSAGE_CHARS) {
    const replies = new Replies(kb, replyLanguage({ ...clues, written }), message.chatId);
    return [replies.notice("too_long", { length: message.text.length, max: MAX_MESSAGE_CHARS })];
  }
  const route = router.route(message.text, replyLanguage({ ...clues, written }));
  // Finglish routes through the Persian index: answer it in Persian unless the person chose.
  const words = written === "en" && route.decision !== "fallback" ? route.language : written;
  const smalltalk = route.explanation.smalltalk === true || isSmalltalkPhrase(kb, message.text);
  // Latin-letter small talk ("merci", "ok") says little about a language: a Persian
  // conversation stays Persian.
  const language = replyLanguage({
    ...clues,
    written: smalltalk && written === "en" ? (clues.conversation ?? words) : words,
  });
  const replies = new Replies(kb, language, message.chatId);
  if (route.explanation.tokens.length === 0 && wordsOf(message.text).length === 0)
    return [replies.notice("empty_message", {}, replies.categoryChoices())];
  if (route.decision === "answer" && route.intent) {
    const topic = kb.topics.get(route.intent);
    if (topic) return [replies.answer(topic)];
  }
  if (smalltalk) return smalltalkReply(turn, replies);
  if (route.decision === "suggest") return [replies.suggest(route.alternatives)];
  await parts.unanswered?.record(message.text, language).catch(() => undefined);
  return [replies.fallback()];
};
