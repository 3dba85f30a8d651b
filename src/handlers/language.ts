import { Composer } from "grammy";
import { send } from "../bot/answers.js";
import { decode } from "../bot/callback-data.js";
import type { BotContext } from "../bot/context.js";
import { languageKeyboard, topicMenu } from "../bot/keyboards.js";

/** /sprache: choose German or English; remembered for the chat. */
export const language = new Composer<BotContext>();

language.command(["sprache", "language"], async (ctx) => {
  await send(ctx, { text: ctx.t("language.choose"), keyboard: languageKeyboard() });
});

language.on("callback_query:data", async (ctx, next) => {
  const action = decode(ctx.callbackQuery.data);
  if (action?.kind !== "language") return next();
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return next();
  await ctx.deps.store.setLanguage(chatId, action.lang);
  ctx.lang = action.lang;
  ctx.t = ctx.deps.i18n.fixed(action.lang);
  await ctx.answerCallbackQuery({ text: ctx.t("language.changed") });
  await send(ctx, { text: ctx.t("language.changed"), keyboard: topicMenu(ctx.deps.knowledge, ctx.lang) });
});
