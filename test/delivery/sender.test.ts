import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Ledger, type Recipient, Sender } from "../../src/delivery/sender.js";
import { openSqliteStore } from "../../src/storage/sqlite.js";
import type { Store } from "../../src/storage/store.js";
import { peakInAnySecond } from "../helpers/fake-bot-api.js";
import {
  berlin,
  type Failure,
  fakeApi,
  fakeClock,
  silentLogger,
  subscribeMany,
} from "../helpers/reminders.js";

/** A ledger that writes down what the sender told it. */
function notebook(allow = true) {
  const notes: string[] = [];
  const ledger: Ledger<Recipient> = {
    begin: async (r) => {
      notes.push(`begin ${r.chatId}`);
      return allow;
    },
    release: async (r, at) =>
      void notes.push(`release ${r.chatId} ${at.getTime() === 0 ? "to anyone" : "to retry"}`),
    finish: async (r, status) => void notes.push(`${status} ${r.chatId}`),
  };
  return { notes, ledger };
}

describe("the delivery sender", () => {
  let store: Store;
  beforeEach(() => {
    store = openSqliteStore(":memory:");
  });
  afterEach(async () => store.close());

  function setUp(fail?: (chatId: number, attempt: number) => Failure | undefined, rate?: number) {
    const clock = fakeClock(berlin("2026-07-01 12:00"));
    const { api, sent } = fakeApi(clock.clock, fail);
    const sender = new Sender({
      api,
      store,
      logger: silentLogger(),
      clock: clock.clock,
      sleep: clock.sleep,
      ...(rate ? { rate } : {}),
    });
    return { clock, sent, sender };
  }
  const chat = (chatId: number): Recipient => ({ chatId, chatKind: "private" });

  it("writes the message at the moment it goes out, after a 429 and a 5xx, and records each step", async () => {
    const { clock, sent, sender } = setUp((_, attempt) =>
      attempt === 1
        ? { error_code: 429, description: "Too Many Requests", parameters: { retry_after: 3 } }
        : attempt === 2
          ? { error_code: 500, description: "Internal Server Error" }
          : undefined,
    );
    const { notes, ledger } = notebook();
    const started = clock.clock().getTime();
    const result = await sender.deliver(chat(1), {
      ledger,
      render: (r, now) => ({ text: `an ${r.chatId}, ${(now.getTime() - started) / 1000} s später` }),
    });
    expect(result).toEqual({ kind: "sent", floods: 1, retries: 1 });
    expect(sent.map((s) => s.text)).toEqual(["an 1, 4 s später"]);
    expect(notes).toEqual([
      "begin 1",
      "release 1 to retry",
      "begin 1",
      "release 1 to retry",
      "begin 1",
      "sent 1",
    ]);
  });

  it("hands a delivery back instead of sending when its job has closed, and sends nothing another worker took", async () => {
    const { sent, sender } = setUp();
    const closed = notebook();
    expect(
      await sender.deliver(chat(1), {
        ledger: closed.ledger,
        isOpen: () => false,
        render: () => ({ text: "x" }),
      }),
    ).toMatchObject({ kind: "withheld" });
    expect(closed.notes).toEqual(["release 1 to anyone"]);
    const taken = notebook(false);
    expect(
      await sender.deliver(chat(2), { ledger: taken.ledger, render: () => ({ text: "x" }) }),
    ).toMatchObject({ kind: "withheld" });
    expect(taken.notes).toEqual(["begin 2"]);
    expect(sent).toEqual([]);
  });

  it("ends a blocked chat's subscriptions and fails for good on other errors", async () => {
    await subscribeMany(store, [1, 2], berlin("2026-06-01 12:00"));
    const { sender } = setUp((chatId) =>
      chatId === 1
        ? { error_code: 403, description: "Forbidden: bot was blocked by the user" }
        : { error_code: 400, description: "Bad Request: message is too long" },
    );
    const { notes, ledger } = notebook();
    const render = () => ({ text: "x" });
    expect(await sender.deliver(chat(1), { ledger, render })).toMatchObject({ kind: "gone" });
    expect(await sender.deliver(chat(2), { ledger, render })).toMatchObject({ kind: "failed" });
    expect(notes).toEqual(["begin 1", "failed 1", "begin 2", "failed 2"]);
    expect(await store.subscriptions(1)).toEqual([]);
    expect(await store.subscriptions(2)).toHaveLength(1);
  });

  it("keeps the rate shared through the database: 25 a second means 40 ms apart", async () => {
    const { sent, sender } = setUp();
    const { ledger } = notebook();
    for (const id of [1, 2, 3]) await sender.deliver(chat(id), { ledger, render: () => ({ text: "x" }) });
    const [a = 0, b = 0, c = 0] = sent.map((s) => s.at);
    expect(b - a).toBeGreaterThanOrEqual(40);
    expect(c - b).toBeGreaterThanOrEqual(40);
  });

  it("paces one chat: a second message to the same private chat waits a second", async () => {
    const { sent, sender } = setUp();
    const { ledger } = notebook();
    for (let i = 0; i < 2; i++) await sender.deliver(chat(1), { ledger, render: () => ({ text: "x" }) });
    const [a = 0, b = 0] = sent.map((s) => s.at);
    expect(b - a).toBeGreaterThanOrEqual(1000);
  });

  it("never puts more than the rate into any second, even when the database is slow to record a send", async () => {
    const clock = fakeClock(berlin("2026-07-01 12:00"));
    let seed = 11;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const { api, sent } = fakeApi(clock.clock);
    // Marking a delivery "sending" takes up to 300 ms every other time (cold connections, a busy database).
    const ledger: Ledger<Recipient> = {
      begin: async () => {
        if (random() < 0.5) await clock.sleep(random() * 300);
        return true;
      },
      release: async () => undefined,
      finish: async () => undefined,
    };
    const sender = new Sender({
      api,
      store,
      logger: silentLogger(),
      clock: clock.clock,
      sleep: clock.sleep,
      rate: 30,
    });
    const chats = Array.from({ length: 150 }, (_, i) => i + 1);
    const first = await sender.reserve(chats.length);
    const job = { ledger, render: () => ({ text: "x" }) };
    await Promise.all(chats.map((id, i) => sender.deliver(chat(id), job, first + i * sender.intervalMs)));
    expect(sent).toHaveLength(150);
    expect(peakInAnySecond(sent.map((s) => s.at))).toBeLessThanOrEqual(30);
  });

  it("never puts more than the rate into any second, even when senders wake late (two senders, one database)", async () => {
    const clock = fakeClock(berlin("2026-07-01 12:00"));
    // A third of all wake-ups come up to 150 ms late (a busy machine, a GC pause); seeded.
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const lateSleep = (ms: number) => clock.sleep(ms + (random() < 0.3 ? random() * 150 : 0));
    const { api, sent } = fakeApi(clock.clock);
    const { ledger } = notebook();
    const job = { ledger, render: () => ({ text: "x" }) };
    const senders = [1, 2].map(
      () =>
        new Sender({ api, store, logger: silentLogger(), clock: clock.clock, sleep: lateSleep, rate: 30 }),
    );
    // Like the workers: each reserves its batch of slots ahead, then sends them concurrently.
    await Promise.all(
      senders.map(async (sender, n) => {
        const chats = Array.from({ length: 90 }, (_, i) => 1000 * (n + 1) + i);
        const first = await sender.reserve(chats.length);
        await Promise.all(chats.map((id, i) => sender.deliver(chat(id), job, first + i * sender.intervalMs)));
      }),
    );
    expect(sent).toHaveLength(180);
    expect(peakInAnySecond(sent.map((s) => s.at))).toBeLessThanOrEqual(30);
  });

  it("sends close to the rate when nothing is late: 30 a second configured, over 27 sent", async () => {
    const { sent, sender } = setUp(undefined, 30);
    const { ledger } = notebook();
    const chats = Array.from({ length: 91 }, (_, i) => i + 1);
    const first = await sender.reserve(chats.length);
    const job = { ledger, render: () => ({ text: "x" }) };
    await Promise.all(chats.map((id, i) => sender.deliver(chat(id), job, first + i * sender.intervalMs)));
    const times = sent.map((s) => s.at);
    const perSecond = ((times.length - 1) * 1000) / (Math.max(...times) - Math.min(...times));
    expect(perSecond).toBeGreaterThan(27);
    expect(perSecond).toBeLessThanOrEqual(30);
    expect(peakInAnySecond(times)).toBeLessThanOrEqual(30);
  });
});
