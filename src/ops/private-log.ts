/**
 * What gets blanked out of every finished log line, wherever it hides: field redaction
 * (`REDACTED_FIELDS`) catches ids and text under known names, this catches them inside
 * strings, such as a platform library's error message that quotes a room or a token.
 */
const PATTERNS: [RegExp, string][] = [
  // Telegram bot tokens, also inside Bot API URLs (…/bot<token>/sendMessage).
  [/\d{5,}:[A-Za-z0-9_-]{30,}/g, "[token]"],
  // Matrix access and refresh tokens, bearer headers, access_token parameters.
  [/\b(?:syt|syr|mct|mat)_[A-Za-z0-9_]+/g, "[token]"],
  [/\bBearer\s+[^\s"\\]+/gi, "Bearer [token]"],
  [/\baccess_token=[^&\s"\\]+/g, "access_token=[token]"],
  // Matrix user, room, alias and event ids: @name:server.org, !room:server.org, #alias:…, $event:…
  [
    /[@!#$][^\s"\\:@!#$]+:(?:(?:[A-Za-z0-9-]+\.)+[A-Za-z0-9-]+|localhost|\[[0-9a-fA-F:]+\])(?::\d+)?/g,
    "[id]",
  ],
  // Telegram user and chat ids in text: long numbers, except a JSON field's own value (times, counts).
  [/(?<!":)(?<![\w.-])-?\d{6,}(?![\w.])/g, "[number]"],
];

/** Blanks out tokens, Matrix ids and long numbers (Telegram ids) in one serialized log line. */
export function scrubLogLine(line: string): string {
  let scrubbed = line;
  for (const [pattern, replacement] of PATTERNS) scrubbed = scrubbed.replace(pattern, replacement);
  return scrubbed;
}
