import type { Update } from "grammy/types";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { createBot } from "../../src/bot/index.js";
import { offlineBotInfo } from "../../src/bot/offline.js";
import { apiRetry, startPolling } from "../../src/bot/polling.js";
import { features } from "../../src/features/index.js";
import { openSqliteStore } from "../../src/storage/sqlite.js";
import { createTestBot, i18n, knowledge, testDeps, texts } from "../helpers/bot.js";
import { FakeBotApi, type Fault } from "../helpers/fake-bot-api.js";

const now = new Date("2026-11-29T10:00:00Z");
const questions = [
  "wie widerspreche ich bei insta?",
  "/frist",
  "was passiert wenn ich nichts mache",
  "betrifft das auch whatsapp",
  "/start",
  "wie steht die meta aktie gerade",
];
const chats = Array.from({ length: 8 }, (_, i) => 5000 + i);

function textUpdate(chatId: number, text: string, messageId: number): Omit<Update, "update_id"> {
  const command = text.startsWith("/")
    ? [{ type: "bot_command", offset: 0, length: text.length }]
    : undefined;
  return {
    message: {
      message_id: messageId,
      date: Math.floor(now.getTime() / 1000),
      chat: { id: chatId, type: "private", first_name: "U" },
      from: { id: chatId, is_bot: false, first_name: "U", language_code: "de" },
      text,
      ...(command ? { entities: command } : {}),
    },
  } as never;
}

// Each chat's first answer meets a different failure on its first attempts (the API is "down"
// for it); getUpdates fails in every way too. Everything else goes through.
const firstAnswerFaults: Fault[][] = [
  [{ kind: "error", code: 429, description: "Too Many Requests: retry after 1", retryAfter: 1 }],
  [{ kind: "error", code: 500, description: "Internal Server Error" }],
  [{ kind: "error", code: 502, description: "Bad Gateway" }],
  [{ kind: "drop" }],
  [{ kind: "slow", ms: 1500 }],
  [
    { kind: "error", code: 429, description: "Too Many Requests: retry after 1", retryAfter: 1 },
    { kind: "drop" },
  ],
  [
    { kind: "slow", ms: 300 },
    { kind: "error", code: 502, description: "Bad Gateway" },
  ],
  [],
];
const getUpdatesFaults = new Map<number, Fault>([
  [2, { kind: "error", code: 502, description: "Bad Gateway" }],
  [3, { kind: "drop" }],
  [5, { kind: "error", code: 429, description: "Too Many Requests: retry after 1", retryAfter: 1 }],
  [6, { kind: "slow", ms: 800 }],
]);

let api: FakeBotApi | undefined;
afterEach(async () => {
  await api?.close();
});

describe("long polling while the Bot API fails", () => {
  it("recovers from 429, 500/502, dropped connections and slow answers: every update handled once, every answer delivered", async () => {
    const firstAnswer = new Map<number, string>();
    let getUpdatesCalls = 0;
    api = new FakeBotApi({
      maxHoldMs: 200,
      fault(method, payload, attempt) {
        if (method === "getUpdates") return getUpdatesFaults.get(++getUpdatesCalls);
        if (method !== "sendMessage") return undefined;
        const chat = Number(payload.chat_id);
        const text = String(payload.text);
        if (!firstAnswer.has(chat)) firstAnswer.set(chat, text);
        if (firstAnswer.get(chat) !== text) return undefined;
        return firstAnswerFaults[chats.indexOf(chat) % firstAnswerFaults.length]?.[attempt - 1];
      },
    });
    const apiRoot = await api.start();

    const logs: string[] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => void logs.push(line) });
    const store = openSqliteStore(":memory:");
    const bot = createBot(
      "123:robustness-test-token",
      testDeps({ knowledge, store, i18n, logger, clock: () => now }),
      features,
      { botInfo: offlineBotInfo, client: { apiRoot } },
    );
    bot.api.config.use(apiRetry());
    const handled: number[] = [];
    const handleUpdate = bot.handleUpdate.bind(bot);
    bot.handleUpdate = (update, webhook) => {
      handled.push(update.update_id);
      return handleUpdate(update, webhook);
    };

    const runner = startPolling(bot, {
      allowedUpdates: ["message", "callback_query"],
      logger,
      timeoutSeconds: 1,
    });
    try {
      // Users keep writing while the API misbehaves: three waves, each sent once the previous one
      // has started to come back.
      const pushed: number[] = [];
      let messageId = 1;
      for (const [wave, question] of questions.entries()) {
        pushed.push(...api.push(...chats.map((chat) => textUpdate(chat, question, messageId++))));
        const target = (wave + 1) * chats.length - chats.length / 2;
        await until(() => api?.delivered("sendMessage").length ?? 0, target);
      }
      await until(() => api?.delivered("sendMessage").length ?? 0, questions.length * chats.length);
      await until(() => handled.length, pushed.length);

      // Nothing lost, nothing twice.
      expect([...handled].sort((a, b) => a - b)).toEqual(pushed);
      // The faults really happened.
      const outcomes = (method: string) =>
        api?.calls.filter((c) => c.method === method).map((c) => c.outcome);
      expect(outcomes("sendMessage")).toContain("drop");
      expect(outcomes("sendMessage")).toContain("error");
      expect(outcomes("getUpdates")).toContain("drop");
      expect(outcomes("getUpdates")).toContain("error");

      // Every user has exactly the answers the bot gives when nothing fails, in order, once.
      const reference = createTestBot({ now });
      const expected: string[] = [];
      for (const question of questions) expected.push(...texts(await reference.say(question)));
      for (const chat of chats) {
        const got = api.delivered("sendMessage").filter((c) => c.payload.chat_id === chat);
        expect(got.map((c) => String(c.payload.text))).toEqual(expected);
      }
      expect(logs.filter((line) => JSON.parse(line).level >= 50)).toEqual([]);
    } finally {
      await runner.stop();
      await store.close();
    }
  }, 60_000);
});

/** Waits until a count reaches a target (a condition, not a timing: the test's timeout bounds it). */
async function until(count: () => number, target: number): Promise<void> {
  while (count() < target) await new Promise((resolve) => setTimeout(resolve, 20));
}
