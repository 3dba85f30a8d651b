import type { Kysely } from "kysely";
import type { Database } from "./schema.js";

/** What a webhook request may do with an update: handle it, drop it as a repeat, or come back later. */
export type UpdateClaim = "new" | "done" | "busy";

/**
 * The ids of updates handled lately (ids only: no content, no sender), so that an update Telegram
 * delivers again is not answered again — by this instance, another one behind the same webhook,
 * or the next process after a restart. Rows older than a day are pruned: Telegram keeps an update
 * at most 24 hours.
 */
export interface UpdateLog {
  /**
   * Claims an update for handling: "new" the first time, or when the instance that claimed it
   * left it unfinished for longer than `staleBefore` allows (it crashed); "done" when it has been
   * handled; "busy" while another request is handling it.
   */
  claimUpdate(updateId: number, at: Date, staleBefore: Date): Promise<UpdateClaim>;
  finishUpdate(updateId: number, at: Date): Promise<void>;
  /** Gives up unfinished claims (a shutdown cut them off): Telegram's next delivery is handled. */
  releaseUpdates(updateIds: number[]): Promise<void>;
  /** Records updates as handled (polling, at shutdown, for those handled after one that was not). */
  recordHandledUpdates(updateIds: number[], at: Date): Promise<void>;
  /** Handled update ids from `since` on, the newest `limit` (polling reads them at start). */
  handledUpdates(since: Date, limit: number): Promise<number[]>;
  /** Deletes the ids of updates claimed before a moment; returns how many. */
  pruneUpdates(before: Date): Promise<number>;
}

export function updateLog(db: Kysely<Database>): UpdateLog {
  return {
    async claimUpdate(updateId, at, staleBefore) {
      const inserted = await db
        .insertInto("handled_updates")
        .values({ update_id: updateId, claimed_at: at.getTime() })
        .onConflict((oc) => oc.column("update_id").doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0) return "new";
      // Seen before: take it over only if its claim is stale (conditional, so only one request does).
      const taken = await db
        .updateTable("handled_updates")
        .set({ claimed_at: at.getTime() })
        .where("update_id", "=", updateId)
        .where("finished_at", "is", null)
        .where("claimed_at", "<", staleBefore.getTime())
        .executeTakeFirst();
      if (Number(taken.numUpdatedRows) > 0) return "new";
      const row = await db
        .selectFrom("handled_updates")
        .select("finished_at")
        .where("update_id", "=", updateId)
        .executeTakeFirst();
      return row?.finished_at === null ? "busy" : "done";
    },

    async finishUpdate(updateId, at) {
      await db
        .updateTable("handled_updates")
        .set({ finished_at: at.getTime() })
        .where("update_id", "=", updateId)
        .execute();
    },

    async releaseUpdates(updateIds) {
      if (updateIds.length === 0) return;
      await db
        .deleteFrom("handled_updates")
        .where("update_id", "in", updateIds)
        .where("finished_at", "is", null)
        .execute();
    },

    async recordHandledUpdates(updateIds, at) {
      if (updateIds.length === 0) return;
      await db
        .insertInto("handled_updates")
        .values(
          updateIds.map((id) => ({ update_id: id, claimed_at: at.getTime(), finished_at: at.getTime() })),
        )
        .onConflict((oc) => oc.column("update_id").doUpdateSet({ finished_at: at.getTime() }))
        .execute();
    },

    async handledUpdates(since, limit) {
      const rows = await db
        .selectFrom("handled_updates")
        .select("update_id")
        .where("finished_at", "is not", null)
        .where("claimed_at", ">=", since.getTime())
        .orderBy("update_id", "desc")
        .limit(limit)
        .execute();
      return rows.map((r) => Number(r.update_id));
    },

    async pruneUpdates(before) {
      const result = await db
        .deleteFrom("handled_updates")
        .where("claimed_at", "<", before.getTime())
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
