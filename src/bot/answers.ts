import type { InlineKeyboard } from "grammy";
import { daysWording } from "../i18n.js";
import { renderAnswer } from "../knowledge/answer.js";
import { privacyText } from "../privacy/text.js";
import { showReminderState } from "../reminders/ui.js";
import type { BotContext } from "./context.js";
import { groupAnswerKeyboard, groupAnswerText } from "./group-answer.js";
import { isGroupChat } from "./group-services.js";
import { intentMessageKeys, intentsWithMenu } from "./intents.js";
import { answerKeyboard, choicesKeyboard, topicMenu } from "./keyboards.js";
import { botLink } from "./links.js";
import { shareReply } from "./share.js";

export interface Reply {
  text: string;
  keyboard?: InlineKeyboard;
}

/** The bot's short introduction for a group: what it answers and how to ask it there. */
export function groupIntro(ctx: BotContext): string {
  return ctx.t("groups.intro", { bot: ctx.me.username });
}

/** The reply for a bot intent (greeting, thanks, …): interface strings, not content. */
export function intentReply(ctx: BotContext, id: string): Reply {
  // In a group, "hello" and "what can you do" get the short group introduction, not the menu.
  if ((id === "help" || id === "greeting") && isGroupChat(ctx)) return { text: groupIntro(ctx) };
  if (id === "share") return shareReply(ctx);
  if (id === "bot-privacy") return { text: privacyText(ctx) };
  const key = intentMessageKeys[id] ?? "answer.notFound";
  const text = ctx.t(key, { link: botLink(ctx.me.username) });
  return intentsWithMenu.has(id) || !intentMessageKeys[id]
    ? { text, keyboard: topicMenu(ctx.deps.knowledge, ctx.lang) }
    : { text };
}

/** An entry's (or intent's) answer as the user sees it, for the current moment and kind of chat. */
function entryReply(ctx: BotContext, id: string): Reply {
  const { knowledge, clock, i18n } = ctx.deps;
  const { lang } = ctx;
  const entry = knowledge.entries.get(id);
  if (!entry) return intentReply(ctx, id);
  const text = renderAnswer(knowledge, entry, lang, clock(), daysWording(i18n, lang));
  // Groups get the same entry, short, with the whole answer one tap away in a private chat.
  if (isGroupChat(ctx)) {
    return {
      text: groupAnswerText(entry, text, lang),
      keyboard: groupAnswerKeyboard(ctx.me.username, id, ctx.t),
    };
  }
  return {
    text,
    keyboard: answerKeyboard(knowledge, id, lang, ctx.t),
  };
}

/** Answers the entry or intent with this id. */
export async function replyWith(ctx: BotContext, id: string): Promise<void> {
  // The reminder intent shows this chat's reminder state with its buttons, not a fixed text.
  if (id === "reminder") return showReminderState(ctx);
  await send(ctx, entryReply(ctx, id));
  ctx.deps.metrics?.answers.inc({ entry: id });
}

export async function send(ctx: BotContext, reply: Reply): Promise<void> {
  // In a group the answer replies to the question, so that everyone sees what it answers.
  const question = isGroupChat(ctx) ? ctx.message?.message_id : undefined;
  await ctx.reply(reply.text, {
    parse_mode: "HTML",
    link_preview_options: { is_disabled: true },
    ...(question !== undefined
      ? { reply_parameters: { message_id: question, allow_sending_without_reply: true } }
      : {}),
    ...(reply.keyboard ? { reply_markup: reply.keyboard } : {}),
  });
}

/** "Meinten Sie …?" with the close candidates as buttons. */
export async function replyWithChoices(ctx: BotContext, ids: string[]): Promise<void> {
  await send(ctx, {
    text: ctx.t("answer.didYouMean"),
    keyboard: choicesKeyboard(ctx.deps.knowledge, ids, ctx.lang, ctx.t),
  });
}

/** The honest "no answer" with the topics to choose from. */
export async function replyNotFound(ctx: BotContext): Promise<void> {
  if (isGroupChat(ctx)) return send(ctx, { text: ctx.t("groups.notFound") });
  await send(ctx, { text: ctx.t("answer.notFound"), keyboard: topicMenu(ctx.deps.knowledge, ctx.lang) });
}
