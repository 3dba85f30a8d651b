import type { Update } from "grammy/types";
import { describe, expect, it } from "vitest";
import { UpdateTracker } from "../../src/bot/update-tracker.js";

const updates = (...ids: number[]) => ids.map((update_id) => ({ update_id }) as Update);
const ids = (list: Update[]) => list.map((u) => u.update_id);

describe("the update tracker (what long polling confirms to Telegram)", () => {
  it("confirms an update only once it and every one before it are finished", () => {
    const tracker = new UpdateTracker();
    expect(tracker.offset).toBe(0);
    expect(ids(tracker.accept(updates(10, 11, 12)))).toEqual([10, 11, 12]);
    expect(tracker.offset).toBe(10);
    tracker.finish(11);
    tracker.finish(12);
    expect(tracker.offset).toBe(10);
    expect(tracker.report()).toEqual({ unfinished: [10], handledAfter: [11, 12], lost: [] });
    tracker.finish(10);
    expect(tracker.offset).toBe(13);
    expect(tracker.inHand).toBe(0);
  });

  it("drops what Telegram sends again: updates in hand, finished ones not yet confirmed, and repeats", () => {
    const tracker = new UpdateTracker({ handled: [7] });
    expect(ids(tracker.accept(updates(7, 8)))).toEqual([8]);
    tracker.accept(updates(9));
    tracker.finish(9);
    // The offset waits for 8, so Telegram sends 8 and 9 again with the next update.
    expect(ids(tracker.accept(updates(8, 9, 10)))).toEqual([10]);
    expect(ids(tracker.accept(updates(10)))).toEqual([]);
  });

  it("holds back at most maxUnconfirmed updates: past that the oldest in hand are confirmed, and lost at a stop", () => {
    const tracker = new UpdateTracker({ maxUnconfirmed: 3 });
    tracker.accept(updates(1, 2, 3, 4, 5));
    expect(tracker.offset).toBe(3);
    expect(tracker.report()).toEqual({ unfinished: [3, 4, 5], handledAfter: [], lost: [1, 2] });
    expect(tracker.inHand).toBe(5);
    tracker.finish(1);
    expect(tracker.report().lost).toEqual([2]);
  });

  it("wakes a waiter when an update finishes", async () => {
    const tracker = new UpdateTracker();
    tracker.accept(updates(1));
    const started = Date.now();
    const waiting = tracker.changed(10_000);
    tracker.finish(1);
    await waiting;
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
