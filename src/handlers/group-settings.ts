import { Composer } from "grammy";
import { decode } from "../bot/callback-data.js";
import type { BotContext } from "../bot/context.js";
import { isGroupChat, mayChangeSettings } from "../bot/group-services.js";

/**
 * In groups only admins change the group's settings (the language with /sprache, and its
 * buttons). Registered before the features that change settings; admins pass through to them.
 */
export const groupSettings = new Composer<BotContext>();

const group = groupSettings.filter(isGroupChat);

group.command(["sprache", "language"], async (ctx, next) => {
  if (await mayChangeSettings(ctx)) return next();
  await ctx.reply(ctx.t("groups.adminsOnly"), { parse_mode: "HTML" });
});

group.on("callback_query:data", async (ctx, next) => {
  if (decode(ctx.callbackQuery.data)?.kind !== "language") return next();
  if (await mayChangeSettings(ctx)) return next();
  await ctx.answerCallbackQuery({ text: ctx.t("groups.adminsOnly") });
});
