import { Composer } from "grammy";
import { replyWith } from "../bot/answers.js";
import type { BotContext } from "../bot/context.js";

/** /frist: each campaign's deadline answer, correct for today (countdown, today, or passed). */
export const deadline = new Composer<BotContext>();

deadline.command(["frist", "deadline"], async (ctx) => {
  const ids = ctx.deps.knowledge.campaigns.flatMap((c) => (c.deadlineEntry ? [c.deadlineEntry] : []));
  for (const id of ids) await replyWith(ctx, id);
});
