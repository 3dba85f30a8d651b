import { InlineKeyboard } from "grammy";
import { encode, type ReminderOp } from "../../bot/callback-data.js";
import type { BotContext } from "../../bot/context.js";
import type { Reply } from "../../bot/reply.js";
import { formatDate } from "../../kernel/dates.js";
import { lastDayToObject } from "../../knowledge/deadline.js";
import type { Campaign } from "../../knowledge/schema.js";
import { newDeadlinesCampaign, type Subscription } from "../../storage/store.js";
import { campaignLine } from "./messages.js";
import { isUpcoming } from "./schedule.js";

/** The campaigns whose last day to object in time has not ended yet. */
export function upcoming(ctx: BotContext): Campaign[] {
  const now = ctx.deps.clock();
  return ctx.deps.knowledge.campaigns.filter((c) => isUpcoming(c, now));
}

const button = (ctx: BotContext, key: string, op: ReminderOp) =>
  [ctx.t(`reminders.buttons.${key}`), encode({ kind: "reminders", op })] as const;

/** The subscribed campaigns with what is still to come, and buttons to change or stop. */
export function subscribedView(ctx: BotContext, subs: Subscription[], key: string): Reply {
  const now = ctx.deps.clock();
  const lines = upcoming(ctx).flatMap((campaign) => {
    const sub = subs.find((s) => s.campaignId === campaign.id);
    return sub ? [campaignLine(campaign, sub.mode, ctx.lang, now, ctx.deps.i18n)] : [];
  });
  const onlyLast = subs.some((s) => s.campaignId !== newDeadlinesCampaign && s.mode === "last");
  const keyboard = new InlineKeyboard()
    .text(...(onlyLast ? button(ctx, "all", "all") : button(ctx, "onlyLast", "last")))
    .row()
    .text(...button(ctx, "stop", "off"));
  return { text: ctx.t(key, { campaigns: lines.join("\n\n") }), keyboard };
}

/** No deadline ahead: say so, naming the last day of the latest one, and offer to tell about new ones. */
export function noDeadlineView(ctx: BotContext, subs: Subscription[]): Reply {
  if (subs.some((s) => s.campaignId === newDeadlinesCampaign)) {
    return {
      text: ctx.t("reminders.waiting"),
      keyboard: new InlineKeyboard().text(...button(ctx, "stop", "off")),
    };
  }
  const last = [...ctx.deps.knowledge.campaigns].sort((a, b) => a.deadline.localeCompare(b.deadline)).at(-1);
  const text = last
    ? ctx.t("reminders.noDeadline", {
        title: last.title[ctx.lang],
        date: formatDate(last.deadline, ctx.lang),
        lastDay: formatDate(lastDayToObject(last), ctx.lang),
      })
    : ctx.t("reminders.noDeadlineGeneric");
  return { text, keyboard: new InlineKeyboard().text(...button(ctx, "notify", "notify")) };
}

/** Reminders are off here: a button to switch them on. */
export function offView(ctx: BotContext, key: string): Reply {
  return { text: ctx.t(key), keyboard: new InlineKeyboard().text(...button(ctx, "subscribe", "on")) };
}
