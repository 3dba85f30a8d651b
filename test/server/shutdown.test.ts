import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { UpdateFactory } from "../../src/bot/offline.js";
import { startBotProcess, until } from "../helpers/bot-process.js";
import { FakeBotApi, freePort } from "../helpers/fake-bot-api.js";

const secret = "shutdown-test-secret";

/**
 * The fake Bot API holding every sendMessage until released, and telling when a method was first
 * asked for (on arrival, so also while its answer is held).
 */
function fakeBotApi() {
  const arrived = new Set<string>();
  const waiters: { method: string; resolve: () => void }[] = [];
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const api = new FakeBotApi({
    fault: (method) => (method === "sendMessage" ? { kind: "hold", until: held } : undefined),
    onRequest: (method) => {
      arrived.add(method);
      for (const w of waiters.filter((w) => w.method === method)) w.resolve();
    },
  });
  return {
    api,
    calls: api.calls,
    releaseSendMessage: release,
    /** Resolves when the API has been called with this method (now or later). */
    called(method: string) {
      if (arrived.has(method)) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.push({ method, resolve }));
    },
  };
}

let child: ChildProcess | undefined;
let api: ReturnType<typeof fakeBotApi> | undefined;
let dir: string | undefined;
/** A fake API of a test's own (not the one holding every sendMessage). */
let limited: FakeBotApi | undefined;
afterEach(async () => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  api?.releaseSendMessage();
  await api?.api.close();
  await limited?.close();
  limited = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function startBot(env: Record<string, string>) {
  dir = mkdtempSync(join(tmpdir(), "wb-shutdown-"));
  const bot = startBotProcess({ DATABASE_URL: join(dir, "bot.sqlite"), ...env });
  child = bot.proc;
  return bot;
}

async function startApi() {
  const fake = fakeBotApi();
  api = fake;
  return { fake, apiRoot: await fake.api.start() };
}

describe("the real process in polling mode", () => {
  it("deletes a webhook, polls, serves /healthz on PORT and stops cleanly on SIGTERM", async () => {
    const { fake, apiRoot } = await startApi();
    const port = await freePort();
    const bot = startBot({ BOT_API_ROOT: apiRoot, PORT: String(port) });
    await fake.called("getUpdates");
    expect(fake.calls.map((c) => c.method)).toContain("deleteWebhook");
    expect(fake.calls.map((c) => c.method)).not.toContain("setWebhook");
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    bot.proc.kill("SIGTERM");
    expect(await bot.exited).toBe(0);
    expect(bot.output.join("")).toContain('"msg":"stopped"');
  }, 30_000);
});

describe("the real process in webhook mode", () => {
  it("on SIGTERM stops taking updates, finishes the one in flight, and exits with 0", async () => {
    const { fake, apiRoot } = await startApi();
    const port = await freePort();
    const { proc, output, exited, logged } = startBot({
      BOT_API_ROOT: apiRoot,
      WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/hook`,
      WEBHOOK_SECRET: secret,
      PORT: String(port),
    });

    await fake.called("setWebhook");
    const setWebhook = fake.calls.find((c) => c.method === "setWebhook");
    expect(setWebhook?.payload).toMatchObject({
      url: `http://127.0.0.1:${port}/telegram/hook`,
      secret_token: secret,
      allowed_updates: expect.arrayContaining(["message", "callback_query"]),
    });

    const hook = `http://127.0.0.1:${port}/telegram/hook`;
    const headers = { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret };
    const updates = new UpdateFactory();
    const inFlight = fetch(hook, { method: "POST", headers, body: JSON.stringify(updates.text("/start")) });
    await fake.called("sendMessage"); // the update is now being handled, its reply held by the API

    const stopping = logged("shutting down");
    proc.kill("SIGTERM");
    await stopping;
    // No new updates once stopping: refused (503) or the port is already closed.
    const late = await fetch(hook, {
      method: "POST",
      headers: { ...headers, connection: "close" },
      body: JSON.stringify(updates.text("/hilfe")),
    }).then(
      (r) => r.status,
      () => "refused",
    );
    expect([503, "refused"]).toContain(late);

    fake.releaseSendMessage();
    expect((await inFlight).status).toBe(200);
    expect(await exited).toBe(0);
    const replies = fake.calls.filter((c) => c.method === "sendMessage");
    expect(replies).toHaveLength(1);
    expect(String(replies[0]?.payload.text)).toContain("Willkommen");
    expect(output.join("")).toContain('"msg":"stopped"');
  }, 30_000);
});

describe("the real process stopped while a chat waits out a 429", () => {
  it("leaves that chat's updates unconfirmed; after the restart each is answered once, and nothing else twice", async () => {
    const stuckChat = 111;
    const otherChat = 222;
    let stuckAnswers = 0;
    // Telegram holds the stuck chat back for 30 s on its first answer (auto-retry waits it out).
    const fake = new FakeBotApi({
      maxHoldMs: 200,
      fault: (method, payload) =>
        method === "sendMessage" && payload.chat_id === stuckChat && ++stuckAnswers === 1
          ? { kind: "error", code: 429, description: "Too Many Requests: retry after 30", retryAfter: 30 }
          : undefined,
    });
    const apiRoot = await fake.start();
    limited = fake;
    dir = mkdtempSync(join(tmpdir(), "wb-shutdown-"));
    const env = { BOT_API_ROOT: apiRoot, DATABASE_URL: join(dir, "bot.sqlite") };
    const first = startBotProcess({ ...env, PORT: String(await freePort()) });
    child = first.proc;
    await first.logged('"msg":"started"');
    const chat = (id: number) => new UpdateFactory({ id, first_name: "U", language_code: "de" });
    const questions = ["/start", "/hilfe", "/frist"];
    const ids = fake.push(
      ...questions.map((q) => {
        const { update_id: _, ...update } = chat(stuckChat).text(q);
        return update;
      }),
      ...questions.map((q) => {
        const { update_id: _, ...update } = chat(otherChat).text(q);
        return update;
      }),
    );
    const answers = (chatId: number) =>
      fake.delivered("sendMessage").filter((c) => c.payload.chat_id === chatId);
    await until(() => answers(otherChat).length === questions.length && stuckAnswers === 1);

    first.proc.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    const log = first.output.join("");
    expect(log).toContain("not confirmed, Telegram delivers them again");
    expect(answers(stuckChat)).toEqual([]);

    const second = startBotProcess({ ...env, PORT: String(await freePort()) });
    child = second.proc;
    await until(() => answers(stuckChat).length === questions.length);
    // The stuck chat's three updates came again and were answered once each, in order.
    for (const id of ids.slice(0, 3)) expect(fake.served.get(id)).toBeGreaterThanOrEqual(2);
    const firstLines = (chatId: number) => answers(chatId).map((c) => String(c.payload.text).split("\n")[0]);
    expect(new Set(firstLines(stuckChat)).size).toBe(questions.length);
    // The other chat, handled before the stop, is not answered again.
    second.proc.kill("SIGTERM");
    expect(await second.exited).toBe(0);
    expect(answers(otherChat)).toHaveLength(questions.length);
    expect(firstLines(otherChat)).toEqual(firstLines(stuckChat));
  }, 60_000);
});
