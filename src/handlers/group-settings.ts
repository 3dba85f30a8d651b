import { Composer } from "grammy";
import { decode } from "../bot/callback-data.js";
import type { BotContext } from "../bot/context.js";
import { isGroupChat, mayChangeSettings } from "../bot/group-services.js";

/**
 * In groups only admins change the group's settings and data (the language with /sprache, the
 * stored data with /meine_daten and /loeschen, and their buttons). Registered before the features
 * that change them; admins pass through to them.
 */
export const groupSettings = new Composer<BotContext>();

const group = groupSettings.filter(isGroupChat);

group.command(["sprache", "language", "meine_daten", "mydata", "loeschen", "delete"], async (ctx, next) => {
  if (await mayChangeSettings(ctx)) return next();
  await ctx.reply(ctx.t("groups.adminsOnly"), { parse_mode: "HTML" });
});

group.on("callback_query:data", async (ctx, next) => {
  const kind = decode(ctx.callbackQuery.data)?.kind;
  if (kind !== "language" && kind !== "deleteData") return next();
  if (await mayChangeSettings(ctx)) return next();
  await ctx.answerCallbackQuery({ text: ctx.t("groups.adminsOnly") });
});
