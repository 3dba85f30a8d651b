import { type BotError, GrammyError, HttpError } from "grammy";
import type { BotContext } from "./context.js";
import { GroupRateLimited } from "./middleware/group-budget.js";

/**
 * The error boundary: log with the update id and the API error code, then apologise to the user
 * (once; if even that fails, the log line is all there is).
 */
export async function handleError(error: BotError<BotContext>): Promise<void> {
  const { ctx } = error;
  const cause = error.error;
  const log = ctx.log ?? ctx.deps.logger.child({ update_id: ctx.update.update_id });
  if (cause instanceof GroupRateLimited) {
    // Not a failure: the group had its 20 messages this minute. No apology (it would be one more).
    log.warn({ chat_id: cause.chatId }, "group message budget spent; reply dropped");
    return;
  }
  if (cause instanceof GrammyError) {
    log.error(
      { method: cause.method, code: cause.error_code, description: cause.description },
      "Bot API error",
    );
  } else if (cause instanceof HttpError) {
    log.error({ err: cause.error }, "network error talking to the Bot API");
  } else {
    log.error({ err: cause }, "handler failed");
  }
  if (!ctx.chat) return;
  try {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
    // Before the language middleware ran there is no ctx.t: apologise in the default language.
    const text = ctx.t ? ctx.t("error.apology") : ctx.deps.i18n.t("de", "error.apology");
    await ctx.reply(text);
  } catch (replyError) {
    log.warn({ err: replyError }, "could not send the apology");
  }
}
