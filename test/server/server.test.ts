import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { countApiErrors, createMetrics } from "../../src/metrics.js";
import { type BotServer, createServer } from "../../src/server/index.js";
import { openSqliteStore } from "../../src/storage/sqlite.js";
import type { Store } from "../../src/storage/store.js";
import { createTestBot, texts } from "../helpers/bot.js";

const secret = "s3cret_webhook-token";
const path = "/telegram/hook";
const silent = pino({ level: "silent" });

let server: BotServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: { store?: Store; respondError?: boolean } = {}) {
  const metrics = createMetrics({ processMetrics: false });
  const t = createTestBot({ deps: { metrics }, ...(options.store ? { store: options.store } : {}) });
  if (options.respondError) {
    // Telegram refuses every sendMessage, as for a user who blocked the bot.
    t.bot.api.config.use(async (prev, method, payload, signal) =>
      method === "sendMessage"
        ? ({ ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" } as never)
        : prev(method, payload, signal),
    );
  }
  t.bot.api.config.use(countApiErrors(metrics));
  server = createServer({
    store: t.store,
    metrics,
    logger: silent,
    webhook: { bot: t.bot, path, secret },
    healthTimeoutMs: 500,
  });
  const port = await server.listen(0, "127.0.0.1");
  const base = `http://127.0.0.1:${port}`;
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  return { t, base, post, metrics };
}

describe("webhook", () => {
  it("handles an update posted with the right secret", async () => {
    const { t, post } = await start();
    const response = await post(t.updates.text("/start"), { "X-Telegram-Bot-Api-Secret-Token": secret });
    expect(response.status).toBe(200);
    expect(texts(t.calls)).toHaveLength(1);
    expect(texts(t.calls)[0]).toContain("Willkommen");
  });

  it("refuses a wrong or missing secret with 401 and handles nothing", async () => {
    const { t, post } = await start();
    const wrong = await post(t.updates.text("/start"), { "X-Telegram-Bot-Api-Secret-Token": "guess" });
    expect(wrong.status).toBe(401);
    const missing = await post(t.updates.text("/start"));
    expect(missing.status).toBe(401);
    const empty = await post(t.updates.text("/start"), { "X-Telegram-Bot-Api-Secret-Token": "" });
    expect(empty.status).toBe(401);
    expect(t.calls).toEqual([]);
  });

  it("refuses bodies over 1 MB with 413 and handles nothing", async () => {
    const { t, post } = await start();
    const update = t.updates.text(`wie widerspreche ich ${"x".repeat(1024 * 1024)}`);
    const response = await post(update, { "X-Telegram-Bot-Api-Secret-Token": secret });
    expect(response.status).toBe(413);
    expect(t.calls).toEqual([]);
  });

  it("serves the webhook only on its own path and method", async () => {
    const { t, base } = await start();
    const headers = { "X-Telegram-Bot-Api-Secret-Token": secret, "content-type": "application/json" };
    const body = JSON.stringify(t.updates.text("/start"));
    expect((await fetch(`${base}/other`, { method: "POST", headers, body })).status).toBe(404);
    expect((await fetch(`${base}${path}`, { headers })).status).toBe(404);
    expect(t.calls).toEqual([]);
  });
});

describe("GET /healthz", () => {
  it("answers 200 while the database answers", async () => {
    const { base } = await start();
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("answers 503 when the database does not", async () => {
    const store = openSqliteStore(":memory:");
    const { base } = await start({ store });
    await store.close();
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: "database unavailable" });
  });

  it("answers 503 when the database hangs", async () => {
    const metrics = createMetrics({ processMetrics: false });
    server = createServer({
      store: { ping: () => new Promise<void>(() => undefined) },
      metrics,
      logger: silent,
      healthTimeoutMs: 50,
    });
    const port = await server.listen(0, "127.0.0.1");
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(503);
  });
});

describe("GET /metrics", () => {
  it("exposes updates by type, answers by entry, unanswered questions, latency and reminder counters", async () => {
    const { t, base, post } = await start();
    const headers = { "X-Telegram-Bot-Api-Secret-Token": secret };
    await post(t.updates.text("wie widerspreche ich bei instagram?"), headers);
    await post(t.updates.text("wie backe ich einen käsekuchen mit streuseln"), headers);
    await post(t.updates.callback("1:m"), headers);
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const body = await response.text();
    expect(body).toContain('bot_updates_total{type="message"} 2');
    expect(body).toContain('bot_updates_total{type="callback_query"} 1');
    expect(body).toContain('bot_answers_total{entry="object-instagram"} 1');
    expect(body).toContain("bot_unanswered_questions_total 1");
    expect(body).toContain('bot_handler_duration_seconds_count{type="message"} 2');
    expect(body).toMatch(/bot_handler_duration_seconds_bucket\{le="0.005",type="message"\} \d/);
    for (const name of [
      "bot_reminders_sent_total",
      "bot_reminders_failed_total",
      "bot_reminders_skipped_total",
    ]) {
      expect(body).toContain(`${name} 0`);
    }
    expect(body).toContain("# TYPE bot_api_errors_total counter");
  });

  it("counts Bot API errors by method and code", async () => {
    const { t, base, post } = await start({ respondError: true });
    await post(t.updates.text("/start"), { "X-Telegram-Bot-Api-Secret-Token": secret });
    const body = await (await fetch(`${base}/metrics`)).text();
    // The answer and then the apology both fail.
    expect(body).toContain('bot_api_errors_total{method="sendMessage",code="403"} 2');
  });

  it("keeps each server's series apart (no global registry)", async () => {
    const a = createMetrics({ processMetrics: false });
    const b = createMetrics({ processMetrics: false });
    a.remindersSent.inc(3);
    expect(await b.registry.metrics()).toContain("bot_reminders_sent_total 0");
    expect(await a.registry.metrics()).toContain("bot_reminders_sent_total 3");
  });
});
