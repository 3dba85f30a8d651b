import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { type ApiCall, fakeResult } from "../../src/bot/offline.js";
import { countApiErrors, createMetrics } from "../../src/metrics.js";
import { type BotServer, createServer } from "../../src/server/index.js";
import { openSqliteStore } from "../../src/storage/sqlite.js";
import type { Store } from "../../src/storage/store.js";
import { createTestBot, texts } from "../helpers/bot.js";

const secret = "s3cret_webhook-token";
const path = "/telegram/hook";
const silent = pino({ level: "silent" });

let server: BotServer | undefined;
const others: BotServer[] = [];
afterEach(async () => {
  await server?.close();
  server = undefined;
  for (const other of others.splice(0)) await other.close();
});

async function start(
  options: {
    store?: Store;
    respondError?: boolean;
    logs?: string[];
    respond?: (call: ApiCall) => unknown;
  } = {},
) {
  const metrics = createMetrics({ processMetrics: false });
  const t = createTestBot({
    deps: { metrics },
    ...(options.store ? { store: options.store } : {}),
    ...(options.respond ? { respond: options.respond } : {}),
  });
  if (options.respondError) {
    // Telegram refuses every sendMessage, as for a user who blocked the bot.
    t.bot.api.config.use(async (prev, method, payload, signal) =>
      method === "sendMessage"
        ? ({ ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" } as never)
        : prev(method, payload, signal),
    );
  }
  t.bot.api.config.use(countApiErrors(metrics));
  const logs = options.logs;
  if (server) others.push(server);
  server = createServer({
    store: t.store,
    metrics,
    logger: logs ? pino({ level: "debug" }, { write: (line: string) => void logs.push(line) }) : silent,
    webhook: { bot: t.bot, path, secret, updates: t.store },
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
  const hook = (update: unknown) => post(update, { "X-Telegram-Bot-Api-Secret-Token": secret });
  return { t, base, post, hook, metrics, server };
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

  it("refuses malformed JSON with 400, logging no part of the body, and handles nothing", async () => {
    const logs: string[] = [];
    const { t, hook } = await start({ logs });
    const marker = "geheimer-marker-text";
    for (const body of [
      `{"update_id": 5, "message": {"text": "${marker}`,
      `${marker} {`,
      "",
      "[]",
      '{"text": 1}',
    ]) {
      const response = await hook(body);
      expect(response.status, body).toBe(400);
    }
    expect(t.calls).toEqual([]);
    expect(logs.join("\n")).not.toContain(marker);
    expect(logs.filter((line) => JSON.parse(line).level >= 50)).toEqual([]);
    expect(logs.some((line) => line.includes("webhook body is not an update"))).toBe(true);
  });

  it("answers an update Telegram delivers twice only once", async () => {
    const logs: string[] = [];
    const { t, hook } = await start({ logs });
    const update = t.updates.text("/start");
    expect((await hook(update)).status).toBe(200);
    expect((await hook(update)).status).toBe(200);
    expect(texts(t.calls)).toHaveLength(1);
    expect(logs.some((line) => line.includes("already handled: dropped"))).toBe(true);
  });

  it("asks Telegram to come back later for an update delivered again while it is being handled", async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { t, hook } = await start({
      respond: async (call) => {
        if (call.method === "sendMessage") await held;
        return fakeResult(call.method, call.payload);
      },
    });
    const update = t.updates.text("/start");
    const first = hook(update);
    await until(() => t.calls.length > 0);
    expect((await hook(update)).status).toBe(503);
    release();
    expect((await first).status).toBe(200);
    expect((await hook(update)).status).toBe(200);
    expect(texts(t.calls)).toHaveLength(1);
  });

  it("drops an update delivered again to another instance on the same database", async () => {
    const store = openSqliteStore(":memory:");
    const a = await start({ store });
    const b = await start({ store });
    const update = a.t.updates.text("/start");
    expect((await a.hook(update)).status).toBe(200);
    expect((await b.hook(update)).status).toBe(200);
    expect(texts(a.t.calls)).toHaveLength(1);
    expect(b.t.calls).toEqual([]);
  });

  it("stopping, leaves an update it could not finish in time unconfirmed, and another instance handles it", async () => {
    const store = openSqliteStore(":memory:");
    const stuck = await start({
      store,
      respond: async (call) => {
        if (call.method === "sendMessage") await new Promise(() => undefined); // a send that never returns
        return fakeResult(call.method, call.payload);
      },
    });
    const update = stuck.t.updates.text("/start");
    const request = stuck.hook(update).then(
      (r) => r.status,
      () => "cut off",
    );
    await until(() => stuck.t.calls.length > 0);
    expect(await stuck.server.close(200)).toEqual({ unfinished: [update.update_id] });
    // Not confirmed to Telegram: the request gets no 200.
    expect(await request).toBe("cut off");
    const next = await start({ store });
    expect((await next.hook(update)).status).toBe(200);
    expect(texts(next.t.calls)).toHaveLength(1);
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

/** Waits until a condition holds (the test's timeout bounds it). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
