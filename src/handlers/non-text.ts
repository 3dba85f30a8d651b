import { Composer } from "grammy";
import type { BotContext } from "../bot/context.js";

/**
 * Photos, stickers, voice, files, locations and the like: in a private chat a short note that the
 * bot reads text questions; in groups nothing (it is not addressed). Edited messages are ignored
 * on purpose: answering every correction again would repeat the conversation.
 */
export const nonText = new Composer<BotContext>();

nonText
  .chatType("private")
  .on(
    [
      "message:media",
      "message:document",
      "message:audio",
      "message:animation",
      "message:video_note",
      "message:sticker",
      "message:voice",
      "message:location",
      "message:contact",
      "message:poll",
      "message:dice",
      "message:story",
    ],
    async (ctx) => {
      await ctx.reply(ctx.t("nonText"), { parse_mode: "HTML" });
    },
  );
