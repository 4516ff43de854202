import Fuse from "fuse.js";

/** The commands everyone can use. Matrix users type `!help`, Telegram users `/help`. */
export const COMMANDS = [
  "start",
  "help",
  "topics",
  "lang",
  "sources",
  "privacy",
  "forget",
  "subscribe",
  "unsubscribe",
  "alerts",
  "guide",
] as const;
export type CommandName = (typeof COMMANDS)[number];

export interface ParsedCommand {
  name: string;
  args: string;
}

/**
 * Reads `/name args`, `!name args` or Telegram's `/name@panah_bot args`. Returns undefined
 * for anything that is not a command.
 */
export function parseCommand(text: string): ParsedCommand | undefined {
  const match = /^\s*[/!]([A-Za-z][A-Za-z0-9_]{0,31})(?:@[A-Za-z0-9_]+)?(?:\s+([\s\S]*))?$/.exec(
    text,
  );
  if (!match) return undefined;
  return { name: (match[1] ?? "").toLowerCase(), args: (match[2] ?? "").trim() };
}

export function isCommandName(name: string): name is CommandName {
  return (COMMANDS as readonly string[]).includes(name);
}

// 0.5 lets a swapped pair of letters through (/hlep), which bitap counts as two errors.
const commandFinder = new Fuse([...COMMANDS], { threshold: 0.5, includeScore: true });

/** The command someone probably meant by a mistyped one (`/hlep` → `help`). */
export function suggestCommand(name: string): CommandName | undefined {
  return commandFinder.search(name, { limit: 1 })[0]?.item;
}
