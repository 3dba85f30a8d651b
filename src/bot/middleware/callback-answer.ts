import type { NextFunction } from "grammy";
import type { BotContext } from "../context.js";

/**
 * Every button press is answered exactly once. Telegram shows a spinner on the button until the
 * bot calls answerCallbackQuery, and refuses a second answer to the same press (400). Features
 * answer as they see fit (a toast, an alert, a link); a press still unanswered when its update is
 * done — dropped by the flood limit, refused, or failed — is answered silently here, and a second
 * answer to a press already answered is not sent. Installed on this update's own Api object.
 */
export async function answerEveryPress(ctx: BotContext, next: NextFunction): Promise<void> {
  const id = ctx.callbackQuery?.id;
  if (id === undefined) return next();
  let answered = false;
  ctx.api.config.use((prev, method, payload, signal) => {
    const query = (payload as { callback_query_id?: unknown } | undefined)?.callback_query_id;
    if (method !== "answerCallbackQuery" || query !== id) return prev(method, payload, signal);
    if (answered) {
      ctx.log.debug("button press already answered; a second answer is not sent");
      return Promise.resolve({ ok: true, result: true } as never);
    }
    answered = true;
    return prev(method, payload, signal);
  });
  try {
    await next();
  } finally {
    if (!answered) {
      await ctx
        .answerCallbackQuery()
        .catch((error) => ctx.log.warn({ err: error }, "could not answer a button press"));
    }
  }
}
