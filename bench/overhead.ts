/**
 * Bot overhead: the full bot (all middleware, matcher, SQLite store on disk, i18n, logging) vs a
 * bare grammY bot that only echoes, on the same stream of updates, with the Bot API answered by
 * a transformer inside the process (no network in either).
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { Bot } from "grammy";
import type { Update } from "grammy/types";
import { pino } from "pino";
import { createBot } from "../src/bot/index.js";
import { offlineApi, offlineBotInfo, UpdateFactory } from "../src/bot/offline.js";
import { features } from "../src/features/index.js";
import { createI18n } from "../src/i18n.js";
import { systemClock } from "../src/kernel/clock.js";
import type { KnowledgeBase } from "../src/knowledge/loader.js";
import { openSqliteStore } from "../src/storage/sqlite.js";
import { testDeps } from "../test/helpers/bot.js";
import { seeded } from "../test/helpers/matcher-queries.js";
import { ms, percentile, table } from "./lib.js";

/** A day's traffic in miniature: mostly questions, some commands and button presses, from many users. */
function traffic(knowledge: KnowledgeBase, questions: string[], count: number): Update[] {
  const random = seeded(99);
  const users = Array.from(
    { length: 1000 },
    (_, i) =>
      new UpdateFactory({ id: 10_000 + i, first_name: "U", language_code: i % 5 === 0 ? "en" : "de" }),
  );
  const ids = [...knowledge.entries.keys()];
  const updates: Update[] = [];
  for (let i = 0; i < count; i++) {
    const user = users[Math.floor(random() * users.length)] as UpdateFactory;
    const roll = random();
    let update: Update;
    if (roll < 0.7) update = user.text(questions[Math.floor(random() * questions.length)] as string);
    else if (roll < 0.8) update = user.text(random() < 0.5 ? "/start" : "/frist");
    else update = user.callback(`1:a:${ids[Math.floor(random() * ids.length)]}`);
    updates.push({ ...update, update_id: i + 1 });
  }
  return updates;
}

async function drive(handle: (update: Update) => Promise<void>, updates: Update[]) {
  const warmup = Math.min(500, Math.floor(updates.length / 10));
  for (const update of updates.slice(0, warmup)) await handle(update);
  const latencies: number[] = [];
  const started = performance.now();
  for (const update of updates.slice(warmup)) {
    const t = performance.now();
    await handle(update);
    latencies.push(performance.now() - t);
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
  };
}

export async function overheadTable(
  knowledge: KnowledgeBase,
  questions: string[],
  count: number,
  tmpDir: string,
  log: (line: string) => void,
): Promise<string> {
  const updates = traffic(knowledge, questions, count);
  let sent = 0;

  const bare = new Bot("0:bench", { botInfo: offlineBotInfo });
  bare.api.config.use(offlineApi(() => sent++));
  bare.on("message:text", (ctx) => ctx.reply(ctx.message.text));
  const bareResult = await drive((u) => bare.handleUpdate(u), updates);
  log(`  bare grammY: ${bareResult.perSecond.toFixed(0)} updates/s`);

  mkdirSync(tmpDir, { recursive: true });
  const file = join(tmpDir, "overhead.sqlite");
  rmSync(file, { force: true });
  const store = openSqliteStore(file);
  // Production settings: info level (the per-update lines are debug), JSON to a file descriptor.
  const logger = pino(
    { level: "info", base: undefined },
    pino.destination({ dest: "/dev/null", sync: true }),
  );
  const full = createBot(
    "0:bench",
    testDeps({ knowledge, store, i18n: createI18n(), logger, clock: systemClock }),
    features,
    { botInfo: offlineBotInfo },
  );
  full.api.config.use(offlineApi(() => sent++));
  const fullResult = await drive((u) => full.handleUpdate(u), updates);
  await store.close();
  log(`  full bot: ${fullResult.perSecond.toFixed(0)} updates/s`);

  const row = (name: string, r: typeof bareResult) => [
    name,
    Math.round(r.perSecond).toLocaleString("en"),
    ms(r.p50),
    ms(r.p99),
  ];
  return table(
    ["Bot", "Updates / second", "p50 / update", "p99 / update"],
    [row("bare grammY echo bot", bareResult), row("**Widerspruch-Bot (full)**", fullResult)],
  );
}
