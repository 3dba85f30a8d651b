import { InlineKeyboard } from "grammy";
import { encode } from "../bot/callback-data.js";
import type { BotContext } from "../bot/context.js";
import { mayChangeSettings } from "../bot/group-services.js";
import { formatDate } from "../kernel/dates.js";
import type { Campaign } from "../knowledge/schema.js";
import type { ChatKind, Subscription } from "../storage/store.js";
import { campaignLine } from "./messages.js";
import { isUpcoming, newDeadlinesCampaign } from "./schedule.js";

function chatKind(ctx: BotContext): ChatKind {
  return ctx.chat?.type === "private" ? "private" : "group";
}

async function reply(ctx: BotContext, text: string, keyboard: InlineKeyboard): Promise<void> {
  await ctx.reply(text, {
    parse_mode: "HTML",
    link_preview_options: { is_disabled: true },
    reply_markup: keyboard,
  });
}

function upcoming(ctx: BotContext): Campaign[] {
  const now = ctx.deps.clock();
  return ctx.deps.knowledge.campaigns.filter((c) => isUpcoming(c, now));
}

const button = (ctx: BotContext, key: string, op: "on" | "off" | "notify" | "last" | "all") =>
  [ctx.t(`reminders.buttons.${key}`), encode({ kind: "reminders", op })] as const;

/** The subscribed campaigns with what is still to come, and buttons to change or stop. */
function subscribedView(ctx: BotContext, subs: Subscription[], key: string): [string, InlineKeyboard] {
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
  return [ctx.t(key, { campaigns: lines.join("\n\n") }), keyboard];
}

/** No deadline ahead: say so, naming the one that passed last, and offer to tell about new ones. */
function noDeadlineView(ctx: BotContext, waiting: boolean): [string, InlineKeyboard] {
  if (waiting) return [ctx.t("reminders.waiting"), new InlineKeyboard().text(...button(ctx, "stop", "off"))];
  const last = [...ctx.deps.knowledge.campaigns].sort((a, b) => a.deadline.localeCompare(b.deadline)).at(-1);
  const text = last
    ? ctx.t("reminders.noDeadline", {
        title: last.title[ctx.lang],
        date: formatDate(last.deadline, ctx.lang),
      })
    : ctx.t("reminders.noDeadlineGeneric");
  return [text, new InlineKeyboard().text(...button(ctx, "notify", "notify"))];
}

/** The reminder state of this chat (the free-text intent "reminder"): nothing changes. */
export async function showReminderState(ctx: BotContext): Promise<void> {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return;
  const subs = await ctx.deps.store.subscriptions(chatId);
  const campaigns = upcoming(ctx);
  if (campaigns.length === 0) {
    await reply(
      ctx,
      ...noDeadlineView(
        ctx,
        subs.some((s) => s.campaignId === newDeadlinesCampaign),
      ),
    );
  } else if (subs.some((s) => campaigns.some((c) => c.id === s.campaignId))) {
    await reply(ctx, ...subscribedView(ctx, subs, "reminders.status"));
  } else {
    await reply(
      ctx,
      ctx.t("reminders.statusOff"),
      new InlineKeyboard().text(...button(ctx, "subscribe", "on")),
    );
  }
}

async function refuse(ctx: BotContext): Promise<void> {
  if (ctx.callbackQuery)
    await ctx.answerCallbackQuery({ text: ctx.t("reminders.adminsOnly"), show_alert: true });
  else await ctx.reply(ctx.t("reminders.adminsOnly"));
}

/** /erinnern: subscribes to every campaign with a deadline ahead and shows what will come. */
export async function subscribeChat(ctx: BotContext): Promise<void> {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return;
  if (!(await mayChangeSettings(ctx))) return refuse(ctx);
  const { store, clock } = ctx.deps;
  const campaigns = upcoming(ctx);
  if (campaigns.length === 0) {
    const subs = await store.subscriptions(chatId);
    await reply(
      ctx,
      ...noDeadlineView(
        ctx,
        subs.some((s) => s.campaignId === newDeadlinesCampaign),
      ),
    );
    return;
  }
  let added = false;
  for (const campaign of campaigns) {
    const sub = {
      chatId,
      campaignId: campaign.id,
      language: ctx.lang,
      chatKind: chatKind(ctx),
      mode: "all" as const,
    };
    if (await store.subscribe(sub, clock())) added = true;
  }
  ctx.log.info({ event: "reminders-subscribe", chat: chatId, added }, "reminders on");
  const subs = await store.subscriptions(chatId);
  await reply(
    ctx,
    ...subscribedView(ctx, subs, added ? "reminders.subscribed" : "reminders.alreadySubscribed"),
  );
}

/** "Tell me when a new deadline is published." */
export async function waitForDeadline(ctx: BotContext): Promise<void> {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return;
  if (!(await mayChangeSettings(ctx))) return refuse(ctx);
  // Meanwhile a deadline may have been published: then this is an ordinary subscription.
  if (upcoming(ctx).length > 0) return subscribeChat(ctx);
  const sub = {
    chatId,
    campaignId: newDeadlinesCampaign,
    language: ctx.lang,
    chatKind: chatKind(ctx),
    mode: "all" as const,
  };
  await ctx.deps.store.subscribe(sub, ctx.deps.clock());
  ctx.log.info({ event: "reminders-wait", chat: chatId }, "waiting for a new deadline");
  await reply(ctx, ...noDeadlineView(ctx, true));
}

/** /stopp: ends every reminder of this chat at once. */
export async function stopChat(ctx: BotContext): Promise<void> {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return;
  if (!(await mayChangeSettings(ctx))) return refuse(ctx);
  const ended = await ctx.deps.store.unsubscribe(chatId);
  ctx.log.info({ event: "reminders-stop", chat: chatId, ended }, "reminders off");
  const keyboard = new InlineKeyboard().text(...button(ctx, "subscribe", "on"));
  await reply(ctx, ctx.t(ended > 0 ? "reminders.stopped" : "reminders.notSubscribed"), keyboard);
}

/** "Only on the deadline day" / "on all dates". */
export async function changeMode(ctx: BotContext, mode: "all" | "last"): Promise<void> {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return;
  if (!(await mayChangeSettings(ctx))) return refuse(ctx);
  const { store } = ctx.deps;
  await store.setReminderMode(chatId, mode);
  const subs = await store.subscriptions(chatId);
  if (!subs.some((s) => s.campaignId !== newDeadlinesCampaign)) return showReminderState(ctx);
  const [text, keyboard] = subscribedView(ctx, subs, "reminders.status");
  await reply(
    ctx,
    `${ctx.t(mode === "last" ? "reminders.modeLast" : "reminders.modeAll")}\n\n${text}`,
    keyboard,
  );
}
