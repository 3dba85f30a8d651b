import type { Transformer } from "grammy";
import type { Clock } from "../kernel/clock.js";
import { countsAsMessage } from "./middleware/group-budget.js";

export interface ChatPaceOptions {
  clock?: Clock;
  sleep?: (ms: number) => Promise<void>;
  /** Least time between two messages to one private chat. */
  intervalMs?: number;
  /** Chats remembered at most; beyond that, chats with no message pending are forgotten. */
  maxChats?: number;
}

/**
 * The bot's own replies to one private chat go out at most one a second, as Telegram asks ("avoid
 * sending more than one message per second" to the same chat; over it, 429). A person pressing a
 * button twenty times in a few seconds gets the twenty answers in order, a second apart, instead
 * of a burst that Telegram answers with 429s. An API transformer: messages wait for their turn
 * (none is dropped), installed inside auto-retry so that a retry waits its turn too. Groups keep
 * their own budget (middleware/group-budget.ts: 20 a minute, over it dropped).
 *
 * Written here rather than taken from @grammyjs/transformer-throttler: that plugin also throttles
 * all calls together to 30 a second (replies to users are not bulk messages and may go faster),
 * and it reads the wall clock through bottleneck, so tests could not step time.
 * The interval is 1.1 s: the requests' way to Telegram varies, and 1.0 s would let two arrive
 * closer than a second.
 */
export function paceChats(options: ChatPaceOptions = {}): Transformer {
  const clock = options.clock ?? (() => new Date());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const intervalMs = options.intervalMs ?? 1100;
  const maxChats = options.maxChats ?? 10_000;
  /** Per private chat: the earliest moment its next message may go. */
  const next = new Map<number, number>();
  return async (prev, method, payload, signal) => {
    const chat = Number((payload as { chat_id?: unknown } | undefined)?.chat_id);
    if (countsAsMessage(method) && chat > 0) {
      const now = clock().getTime();
      // The turn is taken before waiting, so that messages to one chat keep their order.
      const at = Math.max(now, next.get(chat) ?? 0);
      next.delete(chat);
      next.set(chat, at + intervalMs);
      if (next.size > maxChats) {
        for (const [id, free] of next) if (free <= now) next.delete(id);
      }
      if (at > now) await sleep(at - now);
    }
    return prev(method, payload, signal);
  };
}
