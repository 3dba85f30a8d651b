import { sequentialize } from "@grammyjs/runner";
import { Bot, type BotConfig } from "grammy";
import type { BotContext, BotDeps } from "./context.js";
import { handleError } from "./errors.js";
import { type Feature, IntentRegistry } from "./feature.js";
import { createGroupServices } from "./group-services.js";
import { answerEveryPress } from "./middleware/callback-answer.js";
import { groupBudget } from "./middleware/group-budget.js";
import { languageMiddleware } from "./middleware/language.js";
import { rateLimit } from "./middleware/rate-limit.js";
import { ignoreChannels, metricsMiddleware, updateLogger } from "./middleware/update.js";
import { RecentTopics } from "./recent-topics.js";
import { htmlByDefault } from "./reply.js";

export type { BotContext, BotDeps } from "./context.js";
export type { Feature } from "./feature.js";

/**
 * Builds the whole bot from its dependencies and its features (src/features/index.ts), in the
 * order given: the first feature that takes an update answers it. No network until something
 * calls the API.
 */
export function createBot(
  token: string,
  deps: BotDeps,
  features: readonly Feature[],
  config?: BotConfig<BotContext>,
): Bot<BotContext> {
  const bot = new Bot<BotContext>(token, config);
  const groups = createGroupServices(deps.clock);
  const intents = new IntentRegistry(features);
  const recentTopics = new RecentTopics(deps.clock);
  // One update per chat at a time (the runner handles chats concurrently), so answers keep the order of questions.
  bot.use(sequentialize((ctx) => ctx.chat?.id.toString()));
  bot.use(async (ctx, next) => {
    ctx.deps = deps;
    ctx.groups = groups;
    ctx.intents = intents;
    ctx.recentTopics = recentTopics;
    // On this update's own Api object, outermost: what any later transformer sees is already HTML.
    ctx.api.config.use(htmlByDefault());
    await next();
  });
  bot.use(metricsMiddleware);
  bot.use(updateLogger);
  // Around everything that may drop or refuse a press, the flood limit included.
  bot.use(answerEveryPress);
  bot.catch(handleError);
  // Before anything reads the database: a flood costs a counter, nothing more.
  if (deps.rateLimit.limit > 0) bot.use(rateLimit(deps.rateLimit));

  const boundary = bot.errorBoundary(handleError);
  boundary.use(ignoreChannels);
  boundary.use(languageMiddleware, groupBudget);
  for (const feature of features) boundary.use(feature.composer);
  return bot;
}
