import { Composer } from "grammy";
import { decode } from "../../bot/callback-data.js";
import { spellings } from "../../bot/commands.js";
import type { BotContext } from "../../bot/context.js";
import type { Feature } from "../../bot/feature.js";
import { send } from "../../bot/reply.js";
import { commands } from "../commands.js";
import { inline } from "./inline.js";
import { shareReply } from "./views.js";

/** Sharing: /teilen, the "Teilen" button under answers, and inline mode (@<bot> … in any chat). */
const composer = new Composer<BotContext>();

composer.command(spellings(commands.share), (ctx) => send(ctx, shareReply(ctx)));

composer.on("callback_query:data", async (ctx, next) => {
  const action = decode(ctx.callbackQuery.data);
  if (action?.kind !== "share") return next();
  if (action.id !== undefined && !ctx.deps.knowledge.entries.has(action.id)) return next();
  await ctx.answerCallbackQuery();
  await send(ctx, shareReply(ctx, action.id));
});

composer.use(inline);

export const sharing: Feature = {
  name: "sharing",
  composer,
  intents: { share: { summary: "intents.share", reply: (ctx) => send(ctx, shareReply(ctx)) } },
};
