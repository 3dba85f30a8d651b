import type { NextFunction } from "grammy";
import type { BotContext } from "../context.js";

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

/** The update's kind: message, callback_query, … */
export function updateType(ctx: BotContext): string {
  return Object.keys(ctx.update).find((key) => key !== "update_id") ?? "unknown";
}

/** Counts updates by type and times their handling (also when a handler fails). */
export async function metricsMiddleware(ctx: BotContext, next: NextFunction): Promise<void> {
  const metrics = ctx.deps.metrics;
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
