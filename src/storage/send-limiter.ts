import type { Kysely } from "kysely";
import type { Dialect } from "./dialect.js";
import type { Database } from "./schema.js";

/**
 * A rate limit shared by every sender on this database (all instances): one row per limiter
 * holds the next free send time, `next_at = max(next_at, now) + n × interval`, so the slots that
 * concurrent senders get never overlap (they queue on the row's lock).
 */
export interface SendLimiter {
  /** Reserves `count` send slots `intervalMs` apart; returns the time (ms) of the first slot. */
  reserveSendSlots(limiter: string, count: number, intervalMs: number, now: number): Promise<number>;
  /** Pushes every sender's next slot to at least `until` (after a 429 retry_after). */
  holdSendSlots(limiter: string, until: number): Promise<void>;
}

export function sendLimiter(db: Kysely<Database>, dialect: Dialect): SendLimiter {
  return {
    async reserveSendSlots(limiter, count, intervalMs, now) {
      // Whole milliseconds: 1000 / REMINDER_RATE is fractional for most rates (30/s → 33.3 ms).
      const start = Math.round(now);
      const span = Math.ceil(count * intervalMs);
      const row = await db
        .insertInto("send_limiter")
        .values({ name: limiter, next_at: start + span })
        .onConflict((oc) =>
          oc.column("name").doUpdateSet((eb) => ({
            next_at: eb(dialect.greatest(eb.ref("send_limiter.next_at"), eb.val(start)), "+", span),
          })),
        )
        .returning((eb) => eb("next_at", "-", span).as("first"))
        .executeTakeFirstOrThrow();
      return Number(row.first);
    },

    async holdSendSlots(limiter, until) {
      await db
        .insertInto("send_limiter")
        .values({ name: limiter, next_at: Math.ceil(until) })
        .onConflict((oc) =>
          oc.column("name").doUpdateSet((eb) => ({
            next_at: dialect.greatest(eb.ref("send_limiter.next_at"), eb.ref("excluded.next_at")),
          })),
        )
        .execute();
    },
  };
}
