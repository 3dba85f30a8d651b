import { Composer, InlineKeyboard } from "grammy";
import type { MessageEntity } from "grammy/types";
import { decode, encode } from "../../bot/callback-data.js";
import type { BotContext } from "../../bot/context.js";
import { isOperator } from "./operators.js";

/**
 * /broadcast <text> for admins: the bot shows the message exactly as subscribers will get it,
 * with "send" and "cancel" buttons. The confirmed text is taken from the preview message itself,
 * so nothing is held in memory between preview and confirmation (several instances may run).
 */
export const broadcast = new Composer<BotContext>();
const admin = broadcast.filter(isOperator);

admin.command("broadcast", async (ctx) => {
  const text = ctx.msg.text;
  const body = ctx.match;
  if (!body.trim()) {
    await ctx.reply(ctx.t("admin.broadcastUsage"));
    return;
  }
  const entities = shiftEntities(ctx.msg.entities ?? [], text.length - body.length, body.length);
  await ctx.reply(ctx.t("admin.broadcastPreview"));
  // As typed: the admin's formatting as entities, never parsed as HTML.
  await ctx.reply(body, {
    entities,
    link_preview_options: { is_disabled: true },
    reply_markup: new InlineKeyboard()
      .text(ctx.t("admin.broadcastSend"), encode({ kind: "broadcast", confirm: true }))
      .text(ctx.t("admin.broadcastCancel"), encode({ kind: "broadcast", confirm: false })),
  });
});

admin.on("callback_query:data", async (ctx, next) => {
  const action = decode(ctx.callbackQuery.data);
  const preview = ctx.callbackQuery.message;
  if (action?.kind !== "broadcast" || !preview || !("text" in preview) || !preview.text) return next();
  await ctx.answerCallbackQuery();
  // Removing the buttons is what makes a press count: a second tap (or a second admin) finds them
  // gone — Telegram answers "message is not modified" — and sends nothing twice.
  const removed = await ctx.editMessageReplyMarkup().then(
    () => true,
    (error: unknown) => {
      ctx.log.info({ err: error }, "broadcast buttons already used");
      return false;
    },
  );
  if (!removed) return;
  if (!action.confirm) {
    await ctx.reply(ctx.t("admin.broadcastCancelled"));
    return;
  }
  const queued = await ctx.deps.broadcaster.broadcast({
    text: preview.text,
    ...(preview.entities?.length ? { entities: preview.entities } : {}),
  });
  if (queued === null) {
    await ctx.reply(ctx.t("admin.broadcastUnavailable"));
    return;
  }
  ctx.log.info(
    { event: "broadcast", broadcast: queued.id, recipients: queued.recipients },
    "broadcast queued",
  );
  await ctx.reply(ctx.t("admin.broadcastQueued", { id: queued.id, count: queued.recipients }));
});

/** The admin's formatting, moved from the command message onto the text after the command. */
export function shiftEntities(entities: MessageEntity[], start: number, length: number): MessageEntity[] {
  return entities
    .filter((e) => e.offset >= start && e.offset + e.length <= start + length && e.type !== "bot_command")
    .map((e) => ({ ...e, offset: e.offset - start }));
}
