import { Composer } from "grammy";
import { decode } from "../../bot/callback-data.js";
import { spellings } from "../../bot/commands.js";
import { type BotContext, isGroupChat } from "../../bot/context.js";
import type { Feature, IntentAnswer } from "../../bot/feature.js";
import { mayChangeSettings } from "../../bot/permissions.js";
import { send } from "../../bot/reply.js";
import { answerQuestion } from "../answers/replies.js";
import { askHow } from "../answers/views.js";
import { commandLines, commands } from "../commands.js";
import { repliesToBot, withoutMention } from "./mentions.js";

/**
 * The bot in groups. It introduces itself once when added, then speaks only when addressed: a
 * command for it, a message that mentions it, a reply to one of its messages. Everything else is
 * the group's own conversation, and the bot stays silent whether or not privacy mode lets it see
 * it. Only group admins change the group's settings and data. Answers themselves are formatted
 * for groups by the answers feature.
 */
const composer = new Composer<BotContext>();
const group = composer.filter(isGroupChat);

/**
 * The introduction for groups (on joining, /start, /hilfe, "what can you do?"): what the bot
 * answers, how to ask it here, and every command of the group menu (from the command table).
 */
const introduce = (ctx: BotContext) =>
  send(ctx, {
    text: ctx.t("groups.intro", { bot: ctx.me.username, commands: commandLines(ctx.t, ctx.lang, "group") }),
  });

// Added to a group (not: promoted, or a permission change while already there): introduce once.
group.on("my_chat_member", async (ctx, next) => {
  const { old_chat_member: before, new_chat_member: after } = ctx.myChatMember;
  const wasOut = before.status === "left" || before.status === "kicked";
  const isIn = after.status === "member" || after.status === "administrator";
  if (!wasOut || !isIn) return next();
  ctx.log.info({ event: "added_to_group", chat_id: ctx.chat.id }, "added to a group");
  await introduce(ctx);
});

// The group's settings and data (/sprache, /meine_daten, /loeschen and their buttons) are its
// admins' to change: registered before the features that change them; admins pass through.
const settings = [commands.language, commands.myData, commands.delete].flatMap(spellings);
group.command(settings, async (ctx, next) => {
  if (await mayChangeSettings(ctx)) return next();
  await ctx.reply(ctx.t("groups.adminsOnly"));
});

group.on("callback_query:data", async (ctx, next) => {
  const kind = decode(ctx.callbackQuery.data)?.kind;
  if (kind !== "language" && kind !== "deleteData") return next();
  if (await mayChangeSettings(ctx)) return next();
  await ctx.answerCallbackQuery({ text: ctx.t("groups.adminsOnly") });
});

group.on("message:text", async (ctx, next) => {
  if (ctx.message.text.startsWith("/")) return next();
  const mentioned = withoutMention(ctx.message, ctx.me.username, ctx.me.id);
  const question = mentioned ?? (repliesToBot(ctx.message, ctx.me.id) ? ctx.message.text : null);
  if (question === null) return; // the group's own conversation: silence
  if (question === "") return send(ctx, askHow(ctx));
  await answerQuestion(ctx, question);
});

/** In a group, "hello" and "what can you do" get the short introduction, not the private chat's menu. */
const intro: IntentAnswer = { summary: "groups.intro", chats: "group", reply: introduce };

export const groups: Feature = { name: "groups", composer, intents: { help: intro, greeting: intro } };
