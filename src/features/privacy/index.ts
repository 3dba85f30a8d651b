import { Composer, InlineKeyboard, InputFile } from "grammy";
import { decode, encode } from "../../bot/callback-data.js";
import { spellings } from "../../bot/commands.js";
import type { BotContext } from "../../bot/context.js";
import type { Feature } from "../../bot/feature.js";
import { send } from "../../bot/reply.js";
import { commands } from "../commands.js";
import { describeChatData, exportFile } from "./export.js";

/**
 * /datenschutz: what is stored and why; /meine_daten: everything stored about this chat, in words
 * and as a JSON file;
 * /loeschen: delete all of it after a confirmation button. (In groups, the groups feature lets
 * only admins through to the last two.)
 */
const composer = new Composer<BotContext>();

/** The privacy notice, with the unanswered-questions paragraph only when that log is on. */
function privacyText(ctx: BotContext): string {
  const days = ctx.deps.unansweredLogDays;
  const base = ctx.t("privacy");
  return days > 0 ? `${base}\n\n${ctx.t("privacyControls.unansweredOn", { count: days })}` : base;
}

const showNotice = (ctx: BotContext) =>
  ctx.reply(privacyText(ctx), { link_preview_options: { is_disabled: true } }).then(() => undefined);

composer.command(spellings(commands.privacy), showNotice);

/**
 * /meine_daten: everything stored about this chat in words, then the same exactly as stored, as a
 * JSON file (in groups the groups feature lets only admins through).
 */
composer.command(spellings(commands.myData), async (ctx) => {
  const { store, knowledge, unansweredLogDays } = ctx.deps;
  const data = await store.exportChat(ctx.chat.id);
  const summary = describeChatData(data, {
    t: ctx.t,
    lang: ctx.lang,
    campaigns: knowledge.campaigns,
    unansweredLogDays,
  });
  if (summary === null) {
    await ctx.reply(ctx.t("privacyControls.nothingStored"));
    return;
  }
  ctx.log.info({ event: "export" }, "chat data exported");
  await ctx.reply(summary);
  const file = exportFile(data, ctx.chat.id, ctx.t);
  await ctx.replyWithDocument(new InputFile(file.bytes, file.name), {
    caption: ctx.t("privacyControls.dataFileCaption"),
  });
});

composer.command(spellings(commands.delete), async (ctx) => {
  const keyboard = new InlineKeyboard()
    .text(ctx.t("privacyControls.deleteYes"), encode({ kind: "deleteData", confirm: true }))
    .text(ctx.t("privacyControls.deleteNo"), encode({ kind: "deleteData", confirm: false }));
  await ctx.reply(ctx.t("privacyControls.deleteConfirm"), { reply_markup: keyboard });
});

composer.on("callback_query:data", async (ctx, next) => {
  const action = decode(ctx.callbackQuery.data);
  if (action?.kind !== "deleteData") return next();
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return next();
  await ctx.answerCallbackQuery();
  // The question has been answered: its buttons go, so that nobody presses them twice.
  await ctx.editMessageReplyMarkup().catch((error) => ctx.log.debug({ err: error }, "buttons not removed"));
  if (!action.confirm) {
    await ctx.reply(ctx.t("privacyControls.deleteCancelled"));
    return;
  }
  const deleted = await ctx.deps.store.deleteChat(chatId);
  // What the bot keeps in memory for follow-ups goes too.
  ctx.recentTopics.forget(chatId);
  ctx.log.info({ event: "delete", deleted }, "chat data deleted");
  await ctx.reply(ctx.t(deleted ? "privacyControls.deleted" : "privacyControls.nothingToDelete"));
});

export const privacy: Feature = {
  name: "privacy",
  composer,
  // "What does this bot store about me?" gets the same notice as /datenschutz.
  intents: { "bot-privacy": { summary: "privacy", reply: (ctx) => send(ctx, { text: privacyText(ctx) }) } },
};
