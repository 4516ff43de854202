import type { Logger } from "pino";
import type { AlertDesk } from "../alerts/alert-desk.ts";
import type { Clock } from "../core/clock.ts";
import type { InboundMessage, OutboundMessage, UserKey } from "../core/messages.ts";
import { redactError } from "../core/redact-error.ts";
import type { Metrics } from "../ops/metrics.ts";
import type { Store } from "../store/store.ts";
import { detectScriptLanguage, type Language, languageFromTag } from "../text/language.ts";
import { type AnswerLines, aroundAnswers, latestStatusLines } from "./around-answers.ts";
import { choiceStep } from "./choice-step.ts";
import { spellCommands } from "./command-spelling.ts";
import { commandStep } from "./command-step.ts";
import { draftStep } from "./draft-step.ts";
import type { Knowledge } from "./knowledge.ts";
import { cluedLanguage } from "./language.ts";
import { OfferedChoices } from "./offered-choices.ts";
import { parseCommand } from "./parse-command.ts";
import { questionStep } from "./question-step.ts";
import { Replies } from "./replies.ts";
import { ReplyLog } from "./reply-log.ts";
import { type ShareCard, shareCards } from "./share.ts";
import { Throttle } from "./throttle.ts";
import {
  chatKey,
  type EngineParts,
  languageClues,
  type Step,
  type Turn,
  turnLanguage,
} from "./turn.ts";
import { UnansweredRecorder } from "./unanswered.ts";

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
  liveStatus?: AnswerLines;
}

/**
 * After the rate limit, the steps a message goes through until one answers it: a pressed
 * button or a picked number, a command, a moderator's alert draft, and last the question.
 */
const STEPS: readonly Step[] = [choiceStep, commandStep, draftStep, questionStep];

/**
 * Panah's conversation engine: `handle` turns one inbound message into the replies to send,
 * for any platform: rate limit → {@link STEPS} → the lines that go around answers (around-answers.ts).
 */
export class Engine {
  private readonly parts: EngineParts;
  private readonly throttle: Throttle;
  private readonly log: ReplyLog;
  /** What goes around answers as they are sent: the latest status alert, live measurements. */
  private readonly aroundAnswers: AnswerLines[];

  constructor(private readonly options: EngineOptions) {
    const offered = new OfferedChoices(options.clock);
    this.parts = {
      store: options.store,
      clock: options.clock,
      offered,
      ...(options.alerts ? { alerts: options.alerts } : {}),
      ...(options.unanswered?.enabled
        ? {
            unanswered: new UnansweredRecorder(
              options.store,
              options.clock,
              options.unanswered.keepDays,
            ),
          }
        : {}),
    };
    this.throttle = new Throttle(options.clock, options.rateLimit, offered, options.alerts);
    this.log = new ReplyLog(options.logger, options.metrics);
    this.aroundAnswers = [
      ...(options.alerts ? [latestStatusLines(options.alerts, () => options.knowledge().kb)] : []),
      ...(options.liveStatus ? [options.liveStatus] : []),
    ];
  }

  async handle(message: InboundMessage): Promise<OutboundMessage[]> {
    const started = performance.now();
    this.options.metrics?.messageHandled(message.platform);
    const turn = this.turn(message);
    const { allowed, notify } = this.throttle.admit(message);
    if (!allowed) {
      this.log.replied(message, "rate-limited", started);
      if (!notify) return [];
      const written = parseCommand(message.text) ? undefined : detectScriptLanguage(message.text);
      const replies = new Replies(turn.kb, await turnLanguage(turn, written), message.chatId);
      return spellCommands([replies.notice("rate_limited")], message.commandPrefix ?? "/");
    }
    let replies: OutboundMessage[];
    try {
      replies = spellCommands(
        await aroundAnswers(await this.respond(turn), this.aroundAnswers),
        message.commandPrefix ?? "/",
      );
    } catch (error) {
      this.options.logger.error(
        { err: redactError(error), platform: message.platform },
        "failed to answer",
      );
      const apology = new Replies(turn.kb, await turnLanguage(turn), message.chatId);
      replies = [apology.message("error", apology.say("error"))];
    }
    const last = replies[replies.length - 1];
    if (last)
      this.parts.offered.remember(
        chatKey(message),
        last.choices,
        last.language,
        last.kind === "suggest",
      );
    for (const reply of replies) this.log.replied(message, reply.kind, started, reply.topic);
    return replies;
  }

  /**
   * Answer cards for a query typed to share an answer into another chat (Telegram's inline
   * mode), best first. Stateless: nothing about the person sharing is read or stored.
   */
  shareCards(query: string, languageHint?: string): ShareCard[] {
    return shareCards(this.options.knowledge(), query, languageFromTag(languageHint));
  }

  /**
   * The language Panah would answer this person in, here, for what an adapter says by itself
   * (Matrix's "I could not decrypt your message"): `replyLanguage`'s rule for a message with no
   * words of its own, but undefined when no clue says anything, so the adapter can say it in
   * every language.
   */
  async languageFor(message: InboundMessage): Promise<Language | undefined> {
    return cluedLanguage(await languageClues(this.turn(message)));
  }

  /**
   * The person can no longer be reached on their platform (they blocked the bot): stop
   * sending them alerts. True when they were subscribed.
   */
  async recipientGone(user: UserKey): Promise<boolean> {
    const removed = await this.options.store.unsubscribe(user);
    if (removed)
      this.options.logger.info(
        { platform: user.platform, event: "recipient-gone" },
        "unsubscribed a person the platform can no longer reach",
      );
    return removed;
  }

  private async respond(turn: Turn): Promise<OutboundMessage[]> {
    for (const step of STEPS) {
      const replies = await step(turn);
      if (replies) return replies;
    }
    // The question step answers every message; an empty list would be a bug worth seeing.
    throw new Error("no step answered the message");
  }

  private turn(message: InboundMessage): Turn {
    const { kb, router } = this.options.knowledge();
    const user = { platform: message.platform, userId: message.userId };
    return { message, user, kb, router, parts: this.parts };
  }
}
