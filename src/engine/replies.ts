import { encodeAction } from "../core/actions.ts";
import type { Choice, OutboundMessage, ReplyKind } from "../core/messages.ts";
import { type Block, text } from "../core/richtext.ts";
import { answerBlocks, citedSources, sourceListBlocks } from "../knowledge/answer.ts";
import { contentIn, type KnowledgeBase, type Topic } from "../knowledge/knowledge-base.ts";
import { parseMarkup } from "../knowledge/markup.ts";
import { CATEGORIES, type Category, type UiKey, type UiStrings } from "../knowledge/schema.ts";
import type { Candidate } from "../router/router.ts";
import type { Language } from "../text/language.ts";

/** A command's description key in the UI strings. */
type CommandKey = keyof UiStrings["commands"];

/**
 * Builds Panah's replies from the knowledge base, in one language. Everything a person reads
 * comes from the YAML (answers and interface strings), so maintainers translate in one place.
 */
export class Replies {
  constructor(
    private readonly kb: KnowledgeBase,
    readonly language: Language,
    private readonly chatId: string,
  ) {}

  /** This language's interface strings. */
  get strings() {
    return this.kb.ui[this.language];
  }

  /** An interface string, with `{placeholders}` filled in, as rich text. */
  say(key: UiKey, values: Record<string, string | number> = {}): Block[] {
    return parseMarkup(this.fill(this.kb.ui[this.language][key], values));
  }

  message(
    kind: ReplyKind,
    blocks: Block[],
    choices: Choice[] = [],
    topic?: string,
  ): OutboundMessage {
    return {
      chatId: this.chatId,
      kind,
      language: this.language,
      blocks,
      choices,
      ...(topic ? { topic } : {}),
    };
  }

  notice(
    key: UiKey,
    values?: Record<string, string | number>,
    choices: Choice[] = [],
  ): OutboundMessage {
    return this.message("notice", this.say(key, values), choices);
  }

  /**
   * A command about the person's own data, sent in a group: where it works instead, with a
   * link to a direct chat where the platform has one.
   */
  directOnly(command: string): OutboundMessage {
    return {
      ...this.notice("private_only", { command }),
      directChatLink: this.strings.open_private_chat,
    };
  }

  /**
   * Commands as a list, each with its one-line description (the help text's list). Written
   * with `/`, like every UI string; the engine respells them for platforms that type `!`.
   */
  commandList(commands: { name: string; describe: CommandKey }[]): Block {
    return {
      kind: "list",
      ordered: false,
      items: commands.map((command) => [
        text(`/${command.name}: ${this.strings.commands[command.describe]}`),
      ]),
    };
  }

  /**
   * A topic's answer with its compact sources line; its related topics as choices, then
   * "All sources" (the full list is one tap away, not in the way of the answer).
   */
  answer(topic: Topic, prefix: Block[] = []): OutboundMessage {
    const related = topic.related.flatMap((id) => {
      const other = this.kb.topics.get(id);
      return other ? [this.topicChoice(other)] : [];
    });
    const sources =
      citedSources(this.kb, topic).length > 0
        ? [{ label: this.kb.ui[this.language].sources_button, action: `s:${topic.id}` }]
        : [];
    return {
      ...this.message(
        "answer",
        [...prefix, ...answerBlocks(this.kb, topic, this.language)],
        [...related, ...sources],
        topic.id,
      ),
      share: { label: this.strings.share_button, query: topic.id },
    };
  }

  /** Every source of a topic's answer, in full; its choices lead back to the answer. */
  sourceList(topic: Topic): OutboundMessage {
    return this.message("command", sourceListBlocks(this.kb, topic, this.language), [
      this.topicChoice(topic),
    ]);
  }

  /** "Did you mean": the close candidates as choices, then "none of these" (the menu). */
  suggest(candidates: Candidate[]): OutboundMessage {
    const choices = candidates.flatMap((c) => {
      const topic = this.kb.topics.get(c.intent);
      return topic ? [this.topicChoice(topic)] : [];
    });
    return this.message("suggest", this.say("did_you_mean"), [...choices, this.menuChoice()]);
  }

  /** "Not sure": the topic menu and a way to reach a person. */
  fallback(): OutboundMessage {
    return this.message("fallback", this.say("fallback"), this.categoryChoices(true));
  }

  /** The topic menu's first level: one choice per category. */
  categoryChoices(withHelp = false): Choice[] {
    const choices: Choice[] = CATEGORIES.filter((c) => this.topicsIn(c).length > 0).map(
      (category) => ({
        label: this.kb.ui[this.language].categories[category],
        action: `k:${category}`,
      }),
    );
    const help = this.kb.topics.get("get-help");
    if (withHelp && help) choices.push(this.topicChoice(help));
    return choices;
  }

  /** The topics of one category, as choices. */
  topicsIn(category: Category): Choice[] {
    return [...this.kb.topics.values()]
      .filter((topic) => topic.category === category)
      .map((topic) => this.topicChoice(topic));
  }

  topicChoice(topic: Topic): Choice {
    return { label: contentIn(topic, this.language).content.title, action: `t:${topic.id}` };
  }

  menuChoice(): Choice {
    return {
      label: this.kb.ui[this.language].none_of_these,
      action: encodeAction({ kind: "command", command: "topics" }),
    };
  }

  private fill(template: string, values: Record<string, string | number>): string {
    return template.replace(/\{([a-z_]+)\}/g, (whole, name: string) =>
      name in values ? String(values[name]) : whole,
    );
  }
}
