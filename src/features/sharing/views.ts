import { InlineKeyboard } from "grammy";
import type { BotContext } from "../../bot/context.js";
import type { Reply } from "../../bot/reply.js";
import { botLink, inlineQueryFor, plainTitle, shareUrl } from "../answers/links.js";

/**
 * The share message (/teilen, the "Teilen" button, "wie kann ich den Bot weiterempfehlen?"):
 * a link to the bot for Telegram's share sheet, and a button that opens inline mode in a chat of
 * the person's choice — with the current topic, so the answer they just read can go along.
 */
export function shareReply(ctx: BotContext, id?: string): Reply {
  const username = ctx.me.username;
  const entry = id === undefined ? undefined : ctx.deps.knowledge.entries.get(id);
  const text = [
    ctx.t("intents.share", { link: botLink(username) }),
    entry
      ? ctx.t("sharing.topicHint", { topic: plainTitle(entry.title[ctx.lang]) })
      : ctx.t("sharing.inlineHint", { bot: username }),
  ].join("\n\n");
  const keyboard = new InlineKeyboard()
    .url(ctx.t("sharing.shareLink"), shareUrl(username, ctx.t("sharing.shareText")))
    .row()
    .switchInline(
      entry ? ctx.t("sharing.sendAnswer") : ctx.t("sharing.sendAnswers"),
      entry ? inlineQueryFor(entry, ctx.lang) : "",
    );
  return { text, keyboard };
}
