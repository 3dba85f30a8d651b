import type { NextFunction } from "grammy";
import { languageFromTelegram } from "../../i18n.js";
import type { BotContext } from "../context.js";

/** The chat's stored language, else what Telegram says about the user, else German. */
export async function languageMiddleware(ctx: BotContext, next: NextFunction): Promise<void> {
  const chatId = ctx.chat?.id;
  const stored = chatId === undefined ? undefined : await ctx.deps.store.getChat(chatId);
  ctx.lang = stored?.language ?? languageFromTelegram(ctx.from?.language_code);
  ctx.t = ctx.deps.i18n.fixed(ctx.lang);
  await next();
}
