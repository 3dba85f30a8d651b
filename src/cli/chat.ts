/**
 * An offline conversation with the real bot in the terminal: the same grammY bot, handlers,
 * knowledge and storage (an in-memory SQLite), with the Bot API answered inside this process.
 * Buttons appear as numbers to pick. No token, no network.
 *
 *   npm run chat            (German client)     npm run chat -- --en    (English client)
 *   --now <ISO time>        the bot's clock starts then (also BOT_NOW), e.g. --now 2025-05-26T10:00+02:00
 *                           or --now 2025-05-26 (noon that day); the same option as `npm run ask`
 *
 * In the chat:  /gruppe (/group) adds the bot to a simulated group, where you are an admin, and
 * talks there; /privat (/private) goes back to the private chat. In the group the bot answers
 * only when addressed: a command, "@WiderspruchBot …", or "> …" (a reply to its last message).
 * /inline … (and, in the private chat, "@WiderspruchBot …") shows the inline-mode cards.
 */
import { createInterface } from "node:readline";
import type { InputFile } from "grammy";
import { noBroadcaster } from "../bot/context.js";
import { createBot } from "../bot/index.js";
import { type ApiCall, fakeResult, offlineApi, offlineBotInfo, UpdateFactory } from "../bot/offline.js";
import { createConfig } from "../config.js";
import { features } from "../features/index.js";
import { createI18n } from "../i18n.js";
import { loadKnowledge } from "../knowledge/loader.js";
import { createLogger } from "../logger.js";
import { createMetrics } from "../metrics.js";
import { modelCacheDir } from "../paths.js";
import { openSqliteStore } from "../storage/sqlite.js";
import { clockFrom, nowOrExit } from "./args.js";

const start = nowOrExit("chat");
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
    clock: clockFrom(start),
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
const mention = `@${offlineBotInfo.username}`;
/** The simulated group's id (negative ids are groups). */
const groupId = -100_4242;
let chatId: number | undefined; // undefined: the private chat
let joined = false;
let buttons: string[] = [];
let sent = 0;

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

function showButtons(payload: Record<string, unknown>): void {
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
          ? `${button.text} → ${mention} ${button.switch_inline_query}`
          : `${button.text} → ${button.url ?? "…"}`;
    });
    console.log(`   ${line.join("   ")}`);
  }
}

/** A file the bot sends (/meine_daten's JSON export): its name and, being text, its content. */
async function showDocument(payload: Record<string, unknown>): Promise<void> {
  const file = payload.document as InputFile;
  const raw = await file.toRaw();
  const text = raw instanceof Uint8Array ? new TextDecoder().decode(raw) : "…";
  console.log(
    `\n📎 ${file.filename ?? "file"}${payload.caption ? ` – ${toTerminal(String(payload.caption))}` : ""}`,
  );
  console.log(`   ${text.replace(/\n/g, "\n   ")}`);
}

async function show(call: ApiCall): Promise<unknown> {
  const { method, payload } = call;
  if (method.startsWith("send") || method === "editMessageText") sent++;
  if (method === "sendMessage" || method === "editMessageText") {
    console.log(`\n🤖 ${toTerminal(String(payload.text)).replace(/\n/g, "\n   ")}`);
    showButtons(payload);
  } else if (method === "sendDocument") {
    await showDocument(payload);
    showButtons(payload);
  } else if (method === "answerInlineQuery") {
    // Inline mode: the cards a person would see above their keyboard.
    const results = payload.results as { title: string; description?: string }[];
    for (const [i, r] of results.entries()) console.log(`   ${i + 1}. ${r.title} – ${r.description ?? ""}`);
    sent++;
  } else if (method === "answerCallbackQuery" && payload.text) {
    console.log(`\n   (${payload.text})`);
  }
  // In the simulated group you are its admin, so the group's settings are yours to change.
  if (method === "getChatMember") {
    return { status: "creator", user: { id: payload.user_id, is_bot: false, first_name: "Du" } };
  }
  return fakeResult(method, payload);
}

bot.api.config.use(offlineApi(() => undefined, show));
await bot.init();

const say = (de: string, en: string) => console.log(`\n   (${english ? en : de})`);

/** One typed line: a chat-side command, a button number, an inline query, or a message. */
async function handle(line: string): Promise<void> {
  const [word = "", ...rest] = line.split(/\s+/);
  const argument = rest.join(" ");
  if (word === "/gruppe" || word === "/group") {
    chatId = groupId;
    say("Jetzt in einer Gruppe, in der Sie Admin sind.", "Now in a group where you are an admin.");
    if (!joined) {
      joined = true;
      await bot.handleUpdate(updates.myChatMember(groupId));
    }
    return;
  }
  if (word === "/privat" || word === "/private") {
    chatId = undefined;
    say("Wieder im privaten Chat.", "Back in the private chat.");
    return;
  }
  const choice = /^\d+$/.test(line) ? buttons[Number(line) - 1] : undefined;
  if (choice) return void (await bot.handleUpdate(updates.callback(choice, chatId)));
  if (word === "/inline") return void (await bot.handleUpdate(updates.inlineQuery(argument)));
  if (chatId === undefined && word === mention) {
    return void (await bot.handleUpdate(updates.inlineQuery(argument)));
  }
  if (chatId !== undefined && line.startsWith(">")) {
    return void (await bot.handleUpdate(updates.reply(line.slice(1).trim(), chatId)));
  }
  await bot.handleUpdate(updates.text(line, chatId));
}

console.log(
  english
    ? "Offline chat with the Widerspruch-Bot. Type a question, a number for a button, /start, /deadline …; /group, /private, /inline …. Ctrl+D ends."
    : "Offline-Chat mit dem Widerspruch-Bot. Frage eingeben, Zahl für einen Knopf, /start, /frist …; /gruppe, /privat, /inline …. Strg+D beendet.",
);
if (start) say(`Uhr des Bots ab ${start.toISOString()}`, `Bot clock from ${start.toISOString()}`);
await bot.handleUpdate(updates.text("/start"));
const input = createInterface({ input: process.stdin, terminal: false });
process.stdout.write("\n> ");
for await (const raw of input) {
  const line = raw.trim();
  if (line) {
    const before = sent;
    await handle(line);
    if (chatId !== undefined && sent === before && !line.startsWith("/")) {
      say(
        "Der Bot schweigt: Er antwortet in Gruppen nur, wenn man ihn anspricht.",
        "The bot stays silent: in groups it answers only when addressed.",
      );
    }
  }
  process.stdout.write("\n> ");
}
input.close();
await store.close();
