import { Composer } from "grammy";
import { isAdmin } from "../bot/admin.js";
import { decode } from "../bot/callback-data.js";
import type { BotContext } from "../bot/context.js";
import { changeMode, stopChat, subscribeChat, waitForDeadline } from "../reminders/ui.js";

/**
 * Deadline reminders: /erinnern (/remind, deep link /start erinnern), /stopp (/stop), their
 * buttons, /stats for operators, and the bot being blocked or removed from a chat.
 */
export const reminders = new Composer<BotContext>();

reminders.command(["erinnern", "remind"], subscribeChat);
reminders.command("start", async (ctx, next) => {
  if (ctx.match.trim() === "erinnern") return subscribeChat(ctx);
  return next();
});
reminders.command(["stopp", "stop"], stopChat);

reminders.on("callback_query:data", async (ctx, next) => {
  const action = decode(ctx.callbackQuery.data);
  if (action?.kind !== "reminders") return next();
  const answered = () => ctx.answerCallbackQuery();
  switch (action.op) {
    case "on":
      await subscribeChat(ctx);
      break;
    case "off":
      await stopChat(ctx);
      break;
    case "notify":
      await waitForDeadline(ctx);
      break;
    case "last":
    case "all":
      await changeMode(ctx, action.op);
      break;
  }
  // refuse() has already answered with an alert; a second answer is harmless but rejected.
  await answered().catch(() => undefined);
});

/** Blocked in a private chat, or removed from a group: its reminders end for good. */
reminders.on("my_chat_member", async (ctx, next) => {
  const status = ctx.myChatMember.new_chat_member.status;
  if (status === "kicked" || status === "left") {
    const ended = await ctx.deps.store.deactivateChat(ctx.myChatMember.chat.id, ctx.deps.clock());
    ctx.log.info({ event: "bot-removed", chat: ctx.myChatMember.chat.id, status, ended }, "chat deactivated");
  }
  // Other features (the group introduction) see the same update.
  await next();
});

/** Operators only (ADMIN_IDS); to everyone else it is an unknown command. */
reminders.filter(isAdmin).command("stats", async (ctx) => {
  const s = await ctx.deps.store.reminderStats();
  await ctx.reply(
    ctx.t("reminders.stats", {
      subscribers: s.subscribers,
      waiting: s.waitingForDeadline,
      sent: s.sent,
      failed: s.failed,
      skipped: s.skipped,
      inProgress: s.inProgress,
    }),
    { parse_mode: "HTML" },
  );
});
