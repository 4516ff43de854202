import type { Logger } from "pino";
import type { AlertDesk } from "../alerts/alert-desk.ts";
import type { Clock } from "../clock.ts";
import { guideDocument } from "../export/guide-document.ts";
import type { KnowledgeBase } from "../knowledge/knowledge-base.ts";
import { CATEGORIES, type Category } from "../knowledge/schema.ts";
import type { Metrics } from "../ops/metrics.ts";
import { type Block, paragraph, text } from "../richtext.ts";
import type { Router } from "../router/router.ts";
import type { Store, UserKey } from "../store/store.ts";
import {
  detectScriptLanguage,
  isLanguage,
  type Language,
  languageFromTag,
} from "../text/language.ts";
import { normalize } from "../text/normalize.ts";
import { wordsOf } from "../text/words.ts";
import { isCommandName, parseCommand, suggestCommand } from "./commands.ts";
import {
  type InboundMessage,
  MAX_MESSAGE_CHARS,
  type OutboundMessage,
  type ReplyKind,
} from "./messages.ts";
import { OfferedChoices } from "./offered-choices.ts";
import { RateLimiter } from "./rate-limiter.ts";
import { Replies } from "./replies.ts";
import { UnansweredRecorder } from "./unanswered.ts";

/** The knowledge base and the router built from it, swapped together on reload. */
export interface Knowledge {
  kb: KnowledgeBase;
  router: Router;
}

export interface EngineOptions {
  /** The current knowledge; read on every message, so a reload takes effect at once. */
  knowledge: () => Knowledge;
  store: Store;
  clock: Clock;
  logger: Logger;
  rateLimit?: { burst: number; perMinute: number };
  /** Counts messages, answers per topic, fallbacks and "did you mean"s (no user data). */
  metrics?: Metrics;
  /** Keep questions that fell back for maintainers (off unless the operator turns it on). */
  unanswered?: { enabled: boolean; keepDays: number };
  /** Alerts: moderators' commands, `/alerts`, and the latest status before `blackout-status`. */
  alerts?: AlertDesk;
  /** Live measurements for a topic's answer (src/status): lines to put before and after it. */
  liveStatus?: (topic: string, language: Language) => Promise<{ before: Block[]; after: Block[] }>;
}

/**
 * Panah's conversation engine: `handle` turns one inbound message into the replies to send,
 * for any platform. The pipeline: rate limit → pick a pending choice, a button or a command →
 * otherwise route the question → answer, "did you mean", or fallback.
 */
export class Engine {
  private readonly limiter: RateLimiter;
  private readonly offered: OfferedChoices;
  private readonly unanswered?: UnansweredRecorder;

  constructor(private readonly options: EngineOptions) {
    const { burst = 8, perMinute = 30 } = options.rateLimit ?? {};
    this.limiter = new RateLimiter(options.clock, burst, perMinute);
    this.offered = new OfferedChoices(options.clock);
    if (options.unanswered?.enabled)
      this.unanswered = new UnansweredRecorder(
        options.store,
        options.clock,
        options.unanswered.keepDays,
      );
  }

  async handle(message: InboundMessage): Promise<OutboundMessage[]> {
    const started = performance.now();
    this.options.metrics?.messageHandled(message.platform);
    const user: UserKey = { platform: message.platform, userId: message.userId };
    // Moderators compose alerts in many short steps; their ids are trusted, so no limit.
    // Deleting one's data is never refused: someone in danger must be able to /forget at once.
    const { allowed, notify } =
      this.options.alerts?.isModerator(message) || this.isForgetting(message)
        ? { allowed: true, notify: false }
        : this.limiter.take(`${user.platform}\u0000${user.userId}`);
    const knowledge = this.options.knowledge();
    if (!allowed) {
      this.log(message, "rate-limited", started);
      if (!notify) return [];
      const language = await this.languageFor(user, message);
      return [new Replies(knowledge.kb, language, message.chatId).notice("rate_limited")];
    }
    let replies: OutboundMessage[];
    try {
      replies = await this.withLiveStatus(
        await this.withLatestStatus(await this.respond(message, user, knowledge), knowledge.kb),
      );
    } catch (error) {
      this.options.logger.error(
        { err: redactError(error), platform: message.platform },
        "failed to answer",
      );
      const apology = new Replies(
        knowledge.kb,
        (await this.safeLanguage(user)) ?? "en",
        message.chatId,
      );
      replies = [apology.message("error", apology.say("error"))];
    }
    const last = replies[replies.length - 1];
    if (last) this.offered.remember(chatKey(message), last.choices, last.language);
    for (const reply of replies) this.log(message, reply.kind, started, reply.topic);
    return replies;
  }

  private async respond(
    message: InboundMessage,
    user: UserKey,
    { kb, router }: Knowledge,
  ): Promise<OutboundMessage[]> {
    const action = message.action ?? this.pickedChoice(message);
    if (action) return this.act(action, message, user, kb);

    const command = parseCommand(message.text);
    if (command) return this.command(command.name, command.args, message, user, kb);
    // A moderator composing an alert: their text is the alert's, not a question.
    const desk = this.options.alerts;
    if (desk && (await desk.composing(message)))
      return desk.text({
        message,
        kb,
        // Not the text's script: a Persian alert text must not switch the moderator's language.
        language: await this.languageFor(user, { ...message, action: "" }),
      });

    if (message.text.length > MAX_MESSAGE_CHARS) {
      const replies = new Replies(kb, await this.languageFor(user, message), message.chatId);
      return [replies.notice("too_long", { length: message.text.length, max: MAX_MESSAGE_CHARS })];
    }

    const stored = await this.options.store.getLanguage(user);
    const script = detectScriptLanguage(message.text);
    const preferred = stored ?? script ?? languageFromTag(message.languageHint);
    const route = router.route(message.text, preferred);
    // Finglish routes through the Persian index: answer it in Persian unless the person chose.
    const language =
      stored ??
      (script === "en" && route.decision !== "fallback" ? route.language : preferred) ??
      "en";
    const replies = new Replies(kb, language, message.chatId);
    if (route.explanation.tokens.length === 0 && wordsOf(message.text).length === 0)
      return [replies.notice("empty_message", {}, replies.categoryChoices())];
    if (route.decision === "answer" && route.intent) {
      const topic = kb.topics.get(route.intent);
      if (topic) return [replies.answer(topic)];
    }
    if (route.decision === "suggest") return [replies.suggest(route.alternatives)];
    if (!route.explanation.smalltalk)
      await this.unanswered?.record(message.text, language).catch(() => undefined);
    return [replies.fallback()];
  }

  /** Asking to delete one's data, or answering "delete it?" (by button or number). */
  private isForgetting(message: InboundMessage): boolean {
    const action = message.action ?? this.pickedChoice(message);
    if (action) return action.startsWith("f:");
    return message.text.length < 64 && parseCommand(message.text)?.name === "forget";
  }

  /** A reply of just a number picks the choice with that number, when choices are pending. */
  private pickedChoice(message: InboundMessage): string | undefined {
    // Only a short message can be a number; normalizing a long one here would be wasted work.
    if (message.text.length > 8) return undefined;
    const key = normalize(message.text);
    if (!/^\d{1,2}$/.test(key)) return undefined;
    return this.offered.pick(chatKey(message), Number(key))?.action;
  }

  private async act(
    action: string,
    message: InboundMessage,
    user: UserKey,
    kb: KnowledgeBase,
  ): Promise<OutboundMessage[]> {
    const [kind, value = ""] = splitAction(action);
    if (kind === "c" && isCommandName(value)) return this.command(value, "", message, user, kb);
    if (kind === "l" && isLanguage(value)) return this.command("lang", value, message, user, kb);
    if (kind === "f") return this.confirmForget(value === "yes", message, user, kb);
    if (kind === "a" && this.options.alerts)
      return this.options.alerts.action(action, {
        message,
        kb,
        language: await this.languageFor(user, message),
      });
    const replies = new Replies(kb, await this.languageFor(user, message), message.chatId);
    if (kind === "t" || kind === "s") {
      const topic = kb.topics.get(value);
      if (topic) return [kind === "t" ? replies.answer(topic) : replies.sourceList(topic)];
    }
    if (kind === "k" && (CATEGORIES as readonly string[]).includes(value)) {
      const choices = replies.topicsIn(value as Category);
      const title = kb.ui[replies.language].categories[value as Category];
      return [replies.message("command", [paragraph(text(title))], choices)];
    }
    // A stale button (a topic removed since, say): show the menu rather than nothing.
    return this.command("topics", "", message, user, kb);
  }

  private async command(
    name: string,
    args: string,
    message: InboundMessage,
    user: UserKey,
    kb: KnowledgeBase,
  ): Promise<OutboundMessage[]> {
    const store = this.options.store;
    const language = await this.languageFor(user, message);
    const replies = new Replies(kb, language, message.chatId);
    const prefix = message.text.trim().startsWith("!") ? "!" : "/";
    // A group should not learn what is stored about someone, and alerts belong in a private chat.
    if (!message.isDirect && PRIVATE_ONLY.has(name))
      return [replies.notice("private_only", { command: `${prefix}${name}` })];
    const moderation = await this.options.alerts?.command(name, args, { message, kb, language });
    if (moderation) return moderation;
    switch (name) {
      case "start": {
        // Deep links (t.me/<bot>?start=<topic-id>) open a topic directly.
        const topic = args ? kb.topics.get(args.toLowerCase()) : undefined;
        if (topic) return [replies.answer(topic)];
        return [
          replies.message("command", replies.say("welcome"), [
            ...replies.categoryChoices(),
            ...languageChoices(language),
          ]),
        ];
      }
      case "help":
        return [replies.message("command", replies.say("help"), replies.categoryChoices())];
      case "topics":
        return [
          replies.message("command", replies.say("topics_header"), replies.categoryChoices(true)),
        ];
      case "lang": {
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
      }
      case "sources": {
        // Right after an answer, /sources lists that answer's sources in full.
        const answered = this.offered.offeredAction(chatKey(message), "s:");
        const topic = kb.topics.get(answered ? answered.slice(2) : "sources");
        if (answered && topic) return [replies.sourceList(topic)];
        if (topic) return [replies.answer(topic)];
        return [replies.message("command", replies.say("help"))];
      }
      case "privacy": {
        const topic = kb.topics.get("bot-privacy");
        if (topic) return [replies.answer(topic)];
        return [replies.message("command", replies.say("help"))];
      }
      case "forget":
        // It cannot be undone, so it asks first: a button on Telegram, a number elsewhere.
        return [
          replies.notice("forget_confirm", {}, [
            { label: kb.ui[language].forget_yes, action: FORGET_YES },
            { label: kb.ui[language].forget_no, action: FORGET_NO },
          ]),
        ];
      case "subscribe": {
        const changed = await store.subscribe({ ...user, chatId: message.chatId, language });
        return [replies.notice(changed ? "subscribe_done" : "subscribe_already")];
      }
      case "unsubscribe":
        return [
          replies.notice((await store.unsubscribe(user)) ? "unsubscribe_done" : "unsubscribe_not"),
        ];
      case "guide":
        return [
          {
            ...replies.message("command", []),
            document: guideDocument(kb, language, this.options.clock.now()),
          },
        ];
      case "alerts": {
        const active = await this.options.alerts?.active({ message, kb, language });
        return [active ? replies.message("notice", active) : replies.notice("alerts_none")];
      }
      default: {
        const suggestion = suggestCommand(name);
        return [
          suggestion
            ? replies.notice("unknown_command_suggest", {
                command: `${prefix}${name}`,
                suggestion: `${prefix}${suggestion}`,
              })
            : replies.notice("unknown_command", { command: `${prefix}${name}` }),
        ];
      }
    }
  }

  /**
   * The answer to "delete everything?". It deletes only when the confirmation was the last
   * thing offered in this chat, and recently: an old button or a stray number cannot.
   */
  private async confirmForget(
    yes: boolean,
    message: InboundMessage,
    user: UserKey,
    kb: KnowledgeBase,
  ): Promise<OutboundMessage[]> {
    const replies = new Replies(kb, await this.languageFor(user, message), message.chatId);
    if (!message.isDirect) return [replies.notice("private_only", { command: "/forget" })];
    if (this.offered.offeredAction(chatKey(message), FORGET_YES) !== FORGET_YES)
      return [replies.notice("forget_expired")];
    if (!yes) return [replies.notice("forget_kept")];
    const deleted = await this.options.store.forget(user);
    return [
      deleted > 0
        ? replies.notice("forget_done", { count: deleted })
        : replies.notice("forget_nothing"),
    ];
  }

  /** The `blackout-status` answer starts with the latest unexpired status alert, if any. */
  private async withLatestStatus(
    replies: OutboundMessage[],
    kb: KnowledgeBase,
  ): Promise<OutboundMessage[]> {
    const desk = this.options.alerts;
    if (!desk || !replies.some((r) => r.kind === "answer" && r.topic === STATUS_TOPIC))
      return replies;
    return Promise.all(
      replies.map(async (reply) =>
        reply.kind === "answer" && reply.topic === STATUS_TOPIC
          ? {
              ...reply,
              blocks: [...(await desk.latestStatus(kb, reply.language)), ...reply.blocks],
            }
          : reply,
      ),
    );
  }

  /** Answers with live measurements: the lines `liveStatus` gives for their topic, around them. */
  private async withLiveStatus(replies: OutboundMessage[]): Promise<OutboundMessage[]> {
    const live = this.options.liveStatus;
    if (!live) return replies;
    return Promise.all(
      replies.map(async (reply) => {
        if (reply.kind !== "answer" || !reply.topic) return reply;
        const { before, after } = await live(reply.topic, reply.language);
        return { ...reply, blocks: [...before, ...reply.blocks, ...after] };
      }),
    );
  }

  /**
   * The reply language: the person's choice, else their message's script, else the language
   * the conversation was just in (a number, a button or a command has no script of its own),
   * else the platform's hint.
   */
  private async languageFor(user: UserKey, message: InboundMessage): Promise<Language> {
    const stored = await this.safeLanguage(user);
    if (stored) return stored;
    const isCommand = message.action !== undefined || parseCommand(message.text) !== undefined;
    return (
      (isCommand ? undefined : detectScriptLanguage(message.text)) ??
      this.offered.language(chatKey(message)) ??
      languageFromTag(message.languageHint) ??
      "en"
    );
  }

  private async safeLanguage(user: UserKey): Promise<Language | undefined> {
    try {
      return await this.options.store.getLanguage(user);
    } catch {
      return undefined;
    }
  }

  /** One line per reply: platform, kind, topic and timing. Never text or ids. */
  private log(
    message: InboundMessage,
    kind: ReplyKind | "rate-limited",
    started: number,
    topic?: string,
  ): void {
    this.options.metrics?.replied(message.platform, kind, topic);
    this.options.logger.info(
      {
        platform: message.platform,
        kind,
        topic,
        ms: Math.round((performance.now() - started) * 100) / 100,
      },
      "reply",
    );
  }
}

/** The topic whose answer is preceded by the moderators' latest connectivity status. */
const STATUS_TOPIC = "blackout-status";

/** The answers to "delete everything I store about you?". */
const FORGET_YES = "f:yes";
const FORGET_NO = "f:no";

/** Commands about a person's own data or alerts: answered only in a direct chat. */
const PRIVATE_ONLY: ReadonlySet<string> = new Set(["forget", "subscribe", "unsubscribe"]);

/** A chat as the offered choices know it: chat ids are only unique within a platform. */
const chatKey = (message: InboundMessage) => `${message.platform}\u0000${message.chatId}`;

function splitAction(action: string): [string, string?] {
  const colon = action.indexOf(":");
  return colon < 0 ? [action] : [action.slice(0, colon), action.slice(colon + 1)];
}

/** Language switch buttons, labelled in their own language. */
function languageChoices(current: Language, both = false) {
  const all = [
    { label: "English", action: "l:en" },
    { label: "فارسی", action: "l:fa" },
  ];
  return both ? all : all.filter((c) => c.action !== `l:${current}`);
}

/** An error's name, message and stack, without anything a platform attached (payloads, ids). */
function redactError(error: unknown): { type: string; message: string; stack?: string } {
  if (error instanceof Error)
    return {
      type: error.name,
      message: error.message,
      ...(error.stack ? { stack: error.stack } : {}),
    };
  return { type: typeof error, message: "non-error thrown" };
}
