import { Composer } from "grammy";
import type { BotContext } from "../bot/context.js";

/** Registered last: unknown commands get a pointer to /hilfe, stale or forged buttons a short note. */
export const unhandled = new Composer<BotContext>();

unhandled.chatType("private").on("message:text", async (ctx) => {
  if (ctx.message.text.startsWith("/")) await ctx.reply(ctx.t("unknownCommand"), { parse_mode: "HTML" });
});

unhandled.on("callback_query", async (ctx) => {
  await ctx.answerCallbackQuery({ text: ctx.t("callback.stale") });
});
