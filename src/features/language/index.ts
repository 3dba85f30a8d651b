import { Composer, InlineKeyboard } from "grammy";
import { decode, encode } from "../../bot/callback-data.js";
import { spellings } from "../../bot/commands.js";
import type { BotContext } from "../../bot/context.js";
import type { Feature } from "../../bot/feature.js";
import { send } from "../../bot/reply.js";
import { topicMenu } from "../answers/views.js";
import { commands } from "../commands.js";

/** /sprache: German or English, remembered for the chat (in groups the groups feature asks admins). */
const composer = new Composer<BotContext>();

const languageKeyboard = () =>
  new InlineKeyboard()
    .text("🇩🇪 Deutsch", encode({ kind: "language", lang: "de" }))
    .text("🇬🇧 English", encode({ kind: "language", lang: "en" }));

composer.command(spellings(commands.language), (ctx) =>
  send(ctx, { text: ctx.t("language.choose"), keyboard: languageKeyboard() }),
);

composer.on("callback_query:data", async (ctx, next) => {
  const action = decode(ctx.callbackQuery.data);
  if (action?.kind !== "language") return next();
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return next();
  await ctx.deps.store.setLanguage(chatId, action.lang);
  ctx.lang = action.lang;
  ctx.t = ctx.deps.i18n.fixed(action.lang);
  // One confirmation: the message below (with the topics). The button press is answered without
  // a text, which Telegram would otherwise show as a second, identical toast above it.
  await ctx.answerCallbackQuery();
  await send(ctx, { text: ctx.t("language.changed"), keyboard: topicMenu(ctx.deps.knowledge, ctx.lang) });
});

export const language: Feature = { name: "language", composer };
