import type { Language } from "../text/language.ts";
import type { Block } from "./richtext.ts";

/** The platform a message came by: an adapter's name (see PlatformSpec), or `console`, the terminal chat. */
export type Platform = string;

/** Who someone is, as the platform knows them: every stored record is keyed by this. */
export interface UserKey {
  platform: Platform;
  userId: string;
}

/**
 * The longest message Panah reads, on every platform: Telegram's own limit, above the longest
 * alert a moderator may compose. Adapters pass text on uncut; the engine answers a longer
 * message by saying so, so nothing a person or a moderator typed is ever cut silently.
 */
export const MAX_MESSAGE_CHARS = 4096;

/**
 * One message from a person, as every adapter hands it to the core.
 *
 * Adapters fill in what the platform knows; the core never looks at `raw`, which is kept so
 * a feature can reach a platform detail without widening this model.
 */
export interface InboundMessage {
  platform: Platform;
  /** The sender's immutable platform id (Telegram numeric id, Matrix user id). Never logged. */
  userId: string;
  /** Where replies go (Telegram chat id, Matrix room id). Never logged. */
  chatId: string;
  /** A one-to-one chat with the bot (Telegram private chat, Matrix DM). */
  isDirect: boolean;
  /** What the person typed. Never logged or stored. */
  text: string;
  /** A button the person pressed (the `action` of a {@link Choice}); `text` is then ignored. */
  action?: string;
  /** The platform's idea of the person's language (Telegram `language_code`), if any. */
  languageHint?: string;
  /**
   * How people type commands on this platform, and so how replies name them: `/` (the
   * default; Telegram, the terminal) or `!` (Matrix, where Element keeps a leading `/` for its
   * own commands). Both are understood everywhere.
   */
  commandPrefix?: "/" | "!";
  raw?: unknown;
}

/**
 * A choice the person can pick: a button on Telegram, a numbered line on Matrix and in the
 * terminal. `action` is what the choice does, written by `encodeAction` (src/core/actions.ts)
 * and short enough for Telegram's 64 bytes of callback data.
 */
export interface Choice {
  label: string;
  action: string;
}

/** What kind of reply this is, so adapters and metrics can tell answers from fallbacks. */
export type ReplyKind = "answer" | "suggest" | "fallback" | "command" | "notice" | "error";

/** One reply, in the neutral rich-text model that each adapter renders for its platform. */
export interface OutboundMessage {
  chatId: string;
  kind: ReplyKind;
  language: Language;
  blocks: Block[];
  choices: Choice[];
  /** The topic answered, when `kind` is `answer`. */
  topic?: string;
  /** A file to send with the reply (the offline guide), after its text if it has any. */
  document?: OutboundDocument;
  /**
   * The reply asks the person to carry on in a direct chat with the bot (a command about their
   * own data, sent in a group): the label of a link that opens one, on platforms that have
   * such links (Telegram's `t.me/<bot>`). Others show the reply's text alone.
   */
  directChatLink?: string;
  /**
   * The answer can be passed on to another chat, on platforms that can do it (Telegram's inline
   * mode): the button's label, and the query that finds this answer's card again.
   */
  share?: { label: string; query: string };
}

/** A file an adapter sends as a document: Telegram `sendDocument`, a Matrix `m.file`. */
export interface OutboundDocument {
  fileName: string;
  mimeType: string;
  data: Buffer | string;
  /** Plain text shown with the file. */
  caption?: string;
}
