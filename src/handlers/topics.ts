import { Composer } from "grammy";
import { replyWith, send } from "../bot/answers.js";
import { decode } from "../bot/callback-data.js";
import type { BotContext } from "../bot/context.js";
import { topicMenu } from "../bot/keyboards.js";
import { answerDeepLink, botLink } from "../bot/links.js";

/** The topic menu (/themen) and the buttons that open an answer or give feedback. */
export const topics = new Composer<BotContext>();

const showMenu = (ctx: BotContext) =>
  send(ctx, { text: ctx.t("menu.title"), keyboard: topicMenu(ctx.deps.knowledge, ctx.lang) });

topics.command(["themen", "topics"], showMenu);

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

topics.on("callback_query:data", async (ctx, next) => {
  const action = decode(ctx.callbackQuery.data);
  if (!ctx.chat && (action?.kind === "menu" || action?.kind === "answer")) {
    const known = action.kind === "menu" || ctx.deps.knowledge.entries.has(action.id);
    if (!known) return next();
    return openInPrivateChat(ctx, action.kind === "answer" ? action.id : undefined);
  }
  switch (action?.kind) {
    case "menu":
      await ctx.answerCallbackQuery();
      await showMenu(ctx);
      return;
    case "answer": {
      const { entries, intents } = ctx.deps.knowledge;
      if (!entries.has(action.id) && !intents.has(action.id)) break;
      await ctx.answerCallbackQuery();
      await replyWith(ctx, action.id);
      return;
    }
    case "feedback":
      if (!ctx.deps.knowledge.entries.has(action.id)) break;
      // Counted, never linked to a person: the log line carries the entry id and the vote only.
      ctx.log.info({ event: "feedback", entry: action.id, helpful: action.helpful }, "answer feedback");
      await ctx.answerCallbackQuery({ text: ctx.t("feedback.thanks") });
      // The buttons stay as they are: a vote is a log line, so a second one costs nothing.
      return;
    default:
      return next();
  }
  return next();
});
