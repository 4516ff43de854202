/** What may be logged about an error: its kind, and nothing a person or a platform put in it. */
export type RedactedError = { type: string } & Record<string, unknown>;

/**
 * Reads a platform's own error classes (a Bot API error's method and code, a Matrix errcode),
 * or returns undefined to leave the error to {@link redactError}'s generic rule.
 */
export type ErrorReader = (error: unknown) => RedactedError | undefined;

/**
 * The one error redactor: an error as a log field, without what a platform attached to it
 * (payloads, chat ids, message text). A platform's own errors are read by `known`; any other
 * error keeps its name, message and stack, with Matrix-style ids (`@user:server`,
 * `!room:server`) masked, since SDKs like to put them in messages.
 */
export function redactError(error: unknown, known?: ErrorReader): RedactedError {
  const read = known?.(error);
  if (read) return read;
  if (error instanceof Error) {
    const message = maskIds(error.message);
    // The stack's first line repeats the message; the frames (package paths with "@") stay.
    const stack = error.stack?.replace(error.message, message);
    return { type: error.name, message, ...(stack ? { stack } : {}) };
  }
  return { type: typeof error };
}

/** Matrix user, room, alias and event ids (`@a:b`, `!a:b`, `#a:b`, `$a:b`, `+a:b`). */
function maskIds(text: string): string {
  return text.replace(/[@!#$+][^\s:'"]+:[^\s'"]+/g, "[id]");
}
