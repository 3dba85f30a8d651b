import { sequentialize } from "@grammyjs/runner";
import { Bot, type BotConfig } from "grammy";
import { deadline } from "../handlers/deadline.js";
import { help } from "../handlers/help.js";
import { language } from "../handlers/language.js";
import { nonText } from "../handlers/non-text.js";
import { questions } from "../handlers/questions.js";
import { start } from "../handlers/start.js";
import { topics } from "../handlers/topics.js";
import { unhandled } from "../handlers/unhandled.js";
import type { BotContext, BotDeps } from "./context.js";
import { handleError } from "./errors.js";
import { ignoreChannels, languageMiddleware, updateLogger } from "./middleware.js";

export type { BotContext, BotDeps } from "./context.js";

/** Builds the whole bot from its parts. No network until something calls the API. */
export function createBot(token: string, deps: BotDeps, config?: BotConfig<BotContext>): Bot<BotContext> {
  const bot = new Bot<BotContext>(token, config);
  // One update per chat at a time (the runner handles chats concurrently), so answers keep the order of questions.
  bot.use(sequentialize((ctx) => ctx.chat?.id.toString()));
  bot.use(async (ctx, next) => {
    ctx.deps = deps;
    await next();
  });
  bot.use(updateLogger);
  bot.catch(handleError);

  const features = bot.errorBoundary(handleError);
  features.use(ignoreChannels);
  features.use(languageMiddleware);
  features.use(start, help, topics, deadline, language, questions, nonText);
  // Last: whatever no feature took.
  features.use(unhandled);
  return bot;
}
