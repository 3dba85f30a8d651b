import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { UpdateFactory } from "../../../src/bot/offline.js";
import { openPostgresStore } from "../../../src/storage/postgres.js";
import { openSqliteStore } from "../../../src/storage/sqlite.js";
import type { Store } from "../../../src/storage/store.js";
import { type BotProcess, startBotProcess, until, webhookPoster } from "../../helpers/bot-process.js";
import { FakeBotApi, freePort, telegramLimits } from "../../helpers/fake-bot-api.js";
import { i18n } from "../../helpers/reminders.js";
import { requirePostgres, testDatabaseUrl } from "../../helpers/stores.js";

const de = i18n.fixed("de");
const admin = 4242;
const secret = "broadcast-test-secret";
const path = "/telegram/hook";
const subscribers = Array.from({ length: 90 }, (_, i) => 10_000 + i);

let api: FakeBotApi | undefined;
let dir: string | undefined;
const running: BotProcess[] = [];
afterEach(async () => {
  for (const bot of running.splice(0)) if (bot.proc.exitCode === null) bot.proc.kill("SIGKILL");
  await api?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Subscribers waiting for news of a deadline. */
async function subscribe(store: Store, chats: number[]): Promise<void> {
  for (const chatId of chats) {
    await store.subscribe(
      { chatId, campaignId: "*", language: "de", chatKind: "private", mode: "all" },
      new Date(),
    );
  }
}

/** A SQLite file with the subscribers. */
async function databaseWithSubscribers(): Promise<string> {
  dir = mkdtempSync(join(tmpdir(), "wb-broadcast-"));
  const file = join(dir, "bot.sqlite");
  const store = openSqliteStore(file);
  await subscribe(store, subscribers);
  await store.close();
  return file;
}

/** The bot in webhook mode on its own port, sending at Telegram's maximum rate. */
async function startBot(apiRoot: string, databaseUrl: string): Promise<BotProcess & { port: number }> {
  const port = await freePort();
  const bot = startBotProcess({
    BOT_API_ROOT: apiRoot,
    DATABASE_URL: databaseUrl,
    WEBHOOK_URL: `http://127.0.0.1:${port}${path}`,
    WEBHOOK_SECRET: secret,
    PORT: String(port),
    ADMIN_IDS: String(admin),
    REMINDER_RATE: "30",
    REMINDER_LEASE_SECONDS: "2",
  });
  running.push(bot);
  await bot.logged('"msg":"started"');
  return { ...bot, port };
}

/** The admin's /broadcast, then a press on "send" under the preview, as Telegram delivers them. */
async function confirmBroadcast(fake: FakeBotApi, port: number, text: string): Promise<void> {
  const post = webhookPoster(port, path, secret);
  const adminUpdates = new UpdateFactory({ id: admin, first_name: "Admin", language_code: "de" });
  expect((await post(adminUpdates.text(`/broadcast ${text}`))).status).toBe(200);
  await until(() => fake.delivered("sendMessage").some((c) => c.payload.text === text));
  const preview = fake.delivered("sendMessage").find((c) => c.payload.text === text);
  const press = adminUpdates.callback("1:b:y");
  Object.assign(press.callback_query?.message ?? {}, { text, entities: preview?.payload.entities ?? [] });
  expect((await post(press)).status).toBe(200);
}

const toSubscribers = (fake: FakeBotApi) =>
  fake.delivered("sendMessage").filter((c) => Number(c.payload.chat_id) !== admin);
const toAdmin = (fake: FakeBotApi) =>
  fake
    .delivered("sendMessage")
    .filter((c) => Number(c.payload.chat_id) === admin)
    .map((c) => String(c.payload.text).split("\n")[0]);

describe.each(["SIGKILL", "SIGTERM"] as const)("a broadcast stopped by %s halfway", (signal) => {
  it("goes on after the restart: every subscriber gets it exactly once, the admin hears that it went on and finished", async () => {
    const text = `Rundsendung vor dem ${signal}`;
    let bot: (BotProcess & { port: number }) | undefined;
    // Stopped the moment the 45th subscriber's message reaches "Telegram", before it is answered.
    const fake = new FakeBotApi({
      limits: telegramLimits,
      onRequest: (method, payload) => {
        if (method !== "sendMessage" || Number(payload.chat_id) === admin || payload.text !== text) return;
        if (toSubscribers(fake).length === 44) bot?.proc.kill(signal);
      },
    });
    api = fake;
    const apiRoot = await fake.start();
    const database = await databaseWithSubscribers();
    bot = await startBot(apiRoot, database);
    await confirmBroadcast(fake, bot.port, text);
    const code = await bot.exited;
    expect(code).toBe(signal === "SIGTERM" ? 0 : null);
    const before = toSubscribers(fake).length;
    expect(before).toBeGreaterThanOrEqual(45);
    expect(before).toBeLessThan(subscribers.length);

    const restarted = await startBot(apiRoot, database);
    await until(() => toAdmin(fake).includes(de("admin.broadcastFinished", { id: 1 })));
    const received = fake.receivedPerChat();
    for (const chat of subscribers) expect(received.get(chat), `chat ${chat}`).toBe(1);
    expect(toSubscribers(fake)).toHaveLength(subscribers.length);
    expect(toAdmin(fake)).toEqual([
      de("admin.broadcastPreview"),
      text,
      de("admin.broadcastQueued", { id: 1, count: subscribers.length }).split("\n")[0],
      de("admin.broadcastResumed", { id: 1 }),
      de("admin.broadcastFinished", { id: 1 }),
    ]);
    // Telegram never had to say "too many".
    expect(fake.floods()).toEqual([]);
    restarted.proc.kill("SIGTERM");
    expect(await restarted.exited).toBe(0);
  }, 60_000);
});

describe("two instances on one PostgreSQL, both at REMINDER_RATE=30", () => {
  if (!requirePostgres("two instances")) return;

  it("share a broadcast: every subscriber gets it once, no second holds more than 30 messages, no 429", async () => {
    const chats = Array.from({ length: 200 }, (_, i) => 20_000 + i);
    const schema = `test_two_${randomBytes(4).toString("hex")}`;
    const owner = await openPostgresStore(testDatabaseUrl, { schema });
    try {
      await subscribe(owner, chats);
      const databaseUrl = `${testDatabaseUrl}?options=-c%20search_path%3D${schema}`;
      const fake = new FakeBotApi({ limits: telegramLimits });
      api = fake;
      const apiRoot = await fake.start();
      const first = await startBot(apiRoot, databaseUrl);
      const text = "Rundsendung an alle, von zwei Instanzen";
      await confirmBroadcast(fake, first.port, text);
      // The second instance comes up while the first is sending, and joins in.
      await startBot(apiRoot, databaseUrl);
      await until(() => toAdmin(fake).includes(de("admin.broadcastFinished", { id: 1 })));

      const received = fake.receivedPerChat();
      for (const chat of chats) expect(received.get(chat), `chat ${chat}`).toBe(1);
      expect(fake.floods()).toEqual([]);
      expect(fake.peakPerSecond()).toBeLessThanOrEqual(30);
      // Both instances sent part of it (each worker's id is on the deliveries it made).
      const client = new pg.Client({ connectionString: testDatabaseUrl });
      await client.connect();
      try {
        const workers = await client.query(
          `SELECT claimed_by, COUNT(*) AS n FROM ${schema}.deliveries WHERE campaign_id = '#broadcast' GROUP BY claimed_by`,
        );
        expect(workers.rows).toHaveLength(2);
      } finally {
        await client.end();
      }
    } finally {
      for (const bot of running.splice(0)) {
        bot.proc.kill("SIGTERM");
        await bot.exited;
      }
      await owner.dropSchemaAndClose();
    }
  }, 60_000);
});
