import { Composer, InlineKeyboard } from "grammy";
import { decode, encode } from "../bot/callback-data.js";
import type { BotContext } from "../bot/context.js";
import { formatExport } from "../privacy/export.js";
import { privacyText } from "../privacy/text.js";

/**
 * /datenschutz: what is stored and why; /meine_daten: everything stored about this chat;
 * /loeschen: delete all of it after a confirmation button.
 */
export const privacy = new Composer<BotContext>();

privacy.command(["datenschutz", "privacy"], async (ctx) => {
  await ctx.reply(privacyText(ctx), { parse_mode: "HTML", link_preview_options: { is_disabled: true } });
});

privacy.command(["meine_daten", "mydata"], async (ctx) => {
  const data = await ctx.deps.store.exportChat(ctx.chat.id);
  const blocks = formatExport(data);
  if (blocks.length === 0) {
    await ctx.reply(ctx.t("privacyControls.nothingStored"), { parse_mode: "HTML" });
    return;
  }
  ctx.log.info({ event: "export" }, "chat data exported");
  for (const [index, block] of blocks.entries()) {
    const header = index === 0 ? `${ctx.t("privacyControls.dataHeader")}\n\n` : "";
    await ctx.reply(header + block, { parse_mode: "HTML" });
  }
  await ctx.reply(ctx.t("privacyControls.dataFooter"), { parse_mode: "HTML" });
});

privacy.command(["loeschen", "delete"], async (ctx) => {
  const keyboard = new InlineKeyboard()
    .text(ctx.t("privacyControls.deleteYes"), encode({ kind: "deleteData", confirm: true }))
    .text(ctx.t("privacyControls.deleteNo"), encode({ kind: "deleteData", confirm: false }));
  await ctx.reply(ctx.t("privacyControls.deleteConfirm"), { parse_mode: "HTML", reply_markup: keyboard });
});

privacy.on("callback_query:data", async (ctx, next) => {
  const action = decode(ctx.callbackQuery.data);
  if (action?.kind !== "deleteData") return next();
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return next();
  await ctx.answerCallbackQuery();
  // The question has been answered: its buttons go, so that nobody presses them twice.
  await ctx.editMessageReplyMarkup().catch((error) => ctx.log.debug({ err: error }, "buttons not removed"));
  if (!action.confirm) {
    await ctx.reply(ctx.t("privacyControls.deleteCancelled"), { parse_mode: "HTML" });
    return;
  }
  const deleted = await ctx.deps.store.deleteChat(chatId);
  ctx.log.info({ event: "delete", deleted }, "chat data deleted");
  await ctx.reply(ctx.t(deleted ? "privacyControls.deleted" : "privacyControls.nothingToDelete"), {
    parse_mode: "HTML",
  });
});
