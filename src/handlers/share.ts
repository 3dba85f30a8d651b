import { Composer } from "grammy";
import { send } from "../bot/answers.js";
import { decode } from "../bot/callback-data.js";
import type { BotContext } from "../bot/context.js";
import { shareReply } from "../bot/share.js";

/** /teilen and the "Teilen" button under answers. */
export const share = new Composer<BotContext>();

share.command(["teilen", "share"], async (ctx) => {
  await send(ctx, shareReply(ctx));
});

share.on("callback_query:data", async (ctx, next) => {
  const action = decode(ctx.callbackQuery.data);
  if (action?.kind !== "share") return next();
  if (action.id !== undefined && !ctx.deps.knowledge.entries.has(action.id)) return next();
  await ctx.answerCallbackQuery();
  await send(ctx, shareReply(ctx, action.id));
});
