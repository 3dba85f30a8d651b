import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DueQuery, Store } from "../../src/storage/store.js";
import { postgresFactory, requirePostgres, type StoreFactory, sqliteFactory } from "../helpers/stores.js";

const t0 = new Date("2026-05-20T08:00:00Z");
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
const worker = "w1";

const due = (over: Partial<DueQuery> = {}): DueQuery => ({
  campaignId: "camp",
  reminder: "P7D",
  audience: "camp",
  subscribedBy: at(10),
  includeLastOnly: false,
  unlessSubscribed: false,
  ...over,
});

function contract(makeFactory: () => StoreFactory) {
  let factory: StoreFactory;
  let store: Store;
  beforeEach(async () => {
    factory = makeFactory();
    store = await factory.open();
  });
  afterEach(async () => factory.cleanup());

  const sub = (chatId: number, campaignId = "camp", mode: "all" | "last" = "all") =>
    store.subscribe(
      { chatId, campaignId, language: "de", chatKind: chatId < 0 ? "group" : "private", mode },
      at(0),
    );

  it("keeps chats and languages; migrating again changes nothing", async () => {
    expect(await store.getChat(1)).toBeUndefined();
    await store.setLanguage(1, "en");
    await store.setLanguage(1, "de");
    const again = await factory.open();
    expect(await again.getChat(1)).toMatchObject({ chatId: 1, language: "de" });
    // Telegram supergroup ids do not fit 32 bits.
    await store.setLanguage(-1001234567890, "en");
    expect(await again.getChat(-1001234567890)).toMatchObject({ chatId: -1001234567890, language: "en" });
  });

  it("counts unanswered questions and prunes old ones", async () => {
    const day = 86_400_000;
    const now = Date.UTC(2026, 10, 29);
    await store.recordUnanswered("wie losche ich mein konto", new Date(now - 10 * day));
    await store.recordUnanswered("was kostet werbung", new Date(now - day));
    await store.recordUnanswered("was kostet werbung", new Date(now));
    expect(await store.unansweredReport(new Date(now - 30 * day), 10)).toEqual([
      { text: "was kostet werbung", count: 2 },
      { text: "wie losche ich mein konto", count: 1 },
    ]);
    expect(await store.pruneUnanswered(new Date(now - 5 * day))).toBe(1);
    expect(await store.unansweredReport(new Date(0), 10)).toHaveLength(1);
  });

  it("subscribes, keeps the start when asked again, changes the mode and unsubscribes", async () => {
    expect(await sub(5)).toBe(true);
    expect(
      await store.subscribe(
        { chatId: 5, campaignId: "camp", language: "en", chatKind: "private", mode: "all" },
        at(9),
      ),
    ).toBe(false);
    await store.setReminderMode(5, "last");
    expect(await store.subscriptions(5)).toEqual([
      { chatId: 5, campaignId: "camp", language: "en", chatKind: "private", mode: "last", createdAt: at(0) },
    ]);
    await store.setLanguage(5, "de");
    expect((await store.subscriptions(5))[0]?.language).toBe("de");
    expect(await store.unsubscribe(5)).toBe(1);
    expect(await store.subscriptions(5)).toEqual([]);
    expect(await store.unsubscribe(5)).toBe(0);
  });

  it("exports and deletes every row about a chat, and only that chat", async () => {
    await store.setLanguage(7, "en");
    await sub(7);
    await sub(8);
    await store.claimDue(due(), 10, worker, at(11));
    const exported = await store.exportChat(7);
    expect(exported.chats).toEqual([expect.objectContaining({ chat_id: 7, language: "en" })]);
    expect(exported.subscriptions).toEqual([expect.objectContaining({ chat_id: 7, campaign_id: "camp" })]);
    expect(exported.deliveries).toEqual([
      expect.objectContaining({ chat_id: 7, campaign_id: "camp", reminder: "P7D", status: "claimed" }),
    ]);
    expect(await store.deleteChat(7)).toBe(true);
    expect(await store.deleteChat(7)).toBe(false);
    expect(await store.exportChat(7)).toEqual({ chats: [], subscriptions: [], deliveries: [] });
    expect((await store.exportChat(8)).deliveries).toHaveLength(1);
  });

  it("claims each (chat, campaign, reminder) once, in batches, and only for earlier subscriptions", async () => {
    for (const chat of [1, 2, 3]) await sub(chat);
    await store.subscribe(
      { chatId: 4, campaignId: "camp", language: "en", chatKind: "private", mode: "all" },
      at(20),
    );
    const first = await store.claimDue(due(), 2, worker, at(11));
    expect(first.map((c) => c.chatId)).toEqual([1, 2]);
    expect(first[0]).toEqual({
      chatId: 1,
      campaignId: "camp",
      reminder: "P7D",
      language: "de",
      chatKind: "private",
    });
    expect((await store.claimDue(due(), 10, "w2", at(11))).map((c) => c.chatId)).toEqual([3]);
    expect(await store.claimDue(due(), 10, worker, at(12))).toEqual([]);
    // The next reminder is a different key.
    expect(await store.claimDue(due({ reminder: "P1D" }), 10, worker, at(12))).toHaveLength(3);
  });

  it("gives 'last day only' subscribers the last reminder only", async () => {
    await sub(1);
    await sub(2, "camp", "last");
    expect((await store.claimDue(due(), 10, worker, at(11))).map((c) => c.chatId)).toEqual([1]);
    expect(
      (await store.claimDue(due({ reminder: "P0D", includeLastOnly: true }), 10, worker, at(11))).map(
        (c) => c.chatId,
      ),
    ).toEqual([1, 2]);
  });

  it("announces to those waiting for a new deadline, except chats already subscribed", async () => {
    await sub(1, "*");
    await sub(2, "*");
    await sub(2, "camp");
    const announce = due({ reminder: "announce", audience: "*", unlessSubscribed: true });
    expect((await store.claimDue(announce, 10, worker, at(11))).map((c) => c.chatId)).toEqual([1]);
  });

  it("moves a claim through sending to sent; a claim held by another worker cannot be sent", async () => {
    await sub(1);
    const [claim] = await store.claimDue(due(), 10, worker, at(11));
    if (!claim) throw new Error("no claim");
    expect(await store.markSending(claim, "other", at(11))).toBe(false);
    expect(await store.markSending(claim, worker, at(11))).toBe(true);
    expect(await store.markSending(claim, worker, at(11))).toBe(false);
    await store.releaseClaim(claim, worker, at(11));
    expect(await store.recoverClaims("camp", "P7D", at(11), "w2", at(12))).toEqual([]);
    expect(await store.markSending(claim, worker, at(11))).toBe(true);
    await store.releaseClaim(claim, worker, new Date(0));
    expect((await store.recoverClaims("camp", "P7D", at(11), "w2", at(12))).map((c) => c.chatId)).toEqual([
      1,
    ]);
    expect(await store.markSending(claim, worker, at(12))).toBe(false);
    expect(await store.markSending(claim, "w2", at(12))).toBe(true);
    await store.finishDelivery(claim, "sent", at(12));
    expect(await store.reminderStats()).toEqual({
      subscribers: 1,
      waitingForDeadline: 0,
      sent: 1,
      failed: 0,
      skipped: 0,
      inProgress: 0,
    });
  });

  it("recovers stale claims once, and fails interrupted sends instead of repeating them", async () => {
    for (const chat of [1, 2, 3]) await sub(chat);
    const claims = await store.claimDue(due(), 10, "crashed", at(11));
    expect(claims).toHaveLength(3);
    await store.markSending(claims[0] as never, "crashed", at(11));
    expect(await store.recoverClaims("camp", "P7D", at(11), worker, at(20))).toEqual([]);
    const recovered = await store.recoverClaims("camp", "P7D", at(15), worker, at(20));
    expect(recovered.map((c) => c.chatId)).toEqual([2, 3]);
    expect(await store.recoverClaims("camp", "P7D", at(15), "w3", at(20))).toEqual([]);
    expect(await store.failInterrupted(at(15), at(20))).toBe(1);
    expect((await store.reminderStats()).failed).toBe(1);
    // An unsubscribed chat's stale claim is skipped, not sent.
    await store.unsubscribe(3);
    expect((await store.recoverClaims("camp", "P7D", at(30), worker, at(40))).map((c) => c.chatId)).toEqual([
      2,
    ]);
  });

  it("skips a passed window: for subscribers without a delivery and for unsent claims", async () => {
    for (const chat of [1, 2, 3]) await sub(chat);
    const [claim] = await store.claimDue(due(), 1, worker, at(11));
    expect(await store.skipStale(due(), at(30))).toBe(3);
    expect(await store.markSending(claim as never, worker, at(31))).toBe(false);
    expect((await store.reminderStats()).skipped).toBe(3);
    expect(await store.claimDue(due(), 10, worker, at(31))).toEqual([]);
  });

  it("records a broadcast with one delivery to every chat with an active subscription", async () => {
    await sub(1, "camp");
    await sub(1, "*");
    await sub(-5, "camp");
    await sub(3, "camp");
    await store.unsubscribe(3);
    await sub(4, "camp");
    await store.deactivateChat(4, at(1));
    const broadcast = await store.createBroadcast(
      { text: "Neu", entities: [{ type: "bold", offset: 0, length: 3 }] },
      at(2),
    );
    expect(broadcast).toMatchObject({ recipients: 2, text: "Neu", finishedAt: null });
    expect(await store.openBroadcasts()).toEqual([
      { ...broadcast, entities: [{ type: "bold", offset: 0, length: 3 }] },
    ]);
    const taken = await store.takeBroadcastDeliveries(broadcast.id, 10, worker, at(2), at(3));
    expect(taken).toEqual({
      deliveries: [
        { chatId: -5, campaignId: "#broadcast", reminder: String(broadcast.id), chatKind: "group" },
        { chatId: 1, campaignId: "#broadcast", reminder: String(broadcast.id), chatKind: "private" },
      ],
      resumed: false,
    });
    // Broadcasts are counted on their own, not as reminders.
    expect(await store.reminderStats()).toMatchObject({ sent: 0, inProgress: 0 });
    expect(await store.broadcastProgress(broadcast.id)).toMatchObject({ recipients: 2, pending: 2 });
  });

  it("hands out a broadcast's deliveries once; after a stop or a crash another worker goes on and finishes it", async () => {
    for (const chat of [1, 2, 3, 4]) await sub(chat);
    const { id } = await store.createBroadcast({ text: "x", entities: [] }, at(0));
    const first = await store.takeBroadcastDeliveries(id, 2, "a", at(1), at(1));
    expect(first.deliveries.map((d) => d.chatId)).toEqual([1, 2]);
    expect(
      (await store.takeBroadcastDeliveries(id, 1, "b", at(1), at(1))).deliveries.map((d) => d.chatId),
    ).toEqual([3]);
    const [one, two] = first.deliveries as [never, never];
    expect(await store.markSending(one, "a", at(2))).toBe(true);
    await store.finishDelivery(one, "sent", at(2));
    // "a" stops and hands chat 2 back; chat 3 stays with "b", which then crashes.
    await store.releaseClaim(two, "a", new Date(0));
    expect(await store.finishBroadcast(id, at(3))).toBe(false);
    const next = await store.takeBroadcastDeliveries(id, 10, "c", at(1), at(4));
    expect(next.deliveries.map((d) => d.chatId)).toEqual([2, 4]);
    expect(next.resumed).toBe(true);
    // The crashed worker's claim is taken over only after the lease.
    const late = await store.takeBroadcastDeliveries(id, 10, "c", at(2), at(20));
    expect(late).toMatchObject({ deliveries: [{ chatId: 3 }], resumed: true });
    await store.unsubscribe(4);
    for (const d of [...next.deliveries, ...late.deliveries]) {
      if (d.chatId === 4) continue;
      expect(await store.markSending(d, "c", at(21))).toBe(true);
      await store.finishDelivery(d, "sent", at(21));
    }
    // Chat 4 unsubscribed after it was taken: handed back, then skipped instead of sent.
    await store.releaseClaim(next.deliveries[1] as never, "c", new Date(0));
    expect(await store.takeBroadcastDeliveries(id, 10, "d", at(22), at(22))).toEqual({
      deliveries: [],
      resumed: false,
    });
    expect(await store.finishBroadcast(id, at(23))).toBe(true);
    expect(await store.finishBroadcast(id, at(24))).toBe(false);
    expect(await store.openBroadcasts()).toEqual([]);
    expect(await store.recentBroadcasts(5)).toEqual([
      {
        id,
        recipients: 4,
        createdAt: at(0),
        finishedAt: at(23),
        sent: 3,
        failed: 0,
        skipped: 1,
        pending: 0,
      },
    ]);
  });

  it("claims an update once: a repeat is done, or busy while in hand, and a crashed claim is taken over", async () => {
    const other = await factory.open();
    expect(await store.claimUpdate(101, at(0), at(-1))).toBe("new");
    expect(await other.claimUpdate(101, at(0), at(-1))).toBe("busy");
    await store.finishUpdate(101, at(1));
    expect(await other.claimUpdate(101, at(2), at(1))).toBe("done");
    // Left unfinished by a crashed instance: taken over after the lease, by one claimant only.
    expect(await store.claimUpdate(102, at(0), at(-1))).toBe("new");
    expect(await other.claimUpdate(102, at(5), at(4))).toBe("new");
    expect(await store.claimUpdate(102, at(5), at(4))).toBe("busy");
    // Released at shutdown: the next delivery is handled at once.
    expect(await store.claimUpdate(103, at(0), at(-1))).toBe("new");
    await store.releaseUpdates([103, 101]);
    expect(await other.claimUpdate(103, at(0), at(-1))).toBe("new");
    expect(await other.claimUpdate(101, at(0), at(-1))).toBe("done");
    // Update ids exceed 32 bits on busy bots.
    await store.recordHandledUpdates([2 ** 40, 104], at(6));
    expect(await store.claimUpdate(2 ** 40, at(7), at(6))).toBe("done");
    expect(await store.handledUpdates(at(1), 10)).toEqual([2 ** 40, 104]);
    expect(await store.pruneUpdates(at(1))).toBe(2);
    expect(await store.handledUpdates(at(0), 10)).toEqual([2 ** 40, 104]);
  });

  it("deactivates a chat for good until it subscribes again", async () => {
    await sub(1);
    await sub(1, "*");
    expect(await store.deactivateChat(1, at(5))).toBe(2);
    expect(await store.subscriptions(1)).toEqual([]);
    expect(await store.claimDue(due(), 10, worker, at(11))).toEqual([]);
    expect(
      await store.subscribe(
        { chatId: 1, campaignId: "camp", language: "de", chatKind: "private", mode: "all" },
        at(12),
      ),
    ).toBe(true);
    expect((await store.subscriptions(1))[0]?.createdAt).toEqual(at(12));
  });

  it("hands out send slots that never overlap, across store instances", async () => {
    const other = await factory.open();
    expect(await store.reserveSendSlots("global", 5, 40, 1000)).toBe(1000);
    expect(await other.reserveSendSlots("global", 2, 40, 1000)).toBe(1200);
    expect(await store.reserveSendSlots("global", 1, 40, 5000)).toBe(5000);
    await other.holdSendSlots("global", 9000);
    expect(await store.reserveSendSlots("global", 1, 40, 6000)).toBe(9000);
    await store.holdSendSlots("global", 100);
    expect(await store.reserveSendSlots("global", 1, 40, 6000)).toBe(9040);
  });

  it("hands out send slots for rates that do not divide a second (30/s)", async () => {
    const interval = 1000 / 30;
    expect(await store.reserveSendSlots("thirty", 3, interval, 1000)).toBe(1000);
    expect(await store.reserveSendSlots("thirty", 1, interval, 1000)).toBe(1100);
  });
}

describe("storage contract: SQLite (a temp file)", () => contract(sqliteFactory));

describe("storage contract: PostgreSQL", () => {
  if (requirePostgres("storage contract")) contract(postgresFactory);
});
