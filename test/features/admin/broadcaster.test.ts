import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BroadcastWorker, type BroadcastWorkerOptions } from "../../../src/features/admin/broadcaster.js";
import { openSqliteStore } from "../../../src/storage/sqlite.js";
import type { Store } from "../../../src/storage/store.js";
import {
  berlin,
  type Failure,
  fakeApi,
  fakeClock,
  i18n,
  type Sent,
  silentLogger,
  subscribeMany,
} from "../../helpers/reminders.js";

const admin = 4242;

describe("BroadcastWorker", () => {
  let store: Store;
  beforeEach(() => {
    store = openSqliteStore(":memory:");
  });
  afterEach(async () => store.close());

  function setUp(
    fail?: (chatId: number, attempt: number) => Failure | undefined,
    over: Partial<BroadcastWorkerOptions> = {},
  ) {
    const clock = fakeClock(berlin("2026-07-01 12:00"));
    const { api, sent, attempts } = fakeApi(clock.clock, fail);
    const worker = (workerId: string) =>
      new BroadcastWorker({
        store,
        api,
        i18n,
        adminIds: [admin],
        logger: silentLogger(),
        clock: clock.clock,
        sleep: clock.sleep,
        rate: 25,
        workerId,
        ...over,
      });
    return { clock, sent, attempts, worker, broadcaster: worker("one") };
  }
  const toSubscribers = (sent: Sent[]) => sent.filter((s) => s.chatId !== admin);
  const toAdmin = (sent: Sent[]) => sent.filter((s) => s.chatId === admin).map((s) => s.text.split("\n")[0]);

  it("sends the message once to every active subscriber, within the global rate, and tells the admin when done", async () => {
    await subscribeMany(store, [1, 2, 3, -100], berlin("2026-06-01 12:00"));
    await store.unsubscribe(3);
    const { sent, broadcaster } = setUp();
    const entities = [{ type: "bold" as const, offset: 0, length: 5 }];
    expect(await broadcaster.broadcast({ text: "Neue Hinweise", entities })).toEqual({
      id: 1,
      recipients: 3,
    });
    await broadcaster.runOnce();
    const delivered = toSubscribers(sent);
    expect(delivered.map((s) => s.chatId)).toEqual([-100, 1, 2]);
    expect(delivered.every((s) => s.text === "Neue Hinweise")).toBe(true);
    // 25 messages a second at most: over 40 ms apart.
    for (let i = 1; i < delivered.length; i++) {
      expect((delivered[i]?.at ?? 0) - (delivered[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(40);
    }
    expect(broadcaster.counts).toEqual({ sent: 3, failed: 0, deactivated: 0 });
    expect(toAdmin(sent)).toEqual([i18n.t("de", "admin.broadcastFinished", { id: 1 })]);
    expect(await store.recentBroadcasts(5)).toEqual([
      expect.objectContaining({
        id: 1,
        recipients: 3,
        sent: 3,
        failed: 0,
        pending: 0,
        finishedAt: expect.any(Date),
      }),
    ]);
    // Nothing is left to do, and nobody hears of it twice.
    await broadcaster.runOnce();
    expect(sent).toHaveLength(4);
  });

  it("waits out a 429, retries a 5xx, and deactivates a chat that blocked the bot", async () => {
    await subscribeMany(store, [1, 2, 3], berlin("2026-06-01 12:00"));
    const { sent, attempts, broadcaster, clock } = setUp((chatId, attempt) => {
      if (chatId === 1 && attempt === 1)
        return { error_code: 429, description: "Too Many Requests", parameters: { retry_after: 7 } };
      if (chatId === 2 && attempt === 1) return { error_code: 502, description: "Bad Gateway" };
      if (chatId === 3) return { error_code: 403, description: "Forbidden: bot was blocked by the user" };
      return undefined;
    });
    const started = clock.clock().getTime();
    await broadcaster.broadcast({ text: "Hallo" });
    await broadcaster.runOnce();
    expect(toSubscribers(sent).map((s) => s.chatId)).toEqual([1, 2]);
    expect((sent[0]?.at ?? 0) - started).toBeGreaterThanOrEqual(7000);
    expect(attempts.get(2)).toBe(2);
    expect(broadcaster.counts).toEqual({ sent: 2, failed: 1, deactivated: 1 });
    expect(await store.subscriptions(3)).toEqual([]);
    expect(await store.broadcastProgress(1)).toMatchObject({ sent: 2, failed: 1, pending: 0 });
  });

  it("stopped midway, hands back what it has not sent; the next worker goes on, says so, and sends nobody a second copy", async () => {
    const chats = Array.from({ length: 60 }, (_, i) => i + 1);
    await subscribeMany(store, chats, berlin("2026-06-01 12:00"));
    let first: BroadcastWorker | undefined;
    const { sent, worker } = setUp((_chat, _attempt) => {
      if (sent.length === 10) void first?.stop();
      return undefined;
    });
    first = worker("first");
    await first.broadcast({ text: "Hallo" });
    await first.runOnce();
    await first.stop();
    const before = toSubscribers(sent).length;
    expect(before).toBeGreaterThanOrEqual(10);
    expect(before).toBeLessThan(60);
    expect(await store.broadcastProgress(1)).toMatchObject({
      sent: before,
      pending: 60 - before,
      finishedAt: null,
    });

    const second = worker("second");
    await second.runOnce();
    expect(
      toSubscribers(sent)
        .map((s) => s.chatId)
        .sort((a, b) => a - b),
    ).toEqual(chats);
    expect(toAdmin(sent)).toEqual([
      i18n.t("de", "admin.broadcastResumed", { id: 1 }),
      i18n.t("de", "admin.broadcastFinished", { id: 1 }),
    ]);
    expect(await store.broadcastProgress(1)).toMatchObject({ sent: 60, pending: 0 });
  });

  it("after a crash, takes over the dead worker's deliveries once the lease has passed", async () => {
    const chats = Array.from({ length: 30 }, (_, i) => i + 1);
    await subscribeMany(store, chats, berlin("2026-06-01 12:00"));
    const { sent, worker, clock } = setUp(undefined, { leaseMs: 60_000 });
    const { id } = await store.createBroadcast({ text: "Hallo", entities: [] }, clock.clock());
    // The crashed worker had taken 20, marked one of them sending, and sent nothing.
    const taken = await store.takeBroadcastDeliveries(id, 20, "crashed", clock.clock(), clock.clock());
    await store.markSending(taken.deliveries[0] as never, "crashed", clock.clock());
    const survivor = worker("survivor");
    await survivor.runOnce();
    // Before the lease: only the 10 nobody had taken; the broadcast is not finished.
    expect(toSubscribers(sent)).toHaveLength(10);
    expect(toAdmin(sent)).toEqual([]);
    clock.advance(61_000);
    await survivor.runOnce();
    // The interrupted send may have reached Telegram: counted failed, never repeated.
    expect(toSubscribers(sent)).toHaveLength(29);
    expect(new Set(toSubscribers(sent).map((s) => s.chatId)).size).toBe(29);
    expect(await store.broadcastProgress(id)).toMatchObject({ sent: 29, failed: 1, pending: 0 });
    expect(toAdmin(sent)).toEqual([
      i18n.t("de", "admin.broadcastResumed", { id }),
      i18n.t("de", "admin.broadcastFinished", { id }),
    ]);
  });
});
