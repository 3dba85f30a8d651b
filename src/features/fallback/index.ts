import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.js";
import type { Feature } from "../../bot/feature.js";

/**
 * Registered last, for what no feature took. Photos, stickers, voice, files and the like get a
 * short note in private chats that the bot reads text questions (in groups nothing: it is not
 * addressed); unknown commands a pointer to /hilfe; stale or forged buttons a short note. Edited
 * messages are not even requested: answering every correction again would repeat the conversation.
 */
const composer = new Composer<BotContext>();
const inPrivate = composer.chatType("private");

inPrivate.on(
  [
    "message:media",
    "message:document",
    "message:audio",
    "message:animation",
    "message:video_note",
    "message:sticker",
    "message:voice",
    "message:location",
    "message:contact",
    "message:poll",
    "message:dice",
    "message:story",
  ],
  (ctx) => ctx.reply(ctx.t("nonText")),
);

inPrivate.on("message:text", async (ctx) => {
  if (ctx.message.text.startsWith("/")) await ctx.reply(ctx.t("unknownCommand"));
});

composer.on("callback_query", (ctx) => ctx.answerCallbackQuery({ text: ctx.t("callback.stale") }));

export const fallback: Feature = { name: "fallback", composer };
