import { sequentialize } from "@grammyjs/runner";
import { Bot, type BotConfig } from "grammy";
import { broadcast } from "../handlers/broadcast.js";
import { deadline } from "../handlers/deadline.js";
import { groupSettings } from "../handlers/group-settings.js";
import { groups } from "../handlers/groups.js";
import { help } from "../handlers/help.js";
import { inline } from "../handlers/inline.js";
import { language } from "../handlers/language.js";
import { nonText } from "../handlers/non-text.js";
import { privacy } from "../handlers/privacy.js";
import { questions } from "../handlers/questions.js";
import { reminders } from "../handlers/reminders.js";
import { share } from "../handlers/share.js";
import { start } from "../handlers/start.js";
import { topics } from "../handlers/topics.js";
import { unhandled } from "../handlers/unhandled.js";
import type { BotContext, BotDeps } from "./context.js";
import { handleError } from "./errors.js";
import { createGroupServices, groupRateLimit } from "./group-services.js";
import { ignoreChannels, languageMiddleware, metricsMiddleware, updateLogger } from "./middleware.js";
import { rateLimit } from "./rate-limit.js";

export type { BotContext, BotDeps } from "./context.js";

/** Builds the whole bot from its parts. No network until something calls the API. */
export function createBot(token: string, deps: BotDeps, config?: BotConfig<BotContext>): Bot<BotContext> {
  const bot = new Bot<BotContext>(token, config);
  const botDeps: BotDeps = { ...deps, groups: deps.groups ?? createGroupServices(deps.clock) };
  // One update per chat at a time (the runner handles chats concurrently), so answers keep the order of questions.
  bot.use(sequentialize((ctx) => ctx.chat?.id.toString()));
  bot.use(async (ctx, next) => {
    ctx.deps = botDeps;
    await next();
  });
  bot.use(metricsMiddleware);
  bot.use(updateLogger);
  bot.catch(handleError);
  // Before anything reads the database: a flood costs a counter, nothing more.
  if (deps.rateLimit) bot.use(rateLimit(deps.rateLimit));

  const features = bot.errorBoundary(handleError);
  features.use(ignoreChannels);
  features.use(languageMiddleware, groupRateLimit);
  // reminders before start: it takes the deep link /start erinnern.
  features.use(reminders);
  features.use(
    start,
    help,
    topics,
    deadline,
    groupSettings,
    language,
    share,
    privacy,
    broadcast,
    groups,
    inline,
    questions,
    nonText,
  );
  // Last: whatever no feature took.
  features.use(unhandled);
  return bot;
}
