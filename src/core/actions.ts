/**
 * What a {@link Choice}'s `action` says, in one place: the engine, the alert desk and the
 * adapters read and write button data only through {@link encodeAction} and {@link decodeAction}.
 *
 * The wire form is `<kind letter>:<value>`, short because Telegram carries it as callback data
 * (at most {@link MAX_ACTION_BYTES} bytes) and a button whose data is longer is refused.
 */
export type Action =
  /** Open a topic's answer. */
  | { kind: "topic"; topic: string }
  /** List every source of a topic's answer. */
  | { kind: "sources"; topic: string }
  /** Answer in this language from now on (a language code; the engine checks it). */
  | { kind: "language"; language: string }
  /** Run a command, as if typed (a command name; the engine checks it). */
  | { kind: "command"; command: string }
  /** Show the topics of one category of the menu. */
  | { kind: "category"; category: string }
  /** The answer to "delete everything I store about you?". */
  | { kind: "forget"; confirmed: boolean }
  /** A step of a moderator's alert draft: `verb` is skip, set, confirm or cancel. */
  | { kind: "alert"; verb: string; value?: string };

/** Telegram's limit on a button's callback data, in UTF-8 bytes; every action is kept within it. */
export const MAX_ACTION_BYTES = 64;

const LETTER = {
  topic: "t",
  sources: "s",
  language: "l",
  command: "c",
  category: "k",
  forget: "f",
  alert: "a",
} as const satisfies Record<Action["kind"], string>;

/** An action as the short string a button carries (`t:vpn-risks`, `a:set:6h`). */
export function encodeAction(action: Action): string {
  const letter = LETTER[action.kind];
  switch (action.kind) {
    case "topic":
    case "sources":
      return `${letter}:${action.topic}`;
    case "language":
      return `${letter}:${action.language}`;
    case "command":
      return `${letter}:${action.command}`;
    case "category":
      return `${letter}:${action.category}`;
    case "forget":
      return `${letter}:${action.confirmed ? "yes" : "no"}`;
    case "alert":
      return action.value === undefined
        ? `${letter}:${action.verb}`
        : `${letter}:${action.verb}:${action.value}`;
  }
}

/**
 * A button's data as an action, or undefined when it is none Panah writes (data from an old
 * version, or forged: Telegram lets any client send any callback data).
 */
export function decodeAction(data: string): Action | undefined {
  if (Buffer.byteLength(data, "utf8") > MAX_ACTION_BYTES) return undefined;
  const colon = data.indexOf(":");
  if (colon < 0) return undefined;
  const letter = data.slice(0, colon);
  const value = data.slice(colon + 1);
  switch (letter) {
    case LETTER.topic:
      return value ? { kind: "topic", topic: value } : undefined;
    case LETTER.sources:
      return value ? { kind: "sources", topic: value } : undefined;
    case LETTER.language:
      return value ? { kind: "language", language: value } : undefined;
    case LETTER.command:
      return value ? { kind: "command", command: value } : undefined;
    case LETTER.category:
      return value ? { kind: "category", category: value } : undefined;
    case LETTER.forget:
      return value === "yes" || value === "no"
        ? { kind: "forget", confirmed: value === "yes" }
        : undefined;
    case LETTER.alert: {
      const [verb = "", ...rest] = value.split(":");
      if (!verb) return undefined;
      return rest.length > 0
        ? { kind: "alert", verb, value: rest.join(":") }
        : { kind: "alert", verb };
    }
    default:
      return undefined;
  }
}
