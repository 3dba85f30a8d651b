import { Composer } from "grammy";
import { groupIntro, replyWith, send } from "../bot/answers.js";
import type { BotContext } from "../bot/context.js";
import { isGroupChat } from "../bot/group-services.js";
import { topicMenu } from "../bot/keyboards.js";

/**
 * /start, with the deep links t.me/<bot>?start=faq-<id>. Unknown or malformed payloads are a plain
 * start. In a group, /start introduces the bot briefly instead of showing the menu.
 */
export const start = new Composer<BotContext>();

start.command("start", async (ctx) => {
  const payload = ctx.match.trim();
  const faq = /^faq-([a-z0-9-]{1,40})$/.exec(payload)?.[1];
  if (faq && ctx.deps.knowledge.entries.has(faq)) {
    await replyWith(ctx, faq);
    return;
  }
  if (isGroupChat(ctx)) await send(ctx, { text: groupIntro(ctx) });
  else await send(ctx, { text: ctx.t("welcome"), keyboard: topicMenu(ctx.deps.knowledge, ctx.lang) });
});
