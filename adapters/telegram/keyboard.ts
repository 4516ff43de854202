import type { InlineKeyboardMarkup } from "grammy/types";
import { type Choice, MAX_ACTION_BYTES } from "../../src/index.ts";

/** Whether Telegram takes this as a button's callback data (the core keeps actions within it). */
export function fitsCallbackData(action: string): boolean {
  const bytes = Buffer.byteLength(action, "utf8");
  return bytes >= 1 && bytes <= MAX_ACTION_BYTES;
}

/**
 * Choices as an inline keyboard, one button per row (labels are whole questions, often
 * Persian, and read best on their own line). Pressing one sends its `action` back as the
 * callback data. A choice whose action Telegram would refuse is left out rather than
 * failing the whole reply; the core keeps actions short, so this is a safety net.
 */
export function inlineKeyboard(choices: Choice[]): InlineKeyboardMarkup | undefined {
  const rows = choices
    .filter((choice) => fitsCallbackData(choice.action) && choice.label.trim() !== "")
    .map((choice) => [{ text: choice.label, callback_data: choice.action }]);
  return rows.length > 0 ? { inline_keyboard: rows } : undefined;
}
