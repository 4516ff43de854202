import type { Context } from "grammy";
import type { InlineQueryResultArticle } from "grammy/types";
import type { Panah, ShareCard } from "../../src/index.ts";
import { renderBlocks } from "./render.ts";

/**
 * How long Telegram may keep one query's cards and show them to anyone typing the same words.
 * Cards depend on the words alone (and, for an empty query, the person's language), so they
 * are not personal; five minutes keeps a knowledge base edit from waiting long to show.
 */
const CACHE_SECONDS = 300;

/**
 * Answers `@PanahBot <words>` typed in any chat: the topics the router ranks for the words, as
 * articles whose message is a compact answer card with a link that opens the full answer in a
 * chat with the bot. Nothing about the person is logged or stored; the query is only routed.
 */
export async function answerInlineQuery(
  ctx: Context & { inlineQuery: NonNullable<Context["inlineQuery"]> },
  panah: Panah,
): Promise<void> {
  const { query, from } = ctx.inlineQuery;
  const cards = panah.engine.shareCards(query, from.language_code);
  const language = cards[0]?.language ?? "en";
  const results = cards.map((card) => toArticle(card, ctx.me.username));
  await ctx.answerInlineQuery(results, {
    cache_time: CACHE_SECONDS,
    // Only an empty query's cards follow the person's language.
    is_personal: query.trim() === "",
    // Above the cards (and alone when nothing matched): ask Panah itself.
    button: {
      text: panah.knowledge().kb.ui[language].share_ask,
      start_parameter: "share",
    },
  });
}

function toArticle(card: ShareCard, botUsername: string): InlineQueryResultArticle {
  return {
    type: "article",
    id: card.id,
    title: card.title,
    description: card.preview,
    input_message_content: {
      message_text: renderBlocks(card.blocks).html,
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
    },
    reply_markup: {
      inline_keyboard: [
        [
          {
            text: card.openLabel,
            url: `https://t.me/${botUsername}?start=${card.startPayload}`,
          },
        ],
      ],
    },
  };
}
