export interface ParsedCommand {
  name: string;
  args: string;
}

/**
 * Reads `/name args`, `!name args` or Telegram's `/name@panah_bot args` (either prefix on every
 * platform). Returns undefined for anything that is not a command. Whether the name is one
 * Panah knows is the registry's question (`commands.ts`), not this one's.
 */
export function parseCommand(text: string): ParsedCommand | undefined {
  const match = /^\s*[/!]([A-Za-z][A-Za-z0-9_]{0,31})(?:@[A-Za-z0-9_]+)?(?:\s+([\s\S]*))?$/.exec(
    text,
  );
  if (!match) return undefined;
  return { name: (match[1] ?? "").toLowerCase(), args: (match[2] ?? "").trim() };
}
