import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { decode } from "../../../src/bot/callback-data.js";
import { campaignSlots, isNight, reminderDue } from "../../../src/features/reminders/schedule.js";
import { createMetrics } from "../../../src/metrics.js";
import { openSqliteStore } from "../../../src/storage/sqlite.js";
import type { Store } from "../../../src/storage/store.js";
import {
  berlin,
  createWorker,
  type Failure,
  fakeApi,
  fakeClock,
  i18n,
  subscribeMany,
  testCampaign,
} from "../../helpers/reminders.js";
import { postgresFactory, requirePostgres, type StoreFactory } from "../../helpers/stores.js";

const campaign = testCampaign();
const subscribedAt = berlin("2026-06-01 12:00");

describe("the schedule from the campaign content", () => {
  it("puts reminders at the local send time, days before the deadline, also in seconds", () => {
    expect(reminderDue(campaign, "P7D")).toEqual(berlin("2026-06-03 10:00"));
    expect(reminderDue(campaign, "P0D")).toEqual(berlin("2026-06-10 10:00"));
    expect(reminderDue(campaign, "PT30S")).toEqual(new Date(berlin("2026-06-10 10:00").getTime() - 30_000));
    // Winter time: 10:00 in Berlin is 09:00 UTC.
    expect(reminderDue(testCampaign({ deadline: "2026-12-10" }), "P0D")).toEqual(
      new Date("2026-12-10T09:00:00Z"),
    );
  });

  it("lets a window end at the next reminder, at the end of its day, or at the end of the deadline day", () => {
    const slots = campaignSlots(campaign, berlin("2026-06-01 12:00"));
    // A new campaign is announced only while one can still object in time (until the last day ends).
    expect(slots.map((s) => [s.key, s.windowEnd.toISOString()])).toEqual([
      ["announce", berlin("2026-06-10 00:00").toISOString()],
      ["P7D", berlin("2026-06-04 00:00").toISOString()],
      ["P1D", berlin("2026-06-10 00:00").toISOString()],
      ["P0D", berlin("2026-06-11 00:00").toISOString()],
    ]);
    // "Only the last day" is the last day to object in time (P1D), not the deadline day (P0D).
    expect(slots.filter((s) => s.last).map((s) => s.key)).toEqual(["P1D"]);
    expect(
      campaignSlots(testCampaign({ reminders: { offsets: ["P0D"], sendAt: "10:00" } }), subscribedAt)
        .filter((s) => s.last)
        .map((s) => s.key),
    ).toEqual(["P0D"]);
    // On the deadline day nothing is announced any more.
    expect(campaignSlots(campaign, berlin("2026-06-10 09:00")).map((s) => s.kind)).not.toContain("announce");
    const seconds = campaignSlots(
      testCampaign({ reminders: { offsets: ["PT60S", "PT0S"], sendAt: "10:00" } }),
      subscribedAt,
    );
    expect(seconds[1]?.windowEnd).toEqual(seconds[2]?.dueAt);
  });

  it("knows the night in Berlin: 22:00 to 08:00", () => {
    expect(isNight(berlin("2026-06-03 21:59"))).toBe(false);
    expect(isNight(berlin("2026-06-03 22:00"))).toBe(true);
    expect(isNight(berlin("2026-06-04 07:59"))).toBe(true);
    expect(isNight(berlin("2026-06-04 08:00"))).toBe(false);
  });
});

describe("ReminderWorker (SQLite, fake clock)", () => {
  let store: Store;
  beforeEach(() => {
    store = openSqliteStore(":memory:");
  });
  afterEach(async () => store.close());

  it("sends the 7-day reminder once to every subscriber, worded for that day", async () => {
    await subscribeMany(store, [1, 2, -100], subscribedAt);
    const clock = fakeClock(berlin("2026-06-03 09:59"));
    const { api, sent } = fakeApi(clock.clock);
    const worker = createWorker(store, [campaign], clock, api);
    await worker.runOnce();
    expect(sent).toEqual([]);
    clock.set(berlin("2026-06-03 10:00"));
    await worker.runOnce();
    await worker.runOnce();
    expect(sent.map((s) => s.chatId).sort()).toEqual([-100, 1, 2]);
    const text = sent[0]?.text ?? "";
    expect(text).toBe(
      i18n.t("de", "reminders.reminderFar", {
        days: "7 Tage",
        title: "Test-Kampagne",
        date: "10. Juni 2026",
        lastDay: "9. Juni 2026",
      }),
    );
    expect(text).toContain("noch 7 Tage, um rechtzeitig zu widersprechen");
    expect(text).toContain("bis einschließlich 9. Juni 2026");
    expect(sent[0]?.buttons.map((b) => [b.text, decode(b.callback_data)])).toEqual([
      ["📋 So widersprechen Sie", { kind: "answer", id: "how-to-object" }],
      ["🔕 Erinnerungen stoppen", { kind: "reminders", op: "off" }],
    ]);
    expect(await store.reminderStats()).toMatchObject({ sent: 3, failed: 0, skipped: 0, inProgress: 0 });
  });

  it("says 'last day' on the last day to object in time and 'training starts' on the deadline day, in the chat's language", async () => {
    await subscribeMany(store, [1], subscribedAt);
    await store.subscribe(
      { chatId: 2, campaignId: campaign.id, language: "en", chatKind: "private", mode: "all" },
      subscribedAt,
    );
    const clock = fakeClock(berlin("2026-06-09 10:00"));
    const { api, sent } = fakeApi(clock.clock);
    const worker = createWorker(store, [campaign], clock, api);
    await worker.runOnce();
    clock.set(berlin("2026-06-10 10:00"));
    await worker.runOnce();
    const of = (chat: number) => sent.filter((s) => s.chatId === chat).map((s) => s.text.split("\n")[0]);
    expect(of(1)).toEqual([
      "⏰ <b>Erinnerung: Heute ist der letzte Tag, um rechtzeitig zu widersprechen</b>",
      "⏰ <b>Heute beginnt das Training</b>",
    ]);
    expect(of(2)).toEqual([
      "⏰ <b>Reminder: today is the last day to object in time</b>",
      "⏰ <b>Training starts today</b>",
    ]);
    const german = sent.filter((s) => s.chatId === 1).map((s) => s.text);
    expect(german[0]).toContain("Morgen, am 10. Juni 2026, beginnt das Training");
    expect(german[1]).toContain("war gestern, der 9. Juni 2026");
    expect(german[1]).toContain("schützt aber nur Ihre Daten ab jetzt");
    // The 7-day reminder was due before anyone could be reminded here: it is logged as skipped.
    expect(await store.reminderStats()).toMatchObject({ sent: 4, skipped: 2 });
  });

  it("sends 'only the last day' subscribers the last-day reminder only, not the 7-day or deadline-day one", async () => {
    await store.subscribe(
      { chatId: 5, campaignId: campaign.id, language: "de", chatKind: "private", mode: "last" },
      subscribedAt,
    );
    const clock = fakeClock(berlin("2026-06-03 10:00"));
    const { api, sent } = fakeApi(clock.clock);
    const worker = createWorker(store, [campaign], clock, api);
    for (const day of ["2026-06-03 10:00", "2026-06-09 10:00", "2026-06-10 10:00"]) {
      clock.set(berlin(day));
      await worker.runOnce();
    }
    expect(sent.map((s) => s.text.split("\n")[0])).toEqual([
      "⏰ <b>Erinnerung: Heute ist der letzte Tag, um rechtzeitig zu widersprechen</b>",
    ]);
  });

  it("never sends at night: a reminder due at 06:00 waits until 08:00", async () => {
    const early = testCampaign({ reminders: { offsets: ["P0D"], sendAt: "06:00" } });
    await subscribeMany(store, [1], subscribedAt);
    const clock = fakeClock(berlin("2026-06-10 06:30"));
    const { api, sent } = fakeApi(clock.clock);
    const worker = createWorker(store, [early], clock, api);
    await worker.runOnce();
    expect(sent).toEqual([]);
    clock.set(berlin("2026-06-10 08:00"));
    await worker.runOnce();
    expect(sent).toHaveLength(1);
  });

  it("counts sent, failed and skipped reminders in /metrics", async () => {
    await subscribeMany(store, [1, 2], subscribedAt);
    const clock = fakeClock(berlin("2026-06-04 12:00"));
    const { api } = fakeApi(clock.clock);
    const metrics = createMetrics({ processMetrics: false });
    const worker = createWorker(store, [campaign], clock, api, { metrics });
    await worker.runOnce();
    clock.set(berlin("2026-06-09 10:00"));
    await worker.runOnce();
    const exposed = await metrics.registry.metrics();
    expect(exposed).toContain("bot_reminders_skipped_total 2");
    expect(exposed).toContain("bot_reminders_sent_total 2");
    expect(exposed).toContain("bot_reminders_failed_total 0");
  });

  it("skips a reminder whose window passed while the bot was down, and sends the next one on time", async () => {
    await subscribeMany(store, [1, 2], subscribedAt);
    const clock = fakeClock(berlin("2026-06-04 12:00"));
    const { api, sent } = fakeApi(clock.clock);
    const worker = createWorker(store, [campaign], clock, api);
    await worker.runOnce();
    expect(sent).toEqual([]);
    expect(await store.reminderStats()).toMatchObject({ sent: 0, skipped: 2 });
    // Down from the evening before the deadline until the deadline day is over: both late ones are skipped.
    clock.set(berlin("2026-06-11 09:00"));
    await worker.runOnce();
    expect(sent).toEqual([]);
    expect(await store.reminderStats()).toMatchObject({ sent: 0, skipped: 6 });
  });

  it("waits out a 429 as Telegram asks and then sends once", async () => {
    await subscribeMany(store, [1, 2], subscribedAt);
    const clock = fakeClock(berlin("2026-06-03 10:00"));
    const { api, sent, attempts } = fakeApi(clock.clock, (chat, attempt) =>
      chat === 1 && attempt === 1
        ? { error_code: 429, description: "Too Many Requests: retry after 7", parameters: { retry_after: 7 } }
        : undefined,
    );
    const worker = createWorker(store, [campaign], clock, api);
    await worker.runOnce();
    expect(sent.map((s) => s.chatId).sort()).toEqual([1, 2]);
    expect(attempts.get(1)).toBe(2);
    const retried = sent.find((s) => s.chatId === 1);
    expect(retried?.at).toBeGreaterThanOrEqual(berlin("2026-06-03 10:00").getTime() + 7000);
    expect(worker.counts).toMatchObject({ sent: 2, flood: 1, failed: 0 });
  });

  it("deactivates chats that blocked the bot or no longer exist, for good", async () => {
    await subscribeMany(store, [1, 2, 3], subscribedAt);
    const clock = fakeClock(berlin("2026-06-03 10:00"));
    const failures: Record<number, Failure> = {
      1: { error_code: 403, description: "Forbidden: bot was blocked by the user" },
      2: { error_code: 400, description: "Bad Request: chat not found" },
    };
    const { api, sent, attempts } = fakeApi(clock.clock, (chat) => failures[chat]);
    const worker = createWorker(store, [campaign], clock, api);
    await worker.runOnce();
    expect(sent.map((s) => s.chatId)).toEqual([3]);
    expect(await store.subscriptions(1)).toEqual([]);
    expect(await store.subscriptions(2)).toEqual([]);
    expect(await store.subscriptions(3)).toHaveLength(1);
    clock.set(berlin("2026-06-09 10:00"));
    await worker.runOnce();
    expect(attempts.get(1)).toBe(1);
    expect(attempts.get(2)).toBe(1);
    expect(await store.reminderStats()).toMatchObject({ sent: 2, failed: 2, subscribers: 1 });
  });

  it("retries 5xx and network errors with backoff, and gives up after the last attempt", async () => {
    await subscribeMany(store, [1, 2], subscribedAt);
    const clock = fakeClock(berlin("2026-06-03 10:00"));
    const { api, sent, attempts } = fakeApi(clock.clock, (chat, attempt) => {
      if (chat === 1)
        return attempt <= 2
          ? attempt === 1
            ? "network"
            : { error_code: 502, description: "Bad Gateway" }
          : undefined;
      return { error_code: 500, description: "Internal Server Error" };
    });
    const worker = createWorker(store, [campaign], clock, api, { maxAttempts: 4 });
    await worker.runOnce();
    expect(sent.map((s) => s.chatId)).toEqual([1]);
    expect(attempts.get(1)).toBe(3);
    expect(attempts.get(2)).toBe(4);
    expect(worker.counts).toMatchObject({ sent: 1, failed: 1, retried: 5 });
    expect(await store.subscriptions(2)).toHaveLength(1);
  });

  it("after a crash between claim and send, a restarted worker sends the claimed reminders once", async () => {
    await subscribeMany(store, [1, 2, 3], subscribedAt);
    const clock = fakeClock(berlin("2026-06-03 10:00"));
    // The crashed instance claimed all three, began sending to chat 1, and died.
    const claims = await store.claimDue(
      {
        campaignId: campaign.id,
        reminder: "P7D",
        audience: campaign.id,
        subscribedBy: berlin("2026-06-03 10:00"),
        includeLastOnly: false,
        unlessSubscribed: false,
      },
      10,
      "crashed",
      clock.clock(),
    );
    expect(claims).toHaveLength(3);
    await store.markSending(claims[0] as never, "crashed", clock.clock());
    const { api, sent } = fakeApi(clock.clock);
    const worker = createWorker(store, [campaign], clock, api, { leaseMs: 60_000 });
    await worker.runOnce();
    expect(sent).toEqual([]);
    clock.advance(61_000);
    await worker.runOnce();
    await worker.runOnce();
    // Chat 1's send was interrupted mid-request: maybe delivered, so it is not risked twice.
    expect(sent.map((s) => s.chatId).sort()).toEqual([2, 3]);
    expect(await store.reminderStats()).toMatchObject({ sent: 2, failed: 1, inProgress: 0 });
  });

  it("announces a newly published deadline once to those who asked, then sends its reminders", async () => {
    await subscribeMany(store, [7], subscribedAt, "*");
    const clock = fakeClock(berlin("2026-06-02 09:00"));
    const { api, sent } = fakeApi(clock.clock);
    const past = testCampaign({ id: "old", deadline: "2025-05-27" });
    const worker = createWorker(store, [past], clock, api);
    await worker.runOnce();
    expect(sent).toEqual([]);
    const reloaded = createWorker(store, [past, campaign], clock, api);
    await reloaded.runOnce();
    await reloaded.runOnce();
    expect(sent.map((s) => s.text.split("\n")[0])).toEqual(["🔔 <b>Neue Frist: Test-Kampagne</b>"]);
    expect(sent[0]?.text).toContain(
      "Rechtzeitig widersprechen können Sie bis einschließlich 9. Juni 2026 (noch 8 Tage); am 10. Juni 2026 beginnt das Training.",
    );
    expect(sent[0]?.text).toContain(
      "am 3. Juni 2026, am letzten Tag (9. Juni 2026) und am 10. Juni 2026, wenn das Training beginnt, jeweils um 10:00 Uhr",
    );
    clock.set(berlin("2026-06-03 10:00"));
    await reloaded.runOnce();
    expect(sent).toHaveLength(2);
    expect(sent[1]?.text).toContain("noch 7 Tage");
  });

  it("stops cleanly: requests on their way finish, waiting ones are handed back and sent later", async () => {
    await subscribeMany(
      store,
      Array.from({ length: 60 }, (_, i) => i + 1),
      subscribedAt,
    );
    const clock = fakeClock(berlin("2026-06-03 10:00"));
    let worker: ReturnType<typeof createWorker> | undefined;
    const { api, sent } = fakeApi(clock.clock, (_chat, _attempt) => {
      if (sent.length === 10) void worker?.stop();
      return undefined;
    });
    worker = createWorker(store, [campaign], clock, api);
    await worker.runOnce();
    await worker.stop();
    const first = sent.length;
    expect(first).toBeGreaterThanOrEqual(10);
    expect(first).toBeLessThan(60);
    // Nothing is left half-done: what was not sent is unclaimed or handed back to anyone at once
    // (claimed, with the claim's time set to 0), never left "sending".
    expect(await store.reminderStats()).toMatchObject({ sent: first });
    for (let chat = 1; chat <= 60; chat++) {
      const rows = (await store.exportChat(chat)).deliveries ?? [];
      for (const row of rows) {
        if (row.status !== "sent") expect(row).toMatchObject({ status: "claimed", claimed_at: 0 });
      }
    }
    const next = createWorker(store, [campaign], clock, api);
    await next.runOnce();
    expect(new Set(sent.map((s) => s.chatId)).size).toBe(60);
    expect(sent).toHaveLength(60);
  });
});

describe("two workers on one PostgreSQL", () => {
  if (!requirePostgres("two workers")) return;
  let factory: StoreFactory;
  beforeEach(() => {
    factory = postgresFactory();
  });
  afterEach(async () => factory.cleanup());

  it("never send the same reminder twice and together send each one", async () => {
    const a = await factory.open();
    const b = await factory.open();
    const chats = Array.from({ length: 120 }, (_, i) => i + 1);
    await subscribeMany(a, chats, subscribedAt);
    const clock = fakeClock(berlin("2026-06-03 10:00"));
    const { api, sent } = fakeApi(clock.clock);
    const one = createWorker(a, [campaign], clock, api, { workerId: "one" });
    const two = createWorker(b, [campaign], clock, api, { workerId: "two" });
    await Promise.all([one.runOnce(), two.runOnce()]);
    expect(sent.map((s) => s.chatId).sort((x, y) => x - y)).toEqual(chats);
    expect(one.counts.sent + two.counts.sent).toBe(120);
    expect(one.counts.sent).toBeGreaterThan(0);
    expect(two.counts.sent).toBeGreaterThan(0);
    expect(await a.reminderStats()).toMatchObject({ sent: 120, inProgress: 0 });
  });
});
