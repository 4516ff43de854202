import Fuse from "fuse.js";
import type { AlertDesk, DeskContext } from "../alerts/alert-desk.ts";
import type { OutboundMessage } from "../core/messages.ts";
import { guideDocument } from "../export/guide-document.ts";
import type { UiStrings } from "../knowledge/schema.ts";
import { isLanguage, type Language } from "../text/language.ts";
import { forgetPrompt } from "./forget.ts";
import { languageChoices } from "./language-choices.ts";
import { Replies } from "./replies.ts";
import { parseStartPayload } from "./share.ts";
import { chatKey, type EngineParts, type Turn } from "./turn.ts";

/**
 * Who may use a command where: `everyone` anywhere; `direct` only in a direct chat (it is
 * about the person's own data or alerts, which a group should not learn); `moderator` only a
 * configured moderator in a direct chat (the alert desk refuses and audits everyone else).
 */
export type CommandScope = "everyone" | "direct" | "moderator";

/** What a command's handler gets besides the turn: its arguments, language and replies. */
export interface Invocation {
  args: string;
  language: Language;
  replies: Replies;
}

export interface Command {
  name: string;
  scope: CommandScope;
  /** Its one-line description in the UI strings' `commands` (menus and the help list). */
  describe: keyof UiStrings["commands"];
  /** Listed in the help text (not `start` and `help` themselves). */
  inHelp: boolean;
  /** Listed in groups' command menus (see {@link menuFor}). */
  inGroups: boolean;
  run: (turn: Turn, call: Invocation) => Promise<OutboundMessage[]>;
}

/**
 * THE command registry, in menu order: the engine dispatches through it, and the help text,
 * the platforms' command menus and the suggestions for mistyped commands are read from it.
 * Matrix users type `!help`, Telegram users `/help`.
 */
export const COMMANDS: readonly Command[] = [
  {
    name: "start",
    scope: "everyone",
    describe: "start",
    inHelp: false,
    inGroups: true,
    // Deep links (t.me/<bot>?start=<topic-id>) open a topic directly; a shared card's link
    // names its language too (share.ts), and the answer comes in the language of the card.
    run: async ({ kb, message }, { args, language, replies }) => {
      const linked = parseStartPayload(args);
      const topic = linked && kb.topics.get(linked.topic);
      if (topic && linked.language)
        return [new Replies(kb, linked.language, message.chatId).answer(topic)];
      if (topic) return [replies.answer(topic)];
      return [
        replies.message("command", replies.say("welcome"), [
          ...replies.categoryChoices(),
          ...languageChoices(language),
        ]),
      ];
    },
  },
  {
    name: "help",
    scope: "everyone",
    describe: "help",
    inHelp: false,
    inGroups: true,
    run: async (turn, { replies }) => [helpReply(turn, replies)],
  },
  {
    name: "topics",
    scope: "everyone",
    describe: "topics",
    inHelp: true,
    inGroups: true,
    run: async (_, { replies }) => [
      replies.message("command", replies.say("topics_header"), replies.categoryChoices(true)),
    ],
  },
  {
    name: "lang",
    scope: "everyone",
    describe: "lang",
    inHelp: true,
    // It works in a group, but it is about one person: not offered to the whole group.
    inGroups: false,
    run: async ({ message, user, kb, parts: { store } }, { args, language, replies }) => {
      const wanted = args
        .toLowerCase()
        .replace(/^(english|انگلیسی)$/, "en")
        .replace(/^(persian|farsi|فارسی)$/, "fa");
      if (!wanted) return [replies.notice("lang_prompt", {}, languageChoices(language, true))];
      if (!isLanguage(wanted))
        return [replies.notice("lang_unknown", {}, languageChoices(language, true))];
      await store.setLanguage(user, wanted);
      // Alerts follow the choice too: a subscriber who switches to Persian gets them in Persian.
      const subscription = await store.getSubscription(user);
      if (subscription && subscription.language !== wanted)
        await store.subscribe({ ...user, chatId: subscription.chatId, language: wanted });
      return [new Replies(kb, wanted, message.chatId).notice("lang_set")];
    },
  },
  {
    name: "sources",
    scope: "everyone",
    describe: "sources",
    inHelp: true,
    inGroups: true,
    // Right after an answer, /sources lists that answer's sources in full.
    run: async (turn, { replies }) => {
      const { message, kb, parts } = turn;
      const answered = parts.offered.offeredAction(chatKey(message), "s:");
      const topic = kb.topics.get(answered ? answered.slice(2) : "sources");
      if (answered && topic) return [replies.sourceList(topic)];
      if (topic) return [replies.answer(topic)];
      return [helpReply(turn, replies)];
    },
  },
  {
    name: "privacy",
    scope: "everyone",
    describe: "privacy",
    inHelp: true,
    inGroups: true,
    run: async (turn, { replies }) => {
      const topic = turn.kb.topics.get("bot-privacy");
      if (topic) return [replies.answer(topic)];
      return [helpReply(turn, replies)];
    },
  },
  {
    name: "forget",
    scope: "direct",
    describe: "forget",
    inHelp: true,
    inGroups: false,
    run: async (_, { replies }) => [forgetPrompt(replies)],
  },
  {
    name: "subscribe",
    scope: "direct",
    describe: "subscribe",
    inHelp: true,
    inGroups: false,
    run: async ({ message, user, parts: { store } }, { language, replies }) => {
      const changed = await store.subscribe({ ...user, chatId: message.chatId, language });
      return [replies.notice(changed ? "subscribe_done" : "subscribe_already")];
    },
  },
  {
    name: "unsubscribe",
    scope: "direct",
    describe: "unsubscribe",
    inHelp: true,
    inGroups: false,
    run: async ({ user, parts: { store } }, { replies }) => [
      replies.notice((await store.unsubscribe(user)) ? "unsubscribe_done" : "unsubscribe_not"),
    ],
  },
  {
    name: "alerts",
    scope: "everyone",
    describe: "alerts",
    inHelp: true,
    inGroups: true,
    run: async ({ message, kb, parts }, { language, replies }) => {
      const active = await parts.alerts?.active({ message, kb, language });
      return [active ? replies.message("notice", active) : replies.notice("alerts_none")];
    },
  },
  {
    name: "guide",
    scope: "everyone",
    describe: "guide",
    inHelp: true,
    inGroups: true,
    run: async ({ kb, parts }, { language, replies }) => [
      {
        ...replies.message("command", []),
        document: guideDocument(kb, language, parts.clock.now()),
      },
    ],
  },
  {
    name: "alert",
    scope: "moderator",
    describe: "alert",
    inHelp: true,
    inGroups: false,
    run: (turn, call) => moderate(turn, call, (desk, ctx) => desk.begin(ctx)),
  },
  {
    name: "approve",
    scope: "moderator",
    describe: "approve",
    inHelp: true,
    inGroups: false,
    run: (turn, call) =>
      moderate(turn, call, (desk, ctx) => desk.decide("approve", call.args, ctx)),
  },
  {
    name: "reject",
    scope: "moderator",
    describe: "reject",
    inHelp: true,
    inGroups: false,
    run: (turn, call) => moderate(turn, call, (desk, ctx) => desk.decide("reject", call.args, ctx)),
  },
];

/** A moderator command, handed to the alert desk (which refuses and audits everyone else). */
function moderate(
  { message, kb, parts }: Turn,
  { language }: Invocation,
  run: (desk: AlertDesk, ctx: DeskContext) => Promise<OutboundMessage[]>,
): Promise<OutboundMessage[]> {
  // findCommand offers no moderator command to a Panah without alerts.
  if (!parts.alerts) throw new Error("a moderator command ran without an alert desk");
  return run(parts.alerts, { message, kb, language });
}

const byName = new Map(COMMANDS.map((command) => [command.name, command]));

/**
 * The registered command with this name, if Panah can run it here: without alerts there are
 * no moderator commands (they read as unknown ones).
 */
export function findCommand(name: string, parts: EngineParts): Command | undefined {
  const command = commandNamed(name);
  return command?.scope === "moderator" && !parts.alerts ? undefined : command;
}

/** The registered command with this name, whatever Panah has configured. */
export function commandNamed(name: string): Command | undefined {
  return byName.get(name);
}

/** The commands a chat's menu lists: a group's, a direct chat's, or a moderator's direct chat's. */
export function menuFor(chat: MenuChat): Command[] {
  return COMMANDS.filter((command) =>
    chat === "group"
      ? command.scope === "everyone" && command.inGroups
      : command.scope !== "moderator" || chat === "moderator",
  );
}

/** The kinds of chat with a menu of their own. */
export type MenuChat = "group" | "direct" | "moderator";

/**
 * The help text: how to ask, then what its menu lists in this chat (but /start and /help), and
 * the topic menu. Also the answer of /sources and /privacy when their topics are missing.
 */
function helpReply({ message, parts }: Turn, replies: Replies): OutboundMessage {
  const chat = !message.isDirect
    ? "group"
    : parts.alerts?.isModerator(message)
      ? "moderator"
      : "direct";
  const listed = menuFor(chat).filter((command) => command.inHelp);
  return replies.message(
    "command",
    [...replies.say("help"), replies.commandList(listed)],
    replies.categoryChoices(),
  );
}

// 0.5 lets a swapped pair of letters through (/hlep), which bitap counts as two errors.
const commandFinder = new Fuse(
  COMMANDS.filter((command) => command.scope !== "moderator").map((command) => command.name),
  { threshold: 0.5, includeScore: true },
);

/** The command someone probably meant by a mistyped one (`/hlep` → `help`). */
export function suggestCommand(name: string): string | undefined {
  return commandFinder.search(name, { limit: 1 })[0]?.item;
}
