import type { Update } from "grammy/types";

/** A bounded set that forgets its oldest members first. */
class RecentIds {
  private readonly ids = new Set<number>();
  constructor(private readonly max: number) {}
  has(id: number): boolean {
    return this.ids.has(id);
  }
  add(id: number): void {
    this.ids.add(id);
    if (this.ids.size > this.max) {
      const oldest = this.ids.values().next().value;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
  }
}

export interface TrackerOptions {
  /**
   * Updates fetched but not confirmed to Telegram at most. Telegram hands out 100 updates at a
   * time from the offset on; with 50 held back, every fetch still brings 50 new ones. Past this,
   * the oldest updates are confirmed although they are still in hand.
   */
  maxUnconfirmed?: number;
  /** Update ids remembered as handled, to drop a repeat. */
  remember?: number;
  /** Ids handled before this process started (the previous one's handover). */
  handled?: Iterable<number>;
}

/**
 * Long polling confirms updates to Telegram with getUpdates' offset: everything below it is gone
 * from Telegram for good. grammY's runner moves the offset past every update as soon as it has
 * fetched it; an update still waiting in the bot (behind a chat held up by a 429) is then lost
 * when the process stops. This tracker moves the offset only past updates that are finished, so
 * that Telegram delivers again whatever a stopped process had not finished.
 *
 * The price: while an update is in hand, Telegram sends it again with every fetch; those are
 * known here and dropped (as is any update handled lately: a repeat is never handled twice).
 */
export class UpdateTracker {
  /** Fetched and not confirmed, in the order of their ids: finished or not. */
  private readonly open = new Map<number, boolean>();
  private readonly handled: RecentIds;
  /** Confirmed to Telegram while still in hand (past maxUnconfirmed): lost if the process stops first. */
  private readonly confirmedEarly = new Set<number>();
  private readonly maxUnconfirmed: number;
  private next = 0;
  private newest = -1;
  private waiters: (() => void)[] = [];

  constructor(options: TrackerOptions = {}) {
    this.maxUnconfirmed = options.maxUnconfirmed ?? 50;
    this.handled = new RecentIds(options.remember ?? 10_000);
    for (const id of options.handled ?? []) this.handled.add(id);
  }

  /** The offset for the next getUpdates: it confirms every update below it. */
  get offset(): number {
    return this.next;
  }

  /** Updates fetched and not finished yet. */
  get inHand(): number {
    let count = this.confirmedEarly.size;
    for (const finished of this.open.values()) if (!finished) count++;
    return count;
  }

  /** Takes a fetched batch; returns the updates to handle: those neither in hand nor handled already. */
  accept(updates: readonly Update[]): Update[] {
    const fresh: Update[] = [];
    for (const update of updates) {
      const id = update.update_id;
      // At or below the newest: in hand, or finished and not yet confirmed (a fetch from an
      // offset held back brings them again). Handled lately: a repeat.
      if (id <= this.newest || this.handled.has(id)) continue;
      this.newest = id;
      this.open.set(id, false);
      fresh.push(update);
    }
    this.advance();
    return fresh;
  }

  /** An update has been handled (or its handling failed: it ran). */
  finish(updateId: number): void {
    this.handled.add(updateId);
    this.confirmedEarly.delete(updateId);
    if (this.open.has(updateId)) this.open.set(updateId, true);
    this.advance();
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Resolves when an update finishes, or after `ms`, or when the signal aborts. */
  changed(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        this.waiters = this.waiters.filter((waiter) => waiter !== done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener("abort", done);
      this.waiters.push(done);
    });
  }

  /**
   * Where things stand at a stop: `unfinished` are in hand and not confirmed (Telegram delivers
   * them again), `handledAfter` are finished but not confirmed because an earlier one is not
   * (the next process must drop them), `lost` were confirmed while still in hand.
   */
  report(): { unfinished: number[]; handledAfter: number[]; lost: number[] } {
    const entries = [...this.open];
    return {
      unfinished: entries.filter(([, finished]) => !finished).map(([id]) => id),
      handledAfter: entries.filter(([, finished]) => finished).map(([id]) => id),
      lost: [...this.confirmedEarly],
    };
  }

  private advance(): void {
    for (const [id, finished] of this.open) {
      if (!finished && this.open.size <= this.maxUnconfirmed) break;
      // Finished, or too many held back: confirm it (in hand, it is now at risk at a stop).
      this.open.delete(id);
      if (!finished) this.confirmedEarly.add(id);
    }
    const [first] = this.open.keys();
    this.next = first ?? this.newest + 1;
  }
}
