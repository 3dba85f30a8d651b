import { Composer } from "grammy";
import { send } from "../bot/answers.js";
import type { BotContext } from "../bot/context.js";
import { topicMenu } from "../bot/keyboards.js";

export const help = new Composer<BotContext>();

help.command(["hilfe", "help"], async (ctx) => {
  await send(ctx, { text: ctx.t("help"), keyboard: topicMenu(ctx.deps.knowledge, ctx.lang) });
});
