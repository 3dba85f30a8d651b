/**
 * The composition root: config → logger → store → knowledge → bot → poller. Nothing else
 * wires parts together; everything below takes its dependencies as arguments.
 */
import type { RunnerHandle } from "@grammyjs/runner";
import { registerCommands } from "./bot/commands.js";
import { createBot } from "./bot/index.js";
import { apiRetry, startPolling } from "./bot/polling.js";
import { ConfigError, createConfig, requireToken } from "./config.js";
import { createI18n } from "./i18n.js";
import { systemClock } from "./knowledge/deadline.js";
import { KnowledgeError, loadKnowledge } from "./knowledge/loader.js";
import { createLogger } from "./logger.js";
import { createStore } from "./storage/index.js";

async function main(): Promise<void> {
  let config: ReturnType<typeof createConfig>;
  let token: string;
  try {
    config = createConfig(process.env);
    token = requireToken(config);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config);

  let knowledge: ReturnType<typeof loadKnowledge>;
  try {
    knowledge = loadKnowledge(config.knowledgeDir);
  } catch (error) {
    if (error instanceof KnowledgeError) {
      logger.fatal(`knowledge base is broken, not starting: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const store = await createStore(config.databaseUrl);
  const i18n = createI18n();

  const bot = createBot(
    token,
    { knowledge, store, i18n, logger, clock: systemClock },
    {
      client: { apiRoot: config.apiRoot },
    },
  );
  bot.api.config.use(apiRetry());

  await bot.init();
  await registerCommands(bot.api, i18n);
  logger.info({ bot: bot.botInfo.username, entries: knowledge.entries.size, store: store.kind }, "starting");

  // Long polling is the default: drop a webhook a previous deployment may have left.
  await bot.api.deleteWebhook();
  const runner: RunnerHandle = startPolling(bot, [
    "message",
    "edited_message",
    "callback_query",
    "inline_query",
    "my_chat_member",
  ]);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    const timer = setTimeout(() => {
      logger.error("shutdown took longer than 10 s, exiting");
      process.exit(1);
    }, 10_000);
    timer.unref();
    if (runner.isRunning()) await runner.stop();
    await store.close();
    logger.info("stopped");
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
}

await main();
