/**
 * Word wrapping for the terminal chat, so an answer reads at 80 columns instead of running off
 * the edge or breaking mid-word wherever the terminal cuts it.
 *
 * Lines break at spaces only: a word longer than the width (a link, mostly) gets a line of its
 * own and stays whole, so it can still be copied or clicked. A list item's continuation lines
 * start under its text, not under its bullet. Persian wraps the same way: the text is kept in
 * logical order and the terminal lays out each line right to left.
 */
export function wrapText(text: string, width: number): string {
  return text
    .split("\n")
    .map((line) => wrapLine(line, Math.max(width, MIN_WIDTH)))
    .join("\n");
}

/** Narrower than this, a hanging indent leaves no room for words. */
const MIN_WIDTH = 20;

/** "• ", "3. " or "  1. " at the start of a line: where a list item's text begins. */
const ITEM_MARKER = /^\s*(?:[•\-*]|\d+[.)])\s+/;

function wrapLine(line: string, width: number): string {
  if (columnsOf(line) <= width) return line;
  const marker = ITEM_MARKER.exec(line)?.[0] ?? /^\s*/.exec(line)?.[0] ?? "";
  const indent = " ".repeat(columnsOf(marker));
  const words = line.slice(marker.length).split(/ +/).filter(Boolean);
  const lines: string[] = [];
  let current = marker;
  let currentWidth = columnsOf(marker);
  let empty = true;
  for (const word of words) {
    const wordWidth = columnsOf(word);
    if (!empty && currentWidth + 1 + wordWidth > width) {
      lines.push(current);
      current = indent;
      currentWidth = indent.length;
      empty = true;
    }
    current += empty ? word : ` ${word}`;
    currentWidth += (empty ? 0 : 1) + wordWidth;
    empty = false;
  }
  lines.push(current);
  return lines.join("\n");
}

/**
 * How many terminal columns `text` takes: combining marks and zero-width characters (the
 * Persian ZWNJ, bidi marks) take none, emoji take two.
 */
export function columnsOf(text: string): number {
  let columns = 0;
  for (const ch of text) {
    if (ZERO_WIDTH.test(ch)) continue;
    columns += WIDE.test(ch) ? 2 : 1;
  }
  return columns;
}

const ZERO_WIDTH = /[\p{M}\u200B-\u200F\u2060-\u2069\uFEFF]/u;
const WIDE = /\p{Extended_Pictographic}/u;

/**
 * The width to wrap the chat's replies to: the terminal's, or 80 columns when a terminal does
 * not say. Output that goes to a pipe or a file is not wrapped (whatever reads it, a pager, a
 * script, a log, lays it out itself, and hard line breaks would only cut its sentences) unless
 * `COLUMNS` asks for a width.
 */
export function terminalWidth(
  stdout: NodeJS.WritableStream,
  env: NodeJS.ProcessEnv,
): number | undefined {
  const terminal = stdout as Partial<NodeJS.WriteStream>;
  if (terminal.isTTY) return terminal.columns || DEFAULT_COLUMNS;
  const asked = Number(env.COLUMNS);
  return Number.isInteger(asked) && asked > 0 ? asked : undefined;
}

const DEFAULT_COLUMNS = 80;
