import type { Clock } from "../../kernel/clock.js";

/**
 * A sliding-window limit per chat: at most `limit` messages in any `windowMs`. Telegram allows a
 * bot about 20 messages a minute in one group; over that it answers 429 and may hold the bot back.
 *
 * Written here rather than taken from a plugin because the group limit must *drop* replies (a late
 * answer in a busy group is noise), read the injected clock (tests step time without waiting) and
 * count outgoing messages, not incoming updates: @grammyjs/transformer-throttler queues instead,
 * and @grammyjs/ratelimiter counts incoming updates on wall-clock timers.
 */
export class ChatRateLimiter {
  private readonly sent = new Map<number, number[]>();

  constructor(
    private readonly clock: Clock,
    readonly limit = 20,
    readonly windowMs = 60_000,
    /** Chats remembered at most; beyond that, chats with no recent message are forgotten first. */
    private readonly maxChats = 10_000,
  ) {}

  /** Takes one message from the chat's budget; false when the chat has none left right now. */
  tryTake(chatId: number): boolean {
    const now = this.clock().getTime();
    const recent = this.recent(chatId, now);
    if (recent.length >= this.limit) return false;
    recent.push(now);
    this.sent.set(chatId, recent);
    if (this.sent.size > this.maxChats) this.prune(now);
    return true;
  }

  private recent(chatId: number, now: number): number[] {
    return (this.sent.get(chatId) ?? []).filter((at) => now - at < this.windowMs);
  }

  private prune(now: number): void {
    for (const [chatId, times] of this.sent) {
      if (times.every((at) => now - at >= this.windowMs)) this.sent.delete(chatId);
    }
    // Still too many busy chats: forget the oldest entries (Map keeps insertion order).
    for (const chatId of this.sent.keys()) {
      if (this.sent.size <= this.maxChats) break;
      this.sent.delete(chatId);
    }
  }
}
