import type { Kysely } from "kysely";
import type { Database } from "./schema.js";

export interface UnansweredCount {
  text: string;
  count: number;
}

/**
 * Operator insight, off unless UNANSWERED_LOG_DAYS > 0: the normalised text of questions the bot
 * could not answer, with no chat or user id.
 */
export interface UnansweredLog {
  recordUnanswered(text: string, at: Date): Promise<void>;
  /** The most frequent unanswered questions since a moment, most frequent first. */
  unansweredReport(since: Date, limit: number): Promise<UnansweredCount[]>;
  /** Deletes unanswered questions older than a moment; returns how many. */
  pruneUnanswered(before: Date): Promise<number>;
}

export function unansweredLog(db: Kysely<Database>): UnansweredLog {
  return {
    async recordUnanswered(text, at) {
      await db.insertInto("unanswered_questions").values({ text, asked_at: at.getTime() }).execute();
    },

    async unansweredReport(since, limit) {
      const rows = await db
        .selectFrom("unanswered_questions")
        .select((eb) => ["text", eb.fn.countAll<number>().as("count")])
        .where("asked_at", ">=", since.getTime())
        .groupBy("text")
        .orderBy("count", "desc")
        .orderBy("text")
        .limit(limit)
        .execute();
      return rows.map((r) => ({ text: r.text, count: Number(r.count) }));
    },

    async pruneUnanswered(before) {
      const result = await db
        .deleteFrom("unanswered_questions")
        .where("asked_at", "<", before.getTime())
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
