export interface ParsedCommand {
  name: string;
  args: string;
}

/**
 * Reads `/name args`, `!name args` or Telegram's `/name@panah_bot args`, with the prefix it was
 * typed with. Returns undefined for anything that is not a command. Whether the name is one
 * Panah knows is the registry's question (`commands.ts`), not this one's.
 */
export function parseCommand(text: string): (ParsedCommand & { prefix: "/" | "!" }) | undefined {
  const match = /^\s*([/!])([A-Za-z][A-Za-z0-9_]{0,31})(?:@[A-Za-z0-9_]+)?(?:\s+([\s\S]*))?$/.exec(
    text,
  );
  if (!match) return undefined;
  return {
    prefix: match[1] === "!" ? "!" : "/",
    name: (match[2] ?? "").toLowerCase(),
    args: (match[3] ?? "").trim(),
  };
}
