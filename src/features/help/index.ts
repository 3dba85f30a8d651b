import { Composer } from "grammy";
import { spellings } from "../../bot/commands.js";
import { type BotContext, isGroupChat } from "../../bot/context.js";
import type { Feature } from "../../bot/feature.js";
import { send } from "../../bot/reply.js";
import { topicMenu } from "../answers/views.js";
import { commandLines, commands } from "../commands.js";

/**
 * /hilfe (/help) in a private chat: how to ask, every command of the private menu with its menu
 * description (from the command table, so a new command appears here by itself), where the
 * answers come from, and the topics. In a group /hilfe goes on to the group introduction, which
 * lists the group's commands the same way (groups feature). Registered before the answers feature.
 */
const composer = new Composer<BotContext>();

/** The whole help text for a private chat, in the chat's language. */
export function helpText(ctx: Pick<BotContext, "t" | "lang">): string {
  return [ctx.t("helpPage.intro"), commandLines(ctx.t, ctx.lang, "private"), ctx.t("helpPage.outro")].join(
    "\n\n",
  );
}

/** The help with the topic menu, as /hilfe sends it. */
export const showHelp = (ctx: BotContext) =>
  send(ctx, { text: helpText(ctx), keyboard: topicMenu(ctx.deps.knowledge, ctx.lang) });

composer.command(spellings(commands.help), async (ctx, next) => {
  if (isGroupChat(ctx)) return next();
  await showHelp(ctx);
});

/** The help intent ("was kannst du?"), answered like /hilfe; in groups the groups feature answers it. */
export const help: Feature = {
  name: "help",
  composer,
  intents: { help: { summary: "helpPage.intro", reply: showHelp } },
};
