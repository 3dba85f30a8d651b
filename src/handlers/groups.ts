import { Composer } from "grammy";
import type { Message } from "grammy/types";
import { groupIntro, send } from "../bot/answers.js";
import type { BotContext } from "../bot/context.js";
import { isGroupChat } from "../bot/group-services.js";
import { answerQuestion } from "./questions.js";

/**
 * The bot in groups, and /frage everywhere. In a group the bot speaks only when addressed: a
 * command for it, a message that mentions it, a reply to one of its messages. Everything else is
 * the group's own conversation, and the bot stays silent whether or not privacy mode lets it see it.
 */
export const groups = new Composer<BotContext>();

/** The short introduction for groups: what the bot answers and how to ask it here. */
// Added to a group (not: promoted, or a permission change while already there): introduce once.
groups.on("my_chat_member", async (ctx, next) => {
  const { old_chat_member: before, new_chat_member: after } = ctx.myChatMember;
  const wasOut = before.status === "left" || before.status === "kicked";
  const isIn = after.status === "member" || after.status === "administrator";
  if (!isGroupChat(ctx) || !wasOut || !isIn) return next();
  ctx.log.info({ event: "added_to_group", chat_id: ctx.chat.id }, "added to a group");
  await send(ctx, { text: groupIntro(ctx) });
});

/** "/frage" or "/question" in the chat's language, addressed to this bot in a group. */
function askCommand(ctx: BotContext): string {
  const command = ctx.lang === "en" ? "/question" : "/frage";
  return isGroupChat(ctx) ? `${command}@${ctx.me.username}` : command;
}

groups.command(["frage", "question"], async (ctx) => {
  const question = ctx.match.trim();
  if (question === "") {
    await send(ctx, { text: ctx.t("groups.askHow", { command: askCommand(ctx) }) });
    return;
  }
  await answerQuestion(ctx, question);
});

/** The message's text without mentions of this bot, or null when the message does not mention it. */
function withoutMention(message: Message, username: string, botId: number): string | null {
  const text = message.text ?? "";
  const own = `@${username}`.toLowerCase();
  const mentions = (message.entities ?? []).filter(
    (e) =>
      (e.type === "mention" && text.slice(e.offset, e.offset + e.length).toLowerCase() === own) ||
      (e.type === "text_mention" && e.user.id === botId),
  );
  if (mentions.length === 0) return null;
  let rest = text;
  // From the end, so that earlier offsets stay valid.
  for (const e of [...mentions].sort((a, b) => b.offset - a.offset)) {
    rest = rest.slice(0, e.offset) + rest.slice(e.offset + e.length);
  }
  return rest.replace(/\s+/g, " ").trim();
}

function repliesToBot(message: Message, botId: number): boolean {
  const replied = message.reply_to_message;
  // In forum topics every message "replies" to the topic's first service message; that is no reply.
  return replied !== undefined && replied.forum_topic_created === undefined && replied.from?.id === botId;
}

groups.on("message:text", async (ctx, next) => {
  if (!isGroupChat(ctx) || ctx.message.text.startsWith("/")) return next();
  const mentioned = withoutMention(ctx.message, ctx.me.username, ctx.me.id);
  const question = mentioned ?? (repliesToBot(ctx.message, ctx.me.id) ? ctx.message.text : null);
  if (question === null) return; // the group's own conversation: silence
  if (question === "") {
    await send(ctx, { text: ctx.t("groups.askHow", { command: askCommand(ctx) }) });
    return;
  }
  await answerQuestion(ctx, question);
});
