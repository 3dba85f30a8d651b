import { pino } from "pino";
import { noBroadcaster } from "../../src/bot/context.js";
import { type BotDeps, createBot } from "../../src/bot/index.js";
import {
  type ApiCall,
  fakeResult,
  offlineApi,
  offlineBotInfo,
  UpdateFactory,
} from "../../src/bot/offline.js";
import { answerHtml } from "../../src/features/answers/views.js";
import { features } from "../../src/features/index.js";
import { createI18n } from "../../src/i18n.js";
import { type KnowledgeBase, loadKnowledge } from "../../src/knowledge/loader.js";
import { createMetrics } from "../../src/metrics.js";
import { bundledKnowledgeDir, modelCacheDir } from "../../src/paths.js";
import { openSqliteStore } from "../../src/storage/sqlite.js";
import type { Store } from "../../src/storage/store.js";

/** Loaded once per test file: the real bundled content. */
export const knowledge = loadKnowledge(bundledKnowledgeDir, { modelCacheDir });
export const i18n = createI18n();

/**
 * Every dependency of the bot, with test parts: the bundled content, an in-memory SQLite store,
 * a silent logger, a fixed clock, fresh metrics, no operators, a broadcaster that refuses (no sender),
 * no unanswered log and no flood limit. `over` replaces any of them.
 */
export function testDeps(over: Partial<BotDeps> = {}): BotDeps {
  return {
    knowledge,
    store: openSqliteStore(":memory:"),
    i18n,
    logger: pino({ level: "silent" }),
    clock: () => new Date("2026-11-29T10:00:00Z"),
    metrics: createMetrics({ processMetrics: false }),
    adminIds: [],
    broadcaster: noBroadcaster,
    unansweredLogDays: 0,
    rateLimit: { limit: 0, windowMs: 60_000 },
    ...over,
  };
}

export interface TestBotOptions {
  now?: Date;
  knowledge?: KnowledgeBase;
  store?: Store;
  languageCode?: string;
  respond?: (call: ApiCall) => unknown;
  logs?: string[];
  /** Any other dependency: metrics, adminIds, broadcaster, rateLimit, … */
  deps?: Partial<BotDeps>;
  adminIds?: number[];
}

/**
 * The real bot with test parts (testDeps) and an API transformer that records every outgoing
 * call. `send` feeds one update and returns the calls it caused.
 */
export function createTestBot(options: TestBotOptions = {}) {
  const logs = options.logs ?? [];
  const logger = pino({ level: "trace" }, { write: (line: string) => void logs.push(line) });
  const store = options.store ?? openSqliteStore(":memory:");
  let now = options.now ?? new Date("2026-11-29T10:00:00Z");
  const bot = createBot(
    "123:offline-test-token",
    testDeps({
      knowledge: options.knowledge ?? knowledge,
      store,
      logger,
      clock: () => now,
      ...(options.adminIds ? { adminIds: options.adminIds } : {}),
      ...options.deps,
    }),
    features,
    { botInfo: offlineBotInfo },
  );
  const calls: ApiCall[] = [];
  bot.api.config.use(
    offlineApi((call) => calls.push(call), options.respond ?? ((c) => fakeResult(c.method, c.payload))),
  );
  const updates = new UpdateFactory({
    id: 4242,
    first_name: "Test",
    language_code: options.languageCode ?? "de",
  });

  return {
    bot,
    store,
    calls,
    logs,
    updates,
    setNow(date: Date) {
      now = date;
    },
    async send(update: Parameters<typeof bot.handleUpdate>[0]): Promise<ApiCall[]> {
      const before = calls.length;
      await bot.handleUpdate(update);
      return calls.slice(before);
    },
    async say(text: string, chatId?: number) {
      return this.send(updates.text(text, chatId));
    },
    async press(data: string, chatId?: number) {
      return this.send(updates.callback(data, chatId));
    },
  };
}

/** The texts of all messages sent in these calls. */
export function texts(calls: ApiCall[]): string[] {
  return calls.filter((c) => c.method === "sendMessage").map((c) => String(c.payload.text));
}

interface RawButton {
  text: string;
  callback_data?: string;
  url?: string;
  switch_inline_query?: string;
}

/** Inline buttons of one call: [text, callback_data, url or switch_inline_query]. */
export function buttons(
  call: ApiCall | undefined,
): { text: string; data?: string; url?: string; inline?: string }[] {
  const markup = call?.payload.reply_markup as { inline_keyboard?: RawButton[][] } | undefined;
  return (markup?.inline_keyboard ?? []).flat().map((b) => ({
    text: b.text,
    ...(b.callback_data ? { data: b.callback_data } : {}),
    ...(b.url ? { url: b.url } : {}),
    ...(b.switch_inline_query !== undefined ? { inline: b.switch_inline_query } : {}),
  }));
}

/** An entry's answer as the bot sends it today (for entries that do not depend on the date). */
export function answerText(id: string, lang: "de" | "en" = "de"): string {
  const entry = knowledge.entries.get(id);
  if (!entry) throw new Error(`no entry ${id}`);
  return answerHtml({ knowledge, i18n, clock: () => new Date("2026-11-29T10:00:00Z") }, entry, lang);
}
