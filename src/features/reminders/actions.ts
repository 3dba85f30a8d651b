import { type BotContext, chatKind } from "../../bot/context.js";
import { mayChangeSettings } from "../../bot/permissions.js";
import type { Reply } from "../../bot/reply.js";
import { newDeadlinesCampaign, type ReminderMode } from "../../storage/store.js";
import { noDeadlineView, offView, subscribedView, upcoming } from "./views.js";

/** Reminder answers carry their buttons and never a link preview (campaign lines may link). */
async function show(ctx: BotContext, view: Reply): Promise<void> {
  await ctx.reply(view.text, {
    link_preview_options: { is_disabled: true },
    ...(view.keyboard ? { reply_markup: view.keyboard } : {}),
  });
}

/** The reminder state of this chat (the free-text intent "reminder"): nothing changes. */
export async function showReminderState(ctx: BotContext): Promise<void> {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return;
  const subs = await ctx.deps.store.subscriptions(chatId);
  const campaigns = upcoming(ctx);
  if (campaigns.length === 0) await show(ctx, noDeadlineView(ctx, subs));
  else if (subs.some((s) => campaigns.some((c) => c.id === s.campaignId))) {
    await show(ctx, subscribedView(ctx, subs, "reminders.status"));
  } else await show(ctx, offView(ctx, "reminders.statusOff"));
}

/**
 * In groups only admins switch reminders; everyone else is told so (on a button, the alert is the
 * press's answer). The admin check is cached, so asking again in the action costs nothing.
 */
export async function permitted(ctx: BotContext): Promise<boolean> {
  if (await mayChangeSettings(ctx)) return true;
  if (ctx.callbackQuery) {
    await ctx.answerCallbackQuery({ text: ctx.t("reminders.adminsOnly"), show_alert: true });
  } else await ctx.reply(ctx.t("reminders.adminsOnly"));
  return false;
}

/** /erinnern: subscribes to every campaign with a deadline ahead and shows what will come. */
export async function subscribeChat(ctx: BotContext): Promise<void> {
  const chatId = ctx.chat?.id;
  if (chatId === undefined || !(await permitted(ctx))) return;
  const { store, clock } = ctx.deps;
  const campaigns = upcoming(ctx);
  if (campaigns.length === 0) return show(ctx, noDeadlineView(ctx, await store.subscriptions(chatId)));
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
  await show(ctx, subscribedView(ctx, subs, added ? "reminders.subscribed" : "reminders.alreadySubscribed"));
}

/** "Tell me when a new deadline is published." */
export async function waitForDeadline(ctx: BotContext): Promise<void> {
  const chatId = ctx.chat?.id;
  if (chatId === undefined || !(await permitted(ctx))) return;
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
  await show(ctx, noDeadlineView(ctx, await ctx.deps.store.subscriptions(chatId)));
}

/** /stopp: ends every reminder of this chat at once. */
export async function stopChat(ctx: BotContext): Promise<void> {
  const chatId = ctx.chat?.id;
  if (chatId === undefined || !(await permitted(ctx))) return;
  const ended = await ctx.deps.store.unsubscribe(chatId);
  ctx.log.info({ event: "reminders-stop", chat: chatId, ended }, "reminders off");
  await show(ctx, offView(ctx, ended > 0 ? "reminders.stopped" : "reminders.notSubscribed"));
}

/** "Only on the deadline day" / "on all dates". */
export async function changeMode(ctx: BotContext, mode: ReminderMode): Promise<void> {
  const chatId = ctx.chat?.id;
  if (chatId === undefined || !(await permitted(ctx))) return;
  const { store } = ctx.deps;
  await store.setReminderMode(chatId, mode);
  const subs = await store.subscriptions(chatId);
  if (!subs.some((s) => s.campaignId !== newDeadlinesCampaign)) return showReminderState(ctx);
  const view = subscribedView(ctx, subs, "reminders.status");
  const changed = ctx.t(mode === "last" ? "reminders.modeLast" : "reminders.modeAll");
  await show(ctx, { ...view, text: `${changed}\n\n${view.text}` });
}
