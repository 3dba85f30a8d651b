/**
 * An offline conversation with the real bot in the terminal: the same grammY bot, handlers,
 * knowledge and storage (an in-memory SQLite), with the Bot API answered inside this process.
 * Buttons appear as numbers to pick. No token, no network.
 *
 *   npm run chat            (German client)     npm run chat -- --en    (English client)
 */
import { createInterface } from "node:readline";
import { noBroadcaster } from "../bot/context.js";
import { createBot } from "../bot/index.js";
import { type ApiCall, fakeResult, offlineApi, offlineBotInfo, UpdateFactory } from "../bot/offline.js";
import { createConfig } from "../config.js";
import { features } from "../features/index.js";
import { createI18n } from "../i18n.js";
import { systemClock } from "../kernel/clock.js";
import { loadKnowledge } from "../knowledge/loader.js";
import { createLogger } from "../logger.js";
import { createMetrics } from "../metrics.js";
import { modelCacheDir } from "../paths.js";
import { openSqliteStore } from "../storage/sqlite.js";

const config = createConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" });
const logger = createLogger(config);
const store = openSqliteStore(":memory:");
const bot = createBot(
  "0:offline",
  {
    knowledge: loadKnowledge(config.knowledgeDir, { modelCacheDir }),
    store,
    i18n: createI18n(),
    logger,
    clock: systemClock,
    metrics: createMetrics({ processMetrics: false }),
    // Offline there are no operators, so nothing is ever broadcast.
    adminIds: [],
    broadcaster: noBroadcaster,
    unansweredLogDays: 0,
    rateLimit: { limit: 0, windowMs: 60_000 },
  },
  features,
  { botInfo: offlineBotInfo },
);

const english = process.argv.includes("--en");
const updates = new UpdateFactory({ id: 4242, first_name: "Du", language_code: english ? "en" : "de" });
let buttons: string[] = [];

/** Telegram HTML for a terminal: bold stays bold, links show their address. */
function toTerminal(html: string): string {
  return html
    .replace(/<a href="([^"]+)">([^<]*)<\/a>/g, "$2 ($1)")
    .replace(/<b>|<strong>/g, "\x1b[1m")
    .replace(/<\/b>|<\/strong>/g, "\x1b[22m")
    .replace(/<\/?[a-z-]+[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

function show(call: ApiCall): unknown {
  const { method, payload } = call;
  if (method === "sendMessage" || method === "editMessageText") {
    console.log(`\n🤖 ${toTerminal(String(payload.text)).replace(/\n/g, "\n   ")}`);
    const markup = payload.reply_markup as {
      inline_keyboard?: {
        text: string;
        callback_data?: string;
        url?: string;
        switch_inline_query?: string;
      }[][];
    };
    const rows = markup?.inline_keyboard ?? [];
    buttons = [];
    for (const row of rows) {
      const line = row.map((button) => {
        if (button.callback_data) buttons.push(button.callback_data);
        return button.callback_data
          ? `[${buttons.length}] ${button.text}`
          : button.switch_inline_query !== undefined
            ? `${button.text} → @${offlineBotInfo.username} ${button.switch_inline_query}`
            : `${button.text} → ${button.url ?? "…"}`;
      });
      console.log(`   ${line.join("   ")}`);
    }
  } else if (method === "answerInlineQuery") {
    // Inline mode: the cards a person would see above their keyboard.
    const results = payload.results as { title: string; description?: string }[];
    for (const [i, r] of results.entries()) console.log(`   ${i + 1}. ${r.title} – ${r.description ?? ""}`);
  } else if (method === "answerCallbackQuery" && payload.text) {
    console.log(`\n   (${payload.text})`);
  }
  return fakeResult(method, payload);
}

bot.api.config.use(offlineApi(() => undefined, show));
await bot.init();

console.log(
  "Offline-Chat mit dem Widerspruch-Bot. Frage eingeben, Zahl für einen Knopf, /start, /frist … Strg+D beendet.",
);
await bot.handleUpdate(updates.text("/start"));
const input = createInterface({ input: process.stdin, terminal: false });
process.stdout.write("\n> ");
for await (const raw of input) {
  const line = raw.trim();
  if (line) {
    const choice = /^\d+$/.test(line) ? buttons[Number(line) - 1] : undefined;
    const inlineQuery = line.startsWith(`@${offlineBotInfo.username}`)
      ? line.slice(offlineBotInfo.username.length + 1).trim()
      : undefined;
    if (inlineQuery !== undefined) await bot.handleUpdate(updates.inlineQuery(inlineQuery));
    else await bot.handleUpdate(choice ? updates.callback(choice) : updates.text(line));
  }
  process.stdout.write("\n> ");
}
input.close();
await store.close();
