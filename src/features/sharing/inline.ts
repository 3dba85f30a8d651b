import { Composer, InlineKeyboard, InlineQueryResultBuilder } from "grammy";
import type { BotContext } from "../../bot/context.js";
import type { Lang } from "../../kernel/lang.js";
import type { KnowledgeBase } from "../../knowledge/loader.js";
import { answerDeepLink, plainTitle } from "../answers/links.js";
import { answerHtml } from "../answers/views.js";

/**
 * Inline mode: "@<bot> insta widerspruch" in any chat lists matching answers as cards; the chosen
 * card is sent as the whole answer, with a button to ask the bot itself.
 */
export const inline = new Composer<BotContext>();

/** Telegram shows at most 50 results; a short list is easier to choose from. */
export const maxInlineResults = 10;
/** Seconds Telegram may reuse the results for the same query. Answers change at most daily. */
export const inlineCacheSeconds = 300;

/**
 * What people ask first, shown for an empty query. Ids that the content does not have are skipped,
 * and the campaign's topic menu fills up the list.
 */
const mostAsked = ["deadline", "how-to-object", "already-objected", "object-instagram", "object-facebook"];

/** A card must score at least this share of the best card's score. */
const relativeCutoff = 0.65;

const normalise = (text: string) => plainTitle(text).toLowerCase().replace(/\s+/g, " ");

/** The entry ids to show for a query, best first; never empty. */
export function inlineEntryIds(knowledge: KnowledgeBase, query: string): string[] {
  const { entries, matcher } = knowledge;
  const topics = [...new Set([...mostAsked.filter((id) => entries.has(id)), ...knowledge.menu])];
  if (query === "") return topics.slice(0, maxInlineResults);

  // A share button's query is an entry's title: that entry first.
  const wanted = normalise(query);
  const titled = [...entries.values()].find(
    (e) => normalise(e.title.de) === wanted || normalise(e.title.en) === wanted,
  )?.id;
  const result = matcher.match(query);
  const accepted = result.id !== null && entries.has(result.id) ? result.id : undefined;
  if (!titled && !accepted) return topics.slice(0, maxInlineResults); // unknown or out of scope

  const candidates = matcher
    .rank(query, entries.size + knowledge.intents.size)
    .filter((c) => entries.has(c.id));
  // Scores of loosely related entries stay fairly high (they share "widerspruch", "meta"); only
  // those close to the best are worth a card.
  const cutoff = Math.max(matcher.calibration.clarify, relativeCutoff * (candidates[0]?.score ?? 0));
  const ranked = candidates.filter((c) => c.score >= cutoff).map((c) => c.id);
  const ids = [titled, accepted, ...ranked].filter((id): id is string => id !== undefined);
  return [...new Set(ids)].slice(0, maxInlineResults);
}

inline.on("inline_query", async (ctx) => {
  const { knowledge, i18n } = ctx.deps;
  const query = ctx.inlineQuery.query.trim().slice(0, 256);
  // The cards' language follows the query's words when they tell; otherwise the person's client.
  // Only results that depend on the query alone may be shared between people through the cache.
  const fromQuery = knowledge.language.guess(query);
  const fromText = fromQuery !== null;
  const lang: Lang = fromQuery ?? ctx.lang;
  const t = i18n.fixed(lang);

  const results = inlineEntryIds(knowledge, query).flatMap((id) => {
    const entry = knowledge.entries.get(id);
    if (!entry) return [];
    const text = answerHtml(ctx.deps, entry, lang);
    return [
      InlineQueryResultBuilder.article(id, entry.title[lang], {
        description: entry.summary[lang],
        reply_markup: new InlineKeyboard().url(t("sharing.askBot"), answerDeepLink(ctx.me.username, id)),
      }).text(text, { link_preview_options: { is_disabled: true } }),
    ];
  });
  ctx.log.debug({ event: "inline_query", results: results.length, personal: !fromText }, "inline query");
  await ctx.answerInlineQuery(results, { cache_time: inlineCacheSeconds, is_personal: !fromText });
});
