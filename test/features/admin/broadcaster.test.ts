import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ReminderBroadcaster } from "../../../src/features/admin/broadcaster.js";
import { openSqliteStore } from "../../../src/storage/sqlite.js";
import type { Store } from "../../../src/storage/store.js";
import {
  berlin,
  type Failure,
  fakeApi,
  fakeClock,
  silentLogger,
  subscribeMany,
} from "../../helpers/reminders.js";

describe("ReminderBroadcaster", () => {
  let store: Store;
  beforeEach(() => {
    store = openSqliteStore(":memory:");
  });
  afterEach(async () => store.close());

  function setUp(fail?: (chatId: number, attempt: number) => Failure | undefined) {
    const clock = fakeClock(berlin("2026-07-01 12:00"));
    const { api, sent, attempts } = fakeApi(clock.clock, fail);
    const broadcaster = new ReminderBroadcaster({
      store,
      api,
      logger: silentLogger(),
      clock: clock.clock,
      sleep: clock.sleep,
      rate: 25,
    });
    return { clock, sent, attempts, broadcaster };
  }

  it("sends the message once to every active subscriber, within the global rate", async () => {
    await subscribeMany(store, [1, 2, 3, -100], berlin("2026-06-01 12:00"));
    await store.unsubscribe(3);
    const { sent, broadcaster } = setUp();
    expect(
      await broadcaster.broadcast({
        text: "Neue Hinweise",
        entities: [{ type: "bold", offset: 0, length: 5 }],
      }),
    ).toBe(3);
    await broadcaster.idle();
    expect(sent.map((s) => s.chatId)).toEqual([-100, 1, 2]);
    expect(sent.every((s) => s.text === "Neue Hinweise")).toBe(true);
    // 25 messages a second: at least 40 ms apart.
    for (let i = 1; i < sent.length; i++) {
      expect((sent[i]?.at ?? 0) - (sent[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(40);
    }
    expect(broadcaster.counts).toEqual({ sent: 3, failed: 0, deactivated: 0 });
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
    await broadcaster.idle();
    expect(sent.map((s) => s.chatId)).toEqual([1, 2]);
    expect((sent[0]?.at ?? 0) - started).toBeGreaterThanOrEqual(7000);
    expect(attempts.get(2)).toBe(2);
    expect(broadcaster.counts).toEqual({ sent: 2, failed: 1, deactivated: 1 });
    expect((await store.activeChats()).map((c) => c.chatId)).toEqual([1, 2]);
  });
});
