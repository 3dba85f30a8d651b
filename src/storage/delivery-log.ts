import { type Kysely, sql } from "kysely";
import type { Lang } from "../kernel/lang.js";
import { broadcastCampaign } from "./broadcasts.js";
import { type Dialect, TRUE } from "./dialect.js";
import type { ChatKind, Database, DeliveryStatus } from "./schema.js";
import { skipUnsubscribed } from "./skip-unsubscribed.js";
import { newDeadlinesCampaign } from "./subscriptions.js";

export type { DeliveryStatus } from "./schema.js";

/** The delivery key of the one-time announcement of a newly published deadline. */
export const announcementKey = "announce";

/**
 * One message to one chat in the delivery log, identified by its unique key. Reminders use
 * (chat, campaign, offset); a broadcast uses (chat, "#broadcast", its id).
 */
export interface DeliveryKey {
  chatId: number;
  campaignId: string;
  /** The reminder's offset ("P7D") or "announce". */
  reminder: string;
}

/** A delivery this worker has claimed and may now send. */
export interface Claim extends DeliveryKey {
  language: Lang;
  chatKind: ChatKind;
}

/** Which subscribers owe a message for one reminder slot. */
export interface DueQuery {
  campaignId: string;
  reminder: string;
  /** Subscriptions to this campaign id get it: the campaign itself, or "*" for announcements. */
  audience: string;
  /** Only subscriptions created at or before this moment. */
  subscribedBy: Date;
  /** Whether subscribers in mode "last" get it too. */
  includeLastOnly: boolean;
  /** Announcements skip chats already subscribed to the campaign. */
  unlessSubscribed: boolean;
}

export interface DeliveryStats {
  /** Chats with at least one active subscription. */
  subscribers: number;
  /** Of those, chats waiting to hear about a new deadline. */
  waitingForDeadline: number;
  sent: number;
  failed: number;
  skipped: number;
  /** Claimed or being sent right now. */
  inProgress: number;
}

/**
 * The delivery log: each (chat, campaign, reminder) is claimed once (unique key) before it is
 * sent, marked "sending" right before the request and "sent" or "failed" after it, so that no
 * worker, instance or restart sends it twice.
 */
export interface DeliveryLog {
  /** Claims up to `limit` due deliveries for a worker. */
  claimDue(query: DueQuery, limit: number, worker: string, at: Date): Promise<Claim[]>;
  /** Takes over claims of a slot that were never sent and are older than `staleBefore` (a crashed worker's). */
  recoverClaims(
    campaignId: string,
    reminder: string,
    staleBefore: Date,
    worker: string,
    at: Date,
  ): Promise<Claim[]>;
  /** Marks a claim as being sent, only if this worker still holds it; false when another took it over. */
  markSending(key: DeliveryKey, worker: string, at: Date): Promise<boolean>;
  /**
   * Puts a claim back to "claimed" unsent, only if this worker still holds it: with `claimedAt`
   * = now to retry it later itself (after a 429 or 5xx), with new Date(0) to hand it to any
   * worker's recovery at once (on shutdown).
   */
  releaseClaim(key: DeliveryKey, worker: string, claimedAt: Date): Promise<void>;
  /** The outcome of a send. */
  finishDelivery(key: DeliveryKey, status: "sent" | "failed", at: Date, error?: string): Promise<void>;
  /**
   * Closes a slot whose window has passed: subscribers who should have had it are logged as
   * skipped, unsent claims become skipped; returns how many were skipped.
   */
  skipStale(query: DueQuery, at: Date): Promise<number>;
  /** Sends that were interrupted (status "sending" since before `staleBefore`) are failed, not repeated. */
  failInterrupted(staleBefore: Date, at: Date): Promise<number>;
  /** Reminders and announcements (broadcasts have their own figures: recentBroadcasts). */
  reminderStats(): Promise<DeliveryStats>;
}

const count = (result: { numUpdatedRows: bigint } | { numInsertedOrUpdatedRows?: bigint | undefined }) =>
  Number("numUpdatedRows" in result ? result.numUpdatedRows : (result.numInsertedOrUpdatedRows ?? 0n));

export function deliveryLog(db: Kysely<Database>, dialect: Dialect): DeliveryLog {
  /** Subscribers of the query's audience who owe this delivery and have no log row for it yet. */
  const due = (q: DueQuery, trx: Kysely<Database> = db) =>
    trx
      .selectFrom("subscriptions as s")
      .where("s.campaign_id", "=", q.audience)
      .where("s.active", "=", TRUE)
      .where("s.created_at", "<=", q.subscribedBy.getTime())
      .$if(!q.includeLastOnly, (qb) => qb.where("s.mode", "=", "all"))
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("deliveries as d")
              .select("d.chat_id")
              .whereRef("d.chat_id", "=", "s.chat_id")
              .where("d.campaign_id", "=", q.campaignId)
              .where("d.reminder", "=", q.reminder),
          ),
        ),
      )
      .$if(q.unlessSubscribed, (qb) =>
        qb.where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom("subscriptions as o")
                .select("o.chat_id")
                .whereRef("o.chat_id", "=", "s.chat_id")
                .where("o.campaign_id", "=", q.campaignId)
                .where("o.active", "=", TRUE),
            ),
          ),
        ),
      );

  const byKey = (key: DeliveryKey) =>
    db
      .updateTable("deliveries")
      .where("chat_id", "=", key.chatId)
      .where("campaign_id", "=", key.campaignId)
      .where("reminder", "=", key.reminder);

  const statusCount = (rows: { status: string; n: number }[], ...statuses: DeliveryStatus[]) =>
    rows
      .filter((r) => statuses.includes(r.status as DeliveryStatus))
      .reduce((sum, r) => sum + Number(r.n), 0);

  return {
    async claimDue(query, limit, worker, at) {
      return db.transaction().execute(async (trx) => {
        await dialect.serialiseClaims(trx);
        const candidates = await due(query, trx)
          .select(["s.chat_id", "s.language", "s.chat_kind"])
          .orderBy("s.chat_id")
          .limit(limit)
          .execute();
        if (candidates.length === 0) return [];
        const inserted = await trx
          .insertInto("deliveries")
          .values(
            candidates.map((c) => ({
              chat_id: c.chat_id,
              campaign_id: query.campaignId,
              reminder: query.reminder,
              status: "claimed" as const,
              claimed_by: worker,
              claimed_at: at.getTime(),
            })),
          )
          .onConflict((oc) => oc.doNothing())
          .returning("chat_id")
          .execute();
        const claimed = new Set(inserted.map((r) => r.chat_id));
        return candidates
          .filter((c) => claimed.has(c.chat_id))
          .map((c) => ({
            chatId: c.chat_id,
            campaignId: query.campaignId,
            reminder: query.reminder,
            language: c.language,
            chatKind: c.chat_kind,
          }));
      });
    },

    async recoverClaims(campaignId, reminder, staleBefore, worker, at) {
      // A conditional UPDATE: of two workers recovering at once, the second finds claimed_at
      // already renewed and takes nothing.
      const taken = await db
        .updateTable("deliveries")
        .set({ claimed_by: worker, claimed_at: at.getTime() })
        .where("campaign_id", "=", campaignId)
        .where("reminder", "=", reminder)
        .where("status", "=", "claimed")
        .where("claimed_at", "<", staleBefore.getTime())
        .returning("chat_id")
        .execute();
      if (taken.length === 0) return [];
      const chatIds = taken.map((r) => r.chat_id).sort((a, b) => a - b);
      const audience = reminder === announcementKey ? newDeadlinesCampaign : campaignId;
      const subscribed = new Map(
        (
          await db
            .selectFrom("subscriptions")
            .select(["chat_id", "language", "chat_kind"])
            .where("campaign_id", "=", audience)
            .where("active", "=", TRUE)
            .where("chat_id", "in", chatIds)
            .execute()
        ).map((s) => [s.chat_id, s]),
      );
      const gone = chatIds.filter((chatId) => !subscribed.has(chatId));
      await skipUnsubscribed(db, { campaignId, reminder }, gone, at);
      return [...subscribed.values()]
        .sort((a, b) => a.chat_id - b.chat_id)
        .map((s) => ({
          chatId: s.chat_id,
          campaignId,
          reminder,
          language: s.language,
          chatKind: s.chat_kind,
        }));
    },

    async markSending(key, worker, at) {
      const result = await byKey(key)
        .set({ status: "sending", claimed_at: at.getTime() })
        .where("status", "=", "claimed")
        .where("claimed_by", "=", worker)
        .executeTakeFirst();
      return count(result) > 0;
    },

    async releaseClaim(key, worker, claimedAt) {
      await byKey(key)
        .set({ status: "claimed", claimed_at: claimedAt.getTime() })
        .where("status", "in", ["claimed", "sending"])
        .where("claimed_by", "=", worker)
        .execute();
    },

    async finishDelivery(key, status, at, error) {
      await byKey(key)
        .set({ status, finished_at: at.getTime(), error: error ?? null })
        .execute();
    },

    async skipStale(query, at) {
      return db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto("deliveries")
          .columns(["chat_id", "campaign_id", "reminder", "status", "finished_at", "error"])
          .expression(
            due(query, trx).select((eb) => [
              "s.chat_id",
              eb.val(query.campaignId).as("campaign_id"),
              eb.val(query.reminder).as("reminder"),
              sql.lit("skipped").as("status"),
              eb.val(at.getTime()).as("finished_at"),
              sql.lit("window passed").as("error"),
            ]),
          )
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst();
        const unsent = await trx
          .updateTable("deliveries")
          .set({ status: "skipped", finished_at: at.getTime(), error: "window passed" })
          .where("campaign_id", "=", query.campaignId)
          .where("reminder", "=", query.reminder)
          .where("status", "=", "claimed")
          .executeTakeFirst();
        return count(inserted) + count(unsent);
      });
    },

    async failInterrupted(staleBefore, at) {
      const result = await db
        .updateTable("deliveries")
        .set({ status: "failed", finished_at: at.getTime(), error: "interrupted while sending" })
        .where("status", "=", "sending")
        .where("claimed_at", "<", staleBefore.getTime())
        .executeTakeFirst();
      return count(result);
    },

    async reminderStats() {
      const subs = await db
        .selectFrom("subscriptions")
        .select((eb) => [
          eb.fn.count<number>("chat_id").distinct().as("subscribers"),
          sql<number>`COUNT(DISTINCT CASE WHEN campaign_id = ${newDeadlinesCampaign} THEN chat_id END)`.as(
            "waiting",
          ),
        ])
        .where("active", "=", TRUE)
        .executeTakeFirst();
      const rows = await db
        .selectFrom("deliveries")
        .select((eb) => ["status", eb.fn.countAll<number>().as("n")])
        .where("campaign_id", "<>", broadcastCampaign)
        .groupBy("status")
        .execute();
      return {
        subscribers: Number(subs?.subscribers ?? 0),
        waitingForDeadline: Number(subs?.waiting ?? 0),
        sent: statusCount(rows, "sent"),
        failed: statusCount(rows, "failed"),
        skipped: statusCount(rows, "skipped"),
        inProgress: statusCount(rows, "claimed", "sending"),
      };
    },
  };
}
