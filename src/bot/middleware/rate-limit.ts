import { limit } from "@grammyjs/ratelimiter";
import type { MiddlewareFn } from "grammy";
import { languageFromTelegram } from "../../i18n.js";
import type { BotContext, BotDeps } from "../context.js";

/**
 * Per-user flood protection (in memory, per process): within one window a user gets `limit`
 * updates handled; the first one over gets a friendly note, the rest are dropped silently.
 * Runs before anything touches the database, so a flood costs nothing but a counter.
 */
export function rateLimit(options: NonNullable<BotDeps["rateLimit"]>): MiddlewareFn<BotContext> {
  return limit<BotContext, never>({
    limit: options.limit,
    timeFrame: options.windowMs,
    keyGenerator: (ctx) => ctx.from?.id.toString(),
    onLimitExceeded: async (ctx) => {
      ctx.deps.metrics.rateLimited.inc();
      ctx.log.warn({ user_id: ctx.from?.id }, "rate limit exceeded");
      // The user's own client language: the stored choice would need a database read.
      const text = ctx.deps.i18n.t(languageFromTelegram(ctx.from?.language_code), "abuse.slowDown");
      try {
        if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text });
        else if (ctx.chat?.type === "private") await ctx.reply(text);
      } catch (error) {
        ctx.log.warn({ err: error }, "could not send the rate-limit note");
      }
    },
  }) as MiddlewareFn<BotContext>;
}
