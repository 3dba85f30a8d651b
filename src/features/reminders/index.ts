import { Composer } from "grammy";
import { decode } from "../../bot/callback-data.js";
import { spellings } from "../../bot/commands.js";
import type { BotContext } from "../../bot/context.js";
import type { Feature } from "../../bot/feature.js";
import { commands } from "../commands.js";
import {
  changeMode,
  permitted,
  showReminderState,
  stopChat,
  subscribeChat,
  waitForDeadline,
} from "./actions.js";

/**
 * Deadline reminders in the chat: /erinnern (/remind, deep link /start erinnern), /stopp (/stop),
 * their buttons, and the bot being blocked or removed from a chat. The sending itself is the
 * ReminderWorker's (worker.ts), started by main.ts.
 */
const composer = new Composer<BotContext>();

composer.command(spellings(commands.remind), subscribeChat);
// Before the answers feature's /start: it takes the deep link t.me/<bot>?start=erinnern.
composer.command(spellings(commands.start), async (ctx, next) => {
  if (ctx.match.trim() === "erinnern") return subscribeChat(ctx);
  return next();
});
composer.command(spellings(commands.stop), stopChat);

composer.on("callback_query:data", async (ctx, next) => {
  const action = decode(ctx.callbackQuery.data);
  if (action?.kind !== "reminders") return next();
  // A refusal is the press's answer (an alert); otherwise it is answered before the change, once.
  if (!(await permitted(ctx))) return;
  await ctx.answerCallbackQuery();
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
});

/** Blocked in a private chat, or removed from a group: its reminders end for good. */
composer.on("my_chat_member", async (ctx, next) => {
  const status = ctx.myChatMember.new_chat_member.status;
  if (status === "kicked" || status === "left") {
    const ended = await ctx.deps.store.deactivateChat(ctx.myChatMember.chat.id, ctx.deps.clock());
    ctx.log.info({ event: "bot-removed", chat: ctx.myChatMember.chat.id, status, ended }, "chat deactivated");
  }
  // Other features (the group introduction) see the same update.
  await next();
});

export const reminders: Feature = {
  name: "reminders",
  composer,
  // "Erinnerst du mich?": this chat's reminder state with its buttons, not a fixed text.
  intents: { reminder: { summary: "intents.reminder", reply: showReminderState } },
};
