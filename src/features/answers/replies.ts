import { type BotContext, isGroupChat } from "../../bot/context.js";
import { send } from "../../bot/reply.js";
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

/** Answers the entry or intent with this id, and counts it. */
export async function replyWith(ctx: BotContext, id: string): Promise<void> {
  const entry = ctx.deps.knowledge.entries.get(id);
  if (entry) await send(ctx, entryReply(ctx, entry));
  else await answerIntent(ctx, id);
  ctx.deps.metrics.answers.inc({ entry: id });
}

/**
 * Answers one question wherever it was asked (private chat, group, /frage): the same matcher and
 * entries everywhere; replyWith formats the answer for the kind of chat.
 */
export async function answerQuestion(ctx: BotContext, text: string): Promise<void> {
  const question = text.slice(0, maxQuestionLength);
  const { knowledge, metrics, store, unansweredLogDays, clock } = ctx.deps;
  const result = knowledge.matcher.match(question);
  ctx.log.debug({ event: "question", entry: result.id, score: result.score }, "question matched");
  if (result.id === null) {
    await replyNotFound(ctx);
    metrics.unanswered.inc();
    // Operator insight, off by default: the normalised words only, never who asked.
    if (unansweredLogDays > 0) {
      const normalised = normaliseQuestion(question);
      if (normalised) await store.recordUnanswered(normalised, clock());
    }
  } else if (result.ambiguous) {
    // "Meinten Sie …?" with the close candidates as buttons.
    const ids = [result.id, ...result.suggestions.slice(0, 1)];
    await send(ctx, {
      text: ctx.t("answer.didYouMean"),
      keyboard: choicesKeyboard(knowledge, ids, ctx.lang, ctx.t),
    });
  } else {
    await replyWith(ctx, result.id);
  }
}
