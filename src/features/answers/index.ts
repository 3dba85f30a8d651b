import { Composer } from "grammy";
import { decode } from "../../bot/callback-data.js";
import { spellings } from "../../bot/commands.js";
import { type BotContext, isGroupChat } from "../../bot/context.js";
import type { Feature, IntentAnswer } from "../../bot/feature.js";
import { send } from "../../bot/reply.js";
import { commands } from "../commands.js";
import { answerDeepLink, botLink, deepLinkEntry } from "./links.js";
import { answerIntent, answerQuestion, replyAlternatives, replyWith } from "./replies.js";
import { answerKeyboard, askHow, topicMenu } from "./views.js";

/**
 * Answers: free-text questions in private chats, /frage anywhere, the topic menu (/themen) and
 * its buttons, /frist, /hilfe, /start with deep links (t.me/<bot>?start=faq-<id>; anything else
 * is a plain start), and feedback on answers.
 */
const composer = new Composer<BotContext>();

const showMenu = (ctx: BotContext) =>
  send(ctx, { text: ctx.t("menu.title"), keyboard: topicMenu(ctx.deps.knowledge, ctx.lang) });

composer.command(spellings(commands.start), async (ctx) => {
  const id = deepLinkEntry(ctx.match.trim());
  if (id && ctx.deps.knowledge.entries.has(id)) return replyWith(ctx, id);
  // In a group, /start is what help is there: the short introduction.
  if (isGroupChat(ctx)) return answerIntent(ctx, "help");
  await send(ctx, { text: ctx.t("welcome"), keyboard: topicMenu(ctx.deps.knowledge, ctx.lang) });
});

composer.command(spellings(commands.help), (ctx) => answerIntent(ctx, "help"));
composer.command(spellings(commands.topics), showMenu);

/** /frist: each campaign's deadline answer, correct for today (countdown, today, or passed). */
composer.command(spellings(commands.deadline), async (ctx) => {
  const ids = ctx.deps.knowledge.campaigns.flatMap((c) => (c.deadlineEntry ? [c.deadlineEntry] : []));
  for (const id of ids) await replyWith(ctx, id);
});

/** /frage <question> in any chat (in groups /frage@<bot> …); without a question, how to ask. */
composer.command(spellings(commands.question), async (ctx) => {
  const question = ctx.match.trim();
  if (question === "") return send(ctx, askHow(ctx));
  await answerQuestion(ctx, question);
});

composer.chatType("private").on("message:text", async (ctx, next) => {
  if (ctx.message.text.startsWith("/")) return next();
  await answerQuestion(ctx, ctx.message.text);
});

/**
 * A button under a message sent in inline mode has no chat to answer in: the deep link opens the
 * bot's private chat with the answer (t.me/<bot>?start=… links are allowed in callback answers).
 */
async function openInPrivateChat(ctx: BotContext, id?: string): Promise<void> {
  const username = ctx.me.username;
  await ctx.answerCallbackQuery({
    url: id ? answerDeepLink(username, id) : `${botLink(username)}?start=menu`,
  });
}

composer.on("callback_query:data", async (ctx, next) => {
  const action = decode(ctx.callbackQuery.data);
  const { entries, intents } = ctx.deps.knowledge;
  if (!ctx.chat && (action?.kind === "menu" || action?.kind === "answer")) {
    const known = action.kind === "menu" || entries.has(action.id);
    if (!known) return next();
    return openInPrivateChat(ctx, action.kind === "answer" ? action.id : undefined);
  }
  if (action?.kind === "menu") {
    await ctx.answerCallbackQuery();
    return showMenu(ctx);
  }
  if (action?.kind === "answer" && (entries.has(action.id) || intents.has(action.id))) {
    await ctx.answerCallbackQuery();
    return replyWith(ctx, action.id);
  }
  if (action?.kind === "feedback" && entries.has(action.id)) {
    // Counted, never linked to a person: the log line carries the entry id and the vote only.
    ctx.log.info({ event: "feedback", entry: action.id, helpful: action.helpful }, "answer feedback");
    // The buttons stay as they are: a vote is a log line, so a second one costs nothing.
    await ctx.answerCallbackQuery({ text: ctx.t("feedback.thanks") });
    // 👎 leads on: the topics closest to the question, and an invitation to ask in other words.
    if (!action.helpful && ctx.chat) return replyAlternatives(ctx, action.id);
    return;
  }
  if (action?.kind === "more" && entries.has(action.id)) {
    await ctx.answerCallbackQuery();
    const { knowledge, clock } = ctx.deps;
    const keyboard = answerKeyboard(knowledge, action.id, ctx.lang, ctx.t, clock(), action.open);
    await ctx.editMessageReplyMarkup({ reply_markup: keyboard });
    return;
  }
  return next();
});

/** The bot's own small talk: the interface string, with the topics where they help. */
function smallTalk(key: string, menu: boolean): IntentAnswer {
  return {
    summary: key,
    async reply(ctx) {
      const text = ctx.t(key, { link: botLink(ctx.me.username) });
      await send(ctx, menu ? { text, keyboard: topicMenu(ctx.deps.knowledge, ctx.lang) } : { text });
    },
  };
}

export const answers: Feature = {
  name: "answers",
  composer,
  intents: {
    greeting: smallTalk("intents.greeting", true),
    thanks: smallTalk("intents.thanks", false),
    "about-bot": smallTalk("intents.aboutBot", false),
  },
};
