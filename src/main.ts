/**
 * The composition root: config → logger → store → knowledge → bot → HTTP server → updates
 * (webhook or long polling). Nothing else wires parts together; everything below takes its
 * dependencies as arguments.
 */
import { Api } from "grammy";
import { paceChats } from "./bot/chat-pace.js";
import { registerCommands } from "./bot/commands.js";
import { createBot } from "./bot/index.js";
import { apiRetry, type Poller, shutdownGate, startPolling } from "./bot/polling.js";
import { htmlByDefault } from "./bot/reply.js";
import { ConfigError, createConfig, requireToken } from "./config.js";
import { BroadcastWorker } from "./features/admin/broadcaster.js";
import { commandMenu, features } from "./features/index.js";
import { createUnansweredPruner } from "./features/privacy/unanswered.js";
import { ReminderWorker } from "./features/reminders/worker.js";
import { createI18n } from "./i18n.js";
import { dayMs, systemClock } from "./kernel/clock.js";
import { KnowledgeError, loadKnowledge } from "./knowledge/loader.js";
import { createLogger } from "./logger.js";
import { countApiErrors, createMetrics } from "./metrics.js";
import { modelCacheDir } from "./paths.js";
import { createServer } from "./server/index.js";
import { createStore } from "./storage/index.js";

// Edited messages are not asked for: the bot answers a question once, not every correction of it.
const allowedUpdates = ["message", "callback_query", "inline_query", "my_chat_member"] as const;
const shutdownLimitMs = 10_000;
/** Of the time limit, how long updates in hand may take to finish. */
const updatesDeadlineMs = 7_000;

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
    const started = performance.now();
    knowledge = loadKnowledge(config.knowledgeDir, { modelCacheDir });
    const { source, cacheError } = knowledge.model;
    const ms = Math.round(performance.now() - started);
    logger.info({ model: source, ms, phrasings: knowledge.corpus.length }, "knowledge loaded");
    if (cacheError)
      logger.warn({ cacheError }, "the trained intent model could not be cached: every start trains it");
  } catch (error) {
    if (error instanceof KnowledgeError) {
      logger.fatal(`knowledge base is broken, not starting: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const store = await createStore(config.databaseUrl, (error) =>
    logger.warn({ err: error }, "database connection lost while idle; reconnecting on the next query"),
  );
  const i18n = createI18n();
  const metrics = createMetrics();
  const clock = systemClock;

  // Reminders and broadcasts go out with their own API client: no auto-retry (they honour 429
  // themselves and share the wait with other instances), and nothing they do holds up updates.
  const senderApi = new Api(token, { apiRoot: config.apiRoot });
  // Reminders are Telegram HTML like everything the bot writes (a broadcast brings its own entities).
  senderApi.config.use(htmlByDefault(), countApiErrors(metrics));
  const broadcaster = new BroadcastWorker({
    store,
    api: senderApi,
    logger,
    clock,
    i18n,
    adminIds: config.adminIds,
    rate: config.reminderRate,
    leaseMs: config.reminderLeaseMs,
  });

  const bot = createBot(
    token,
    {
      broadcaster,
      knowledge,
      store,
      i18n,
      logger,
      clock,
      metrics,
      adminIds: config.adminIds,
      unansweredLogDays: config.unansweredLogDays,
      rateLimit: { limit: config.rateLimitPerMinute, windowMs: 60_000 },
    },
    features,
    { client: { apiRoot: config.apiRoot } },
  );
  // Innermost the gate a shutdown closes, then the pace of replies per private chat, so that each
  // retry waits its turn too.
  const gate = shutdownGate();
  bot.api.config.use(gate.transformer, paceChats(), apiRetry());
  // Outermost, so it counts what is left after the retries.
  bot.api.config.use(countApiErrors(metrics));

  await bot.init();
  await registerCommands(bot.api, i18n, commandMenu);

  // /healthz and /metrics are served in both modes (containers need a health check either way);
  // in webhook mode the same server receives the updates on the webhook URL's path.
  const webhook = config.webhook;
  const server = createServer({
    store,
    metrics,
    logger,
    ...(webhook
      ? { webhook: { bot, path: new URL(webhook.url).pathname, secret: webhook.secret, updates: store } }
      : {}),
  });
  try {
    await server.listen(config.port);
  } catch (error) {
    logger.fatal({ err: error, port: config.port }, `cannot listen on PORT ${config.port}`);
    process.exit(1);
  }

  let poller: Poller | undefined;
  if (webhook) {
    await bot.api.setWebhook(webhook.url, {
      secret_token: webhook.secret,
      allowed_updates: [...allowedUpdates],
    });
  } else {
    // Long polling is the default: drop a webhook a previous deployment may have left.
    await bot.api.deleteWebhook();
    // Updates the previous process handled but could not confirm come again: they are dropped.
    const handled = await store.handledUpdates(new Date(clock().getTime() - dayMs), 10_000);
    poller = startPolling(bot, {
      allowedUpdates,
      logger,
      handled,
      onFailure: (error) => {
        logger.fatal(
          { err: error },
          "polling stopped for good (token revoked, or another poller or a webhook)",
        );
        process.exit(1);
      },
    });
  }
  logger.info(
    {
      bot: bot.botInfo.username,
      entries: knowledge.entries.size,
      store: store.kind,
      mode: webhook ? "webhook" : "polling",
      port: config.port,
    },
    "started",
  );

  // Reminders go out in a loop of their own.
  const reminders = new ReminderWorker({
    store,
    api: senderApi,
    campaigns: () => knowledge.campaigns,
    i18n,
    logger,
    clock,
    rate: config.reminderRate,
    leaseMs: config.reminderLeaseMs,
    metrics,
  });
  reminders.start();
  // Broadcasts too: one left unfinished by a restart or another instance goes on from here.
  broadcaster.start();
  logger.info(
    { worker: reminders.id, broadcasts: broadcaster.id, rate: config.reminderRate },
    "reminders and broadcasts workers started",
  );

  // Runs with 0 days too: turning the log off deletes what an earlier setting kept.
  const pruner = createUnansweredPruner({ store, days: config.unansweredLogDays, clock, logger });
  pruner.start();
  // The ids of handled updates are kept a day: Telegram keeps an undelivered update 24 hours at most.
  const pruneUpdates = () =>
    void store
      .pruneUpdates(new Date(clock().getTime() - dayMs))
      .catch((error) => logger.error({ err: error }, "pruning handled update ids failed"));
  pruneUpdates();
  const updatesPruner = setInterval(pruneUpdates, 60 * 60 * 1000);
  updatesPruner.unref();

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    const timer = setTimeout(() => {
      logger.error("shutdown took longer than 10 s, exiting");
      process.exit(1);
    }, shutdownLimitMs);
    timer.unref();
    // Updates in hand get most of the time limit; the rest is for the senders and the database.
    const updatesDone = Date.now() + updatesDeadlineMs;
    const left = () => Math.max(0, updatesDone - Date.now());
    try {
      pruner.stop();
      clearInterval(updatesPruner);
      if (poller) {
        // Stop fetching first, let the updates in hand finish, confirm to Telegram what is done.
        const stopped = await poller.stop(left());
        // Handled after one that was not finished, so not confirmed: the next process drops them.
        await store.recordHandledUpdates(stopped.handledAfter, clock());
        if (stopped.unfinished.length > 0) {
          logger.warn(
            { updates: stopped.unfinished },
            "updates not finished in time: not confirmed, Telegram delivers them again to the next process",
          );
        }
        if (stopped.lost.length > 0) {
          logger.error({ updates: stopped.lost }, "updates confirmed while in hand and not finished: lost");
        }
      }
      // Webhook mode: new updates get 503 (Telegram retries them), those in hand may finish until
      // the deadline, the rest is not confirmed — before the senders stop, so that a broadcast
      // confirmed in hand is not cut off unseen.
      await server.close(left());
      // Whatever is still running belongs to updates Telegram delivers again: it sends nothing more.
      gate.close();
      // Reminder requests already on their way finish and are recorded; waiting ones are handed back.
      await Promise.all([reminders.stop(), broadcaster.stop()]);
      await store.close();
      logger.info("stopped");
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, "shutdown failed");
      process.exit(1);
    }
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
}

await main();
