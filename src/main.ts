/**
 * The composition root: config → logger → store → knowledge → bot → poller. Nothing else
 * wires parts together; everything below takes its dependencies as arguments.
 */
import { autoRetry } from "@grammyjs/auto-retry";
import { type RunnerHandle, run } from "@grammyjs/runner";
import { Api } from "grammy";
import { registerCommands } from "./bot/commands.js";
import { createBot } from "./bot/index.js";
import { ConfigError, createConfig, requireToken } from "./config.js";
import { createI18n } from "./i18n.js";
import { systemClock } from "./knowledge/deadline.js";
import { KnowledgeError, loadKnowledge } from "./knowledge/loader.js";
import { createLogger } from "./logger.js";
import { ReminderWorker } from "./reminders/worker.js";
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
    { knowledge, store, i18n, logger, clock: systemClock, adminIds: config.adminIds },
    {
      client: { apiRoot: config.apiRoot },
    },
  );
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60 }));

  await bot.init();
  await registerCommands(bot.api, i18n);
  logger.info({ bot: bot.botInfo.username, entries: knowledge.entries.size, store: store.kind }, "starting");

  // Long polling is the default: drop a webhook a previous deployment may have left.
  await bot.api.deleteWebhook();
  const runner: RunnerHandle = run(bot, {
    runner: {
      fetch: {
        allowed_updates: ["message", "edited_message", "callback_query", "inline_query", "my_chat_member"],
      },
    },
  });

  // Reminders go out in a loop of their own, with their own API client: no auto-retry (the
  // worker honours 429 itself and shares the wait with other instances), and nothing it does
  // holds up the handling of incoming updates.
  const reminders = new ReminderWorker({
    store,
    api: new Api(token, { apiRoot: config.apiRoot }),
    campaigns: () => knowledge.campaigns,
    i18n,
    logger,
    clock: systemClock,
    rate: config.reminderRate,
    leaseMs: config.reminderLeaseMs,
  });
  reminders.start();
  logger.info({ worker: reminders.id, rate: config.reminderRate }, "reminders worker started");

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
    // Requests already on their way finish and are recorded; waiting ones are handed back.
    await reminders.stop();
    if (runner.isRunning()) await runner.stop();
    await store.close();
    logger.info("stopped");
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
}

await main();
