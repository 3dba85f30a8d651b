import type { NextFunction } from "grammy";
import { languageFromTelegram } from "../i18n.js";
import type { BotContext } from "./context.js";

/**
 * Per-update logger and timing. Logs the update id, its type and the duration — never the
 * text or the sender's name.
 */
export async function updateLogger(ctx: BotContext, next: NextFunction): Promise<void> {
  ctx.log = ctx.deps.logger.child({ update_id: ctx.update.update_id });
  const started = performance.now();
  const type = updateType(ctx);
  ctx.log.debug({ type }, "update received");
  await next();
  ctx.log.debug({ type, ms: Math.round(performance.now() - started) }, "update handled");
}

/** The chat's stored language, else what Telegram says about the user, else German. */
export async function languageMiddleware(ctx: BotContext, next: NextFunction): Promise<void> {
  const chatId = ctx.chat?.id;
  const stored = chatId === undefined ? undefined : await ctx.deps.store.getChat(chatId);
  ctx.lang = stored?.language ?? languageFromTelegram(ctx.from?.language_code);
  ctx.t = ctx.deps.i18n.fixed(ctx.lang);
  await next();
}

/** The update's kind: message, callback_query, … */
export function updateType(ctx: BotContext): string {
  return Object.keys(ctx.update).find((key) => key !== "update_id") ?? "unknown";
}

/** Counts updates by type and times their handling (also when a handler fails). */
export async function metricsMiddleware(ctx: BotContext, next: NextFunction): Promise<void> {
  const metrics = ctx.deps.metrics;
  if (!metrics) return next();
  const type = updateType(ctx);
  const stop = metrics.handlerSeconds.startTimer({ type });
  try {
    await next();
  } finally {
    stop();
    metrics.updates.inc({ type });
  }
}

/**
 * Channels are not conversations: the bot never speaks in one, not even to a command posted
 * there (grammY's command matching also covers channel posts).
 */
export async function ignoreChannels(ctx: BotContext, next: NextFunction): Promise<void> {
  if (ctx.channelPost || ctx.editedChannelPost) return;
  await next();
}
