import { type BotContext, isGroupChat } from "../../bot/context.js";
import { send } from "../../bot/reply.js";
import { matchInContext } from "../../knowledge/followups.js";
import { namesIn } from "../privacy/guard.js";
import { normaliseQuestion } from "../privacy/unanswered.js";
import { choicesKeyboard, entryReply, topicMenu } from "./views.js";

/** Questions are answered from their beginning: nobody asks a question in 4,000 characters. */
const maxQuestionLength = 1000;

/** The honest "no answer" with the topics to choose from (in a group: short, without the menu). */
export async function replyNotFound(ctx: BotContext): Promise<void> {
  if (isGroupChat(ctx)) return send(ctx, { text: ctx.t("groups.notFound") });
  await send(ctx, { text: ctx.t("answer.notFound"), keyboard: topicMenu(ctx.deps.knowledge, ctx.lang) });
}

/** A bot intent (greeting, thanks, share, …), answered by the feature that registered it. */
export async function answerIntent(ctx: BotContext, id: string): Promise<void> {
  const answer = ctx.intents.find(ctx, id);
  if (answer) return answer.reply(ctx);
  // An intent in the content that no feature answers yet: the topics rather than nothing.
  await send(ctx, { text: ctx.t("answer.notFound"), keyboard: topicMenu(ctx.deps.knowledge, ctx.lang) });
}

/**
 * Answers the entry or intent with this id, counts it, and remembers it as the chat's topic (with
 * the question's other candidates, for a 👎).
 */
export async function replyWith(ctx: BotContext, id: string, alternatives: string[] = []): Promise<void> {
  const entry = ctx.deps.knowledge.entries.get(id);
  if (entry) {
    await send(ctx, entryReply(ctx, entry));
    if (ctx.chat) ctx.recentTopics.remember(ctx.chat.id, id, alternatives);
  } else await answerIntent(ctx, id);
  ctx.deps.metrics.answers.inc({ entry: id });
}

/** A line of text and one button per candidate topic, then "all topics". */
async function replyWithChoices(ctx: BotContext, key: string, ids: string[]): Promise<void> {
  await send(ctx, { text: ctx.t(key), keyboard: choicesKeyboard(ctx.deps.knowledge, ids, ctx.lang, ctx.t) });
}

/**
 * After a 👎: the other candidates the matcher saw for the question (while recent), else the
 * answer's related entries — and the invitation to ask in other words.
 */
export async function replyAlternatives(ctx: BotContext, id: string): Promise<void> {
  const recent = ctx.chat ? ctx.recentTopics.alternatives(ctx.chat.id, id) : [];
  const related = ctx.deps.knowledge.entries.get(id)?.related ?? [];
  const ids = [...new Set([...recent, ...related])].filter((other) => other !== id).slice(0, 3);
  await replyWithChoices(ctx, "feedback.better", ids);
}

/**
 * "Hä?" right after an answer: what was unclear — that answer's related topics to choose from, and
 * the invitation to ask in other words.
 */
async function replyUnclear(ctx: BotContext, previous: string): Promise<void> {
  const related = ctx.deps.knowledge.entries.get(previous)?.related ?? [];
  await replyWithChoices(ctx, "answer.unclear", related.slice(0, 3));
}

/**
 * A question is answered in its own language when its words make that clear ("how do I object?"
 * from a phone set to German), for this reply only; otherwise in the chat's language.
 */
function answerInLanguageOf(ctx: BotContext, question: string): void {
  const lang = ctx.deps.knowledge.language.guess(question);
  if (lang && lang !== ctx.lang) {
    ctx.lang = lang;
    ctx.t = ctx.deps.i18n.fixed(lang);
  }
}

/**
 * Answers one question wherever it was asked (private chat, group, /frage): the same matcher and
 * entries everywhere; replyWith formats the answer for the kind of chat. A short follow-up ("und
 * bei insta?", "wie geht das?", "hä?") is read against the chat's topic of the last 10 minutes.
 */
export async function answerQuestion(ctx: BotContext, text: string): Promise<void> {
  const question = text.slice(0, maxQuestionLength);
  const { knowledge, metrics, store, unansweredLogDays, clock } = ctx.deps;
  answerInLanguageOf(ctx, question);
  const previous = ctx.chat ? ctx.recentTopics.recall(ctx.chat.id) : null;
  const result = matchInContext(knowledge, question, previous);
  ctx.log.debug(
    {
      event: "question",
      entry: result.id,
      score: result.score,
      decision: result.decision,
      followUp: result.followUp,
    },
    "question matched",
  );
  if (result.decision === "answer" && result.id !== null) {
    if (result.followUp === "unclear" && previous) return replyUnclear(ctx, previous);
    return replyWith(ctx, result.id, result.suggestions);
  }
  if (result.decision === "clarify" && !isGroupChat(ctx)) {
    return replyWithChoices(ctx, "answer.didYouMean", result.suggestions);
  }
  metrics.unanswered.inc();
  // Operator insight, off by default: the normalised words only, never who asked.
  if (unansweredLogDays > 0) {
    const normalised = normaliseQuestion(question, namesIn(ctx));
    if (normalised) await store.recordUnanswered(normalised, clock());
  }
  // A question about a platform or the objection gets the closest topics, never a bare "no".
  if (result.suggestions.length > 0 && !isGroupChat(ctx)) {
    return replyWithChoices(ctx, "answer.notFoundClose", result.suggestions);
  }
  await replyNotFound(ctx);
}
