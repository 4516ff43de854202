import { type Step, turnLanguage } from "./turn.ts";

/** The pipeline's draft step: a moderator composing an alert, whose text is the alert's. */
export const draftStep: Step = async (turn) => {
  const { message, kb, parts } = turn;
  const desk = parts.alerts;
  if (!desk || !(await desk.composing(message))) return undefined;
  // Not the text's script: a Persian alert text must not switch the moderator's language.
  return desk.text({ message, kb, language: await turnLanguage(turn) });
};
