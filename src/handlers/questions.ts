import { Composer } from "grammy";
import { replyNotFound, replyWith, replyWithChoices } from "../bot/answers.js";
import type { BotContext } from "../bot/context.js";
import { normaliseQuestion } from "../privacy/unanswered.js";

/** Free-text questions in private chats: the matcher picks the entry, or asks, or says it has none. */
export const questions = new Composer<BotContext>();

const maxQuestionLength = 1000;

/**
 * Answers one question wherever it was asked (private chat, group, /frage): the same matcher and
 * entries everywhere; replyWith formats the answer for the kind of chat.
 */
export async function answerQuestion(ctx: BotContext, text: string): Promise<void> {
  // Long texts are still answered from their beginning: nobody asks a question in 4,000 characters.
  const result = ctx.deps.knowledge.matcher.match(text.slice(0, maxQuestionLength));
  ctx.log.debug({ event: "question", entry: result.id, score: result.score }, "question matched");
  if (result.decision === "clarify") {
    await replyWithChoices(ctx, result.suggestions);
  } else if (result.id === null) {
    await replyNotFound(ctx);
    ctx.deps.metrics?.unanswered.inc();
    // Operator insight, off by default: the normalised words only, never who asked.
    if ((ctx.deps.unansweredLogDays ?? 0) > 0) {
      const normalised = normaliseQuestion(text.slice(0, maxQuestionLength));
      if (normalised) await ctx.deps.store.recordUnanswered(normalised, ctx.deps.clock());
    }
  } else {
    await replyWith(ctx, result.id);
  }
}

questions.chatType("private").on("message:text", async (ctx, next) => {
  const text = ctx.message.text;
  if (text.startsWith("/")) return next();
  await answerQuestion(ctx, text);
});
