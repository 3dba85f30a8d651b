import { Composer } from "grammy";
import { groupIntro, send } from "../bot/answers.js";
import type { BotContext } from "../bot/context.js";
import { isGroupChat } from "../bot/group-services.js";
import { topicMenu } from "../bot/keyboards.js";

export const help = new Composer<BotContext>();

help.command(["hilfe", "help"], async (ctx) => {
  if (isGroupChat(ctx)) return send(ctx, { text: groupIntro(ctx) });
  await send(ctx, { text: ctx.t("help"), keyboard: topicMenu(ctx.deps.knowledge, ctx.lang) });
});
