import { type Kysely, type SelectQueryBuilder, sql } from "kysely";
import { type Dialect, TRUE } from "./dialect.js";
import type { ChatKind, Database, DeliveryStatus } from "./schema.js";
import { skipUnsubscribed } from "./skip-unsubscribed.js";

/**
 * The campaign id under which a broadcast's deliveries are kept in the delivery log (the
 * broadcast's id is the "reminder" part of the key). Content ids are lowercase words, so it
 * never meets a campaign.
 */
export const broadcastCampaign = "#broadcast";

/** An operator's message to every subscriber, as typed: plain text with Telegram's entities. */
export interface BroadcastText {
  text: string;
  /** Telegram's formatting entities, kept as JSON. */
  entities: unknown[];
}

export interface Broadcast extends BroadcastText {
  id: number;
  /** How many chats it went to (every chat with an active subscription when it was confirmed). */
  recipients: number;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface BroadcastProgress {
  id: number;
  recipients: number;
  createdAt: Date;
  finishedAt: Date | null;
  sent: number;
  failed: number;
  /** Unsubscribed or blocked since the broadcast was confirmed. */
  skipped: number;
  /** Not sent yet: waiting, or being sent right now. */
  pending: number;
}

/** One delivery of a broadcast taken by a worker: the delivery log's key and how to pace the chat. */
export interface BroadcastDelivery {
  chatId: number;
  campaignId: string;
  reminder: string;
  chatKind: ChatKind;
}

/**
 * Broadcasts recorded per recipient, like reminders: confirming one claims a delivery to every
 * subscribed chat in the delivery log (unique key, nobody holding it yet); workers take them in
 * batches and mark them sending, then sent or failed; a restart or another instance carries on
 * with whatever is left, and nothing is sent twice.
 */
export interface BroadcastStore {
  /** Records the broadcast and one unsent delivery for every chat with an active subscription. */
  createBroadcast(message: BroadcastText, at: Date): Promise<Broadcast>;
  /** Broadcasts with deliveries still to make, oldest first. */
  openBroadcasts(): Promise<Broadcast[]>;
  /**
   * Takes up to `limit` of a broadcast's deliveries for a worker: those nobody has taken, those
   * handed back, and those of a worker whose claim is older than `staleBefore` (it crashed).
   * `resumed` says that one had been another worker's: the broadcast was interrupted and goes on.
   * Chats that are no longer subscribed are skipped instead.
   */
  takeBroadcastDeliveries(
    broadcastId: number,
    limit: number,
    worker: string,
    staleBefore: Date,
    at: Date,
  ): Promise<{ deliveries: BroadcastDelivery[]; resumed: boolean }>;
  /** Marks the broadcast finished once none of its deliveries is left; true only for the call that did. */
  finishBroadcast(broadcastId: number, at: Date): Promise<boolean>;
  /** The newest broadcasts with their progress, newest first. */
  recentBroadcasts(limit: number): Promise<BroadcastProgress[]>;
  broadcastProgress(broadcastId: number): Promise<BroadcastProgress | undefined>;
}

const count = (result: { numUpdatedRows?: bigint; numInsertedOrUpdatedRows?: bigint }) =>
  Number(result.numUpdatedRows ?? result.numInsertedOrUpdatedRows ?? 0n);

export function broadcastStore(db: Kysely<Database>, dialect: Dialect): BroadcastStore {
  const deliveriesOf = (trx: Kysely<Database>, broadcastId: number) =>
    trx
      .selectFrom("deliveries")
      .where("campaign_id", "=", broadcastCampaign)
      .where("reminder", "=", String(broadcastId));

  const toBroadcast = (row: {
    id: number;
    text: string;
    entities: string;
    recipients: number;
    created_at: number;
    finished_at: number | null;
  }): Broadcast => ({
    id: Number(row.id),
    text: row.text,
    entities: JSON.parse(row.entities) as unknown[],
    recipients: Number(row.recipients),
    createdAt: new Date(Number(row.created_at)),
    finishedAt: row.finished_at === null ? null : new Date(Number(row.finished_at)),
  });

  /** The broadcasts this query selects, each with its deliveries counted by status. */
  const progressOf = async (
    query: SelectQueryBuilder<Database, "broadcasts", object>,
  ): Promise<BroadcastProgress[]> => {
    const broadcasts = await query.select(["id", "recipients", "created_at", "finished_at"]).execute();
    if (broadcasts.length === 0) return [];
    const rows = await db
      .selectFrom("deliveries")
      .select((eb) => ["reminder", "status", eb.fn.countAll<number>().as("n")])
      .where("campaign_id", "=", broadcastCampaign)
      .where(
        "reminder",
        "in",
        broadcasts.map((b) => String(b.id)),
      )
      .groupBy(["reminder", "status"])
      .execute();
    const tally = (id: number, ...statuses: DeliveryStatus[]) =>
      rows
        .filter((r) => r.reminder === String(id) && statuses.includes(r.status))
        .reduce((sum, r) => sum + Number(r.n), 0);
    return broadcasts.map((b) => {
      const id = Number(b.id);
      return {
        id,
        recipients: Number(b.recipients),
        createdAt: new Date(Number(b.created_at)),
        finishedAt: b.finished_at === null ? null : new Date(Number(b.finished_at)),
        sent: tally(id, "sent"),
        failed: tally(id, "failed"),
        skipped: tally(id, "skipped"),
        pending: tally(id, "claimed", "sending"),
      };
    });
  };

  return {
    async createBroadcast(message, at) {
      return db.transaction().execute(async (trx) => {
        const { id } = await trx
          .insertInto("broadcasts")
          .values({
            text: message.text,
            entities: JSON.stringify(message.entities),
            recipients: 0,
            created_at: at.getTime(),
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        // claimed_at 0 and nobody's: any worker may take it at once.
        const inserted = await trx
          .insertInto("deliveries")
          .columns(["chat_id", "campaign_id", "reminder", "status", "claimed_at"])
          .expression(
            trx
              .selectFrom("subscriptions")
              .select((eb) => [
                "chat_id",
                eb.val(broadcastCampaign).as("campaign_id"),
                eb.val(String(id)).as("reminder"),
                sql.lit("claimed").as("status"),
                sql.lit(0).as("claimed_at"),
              ])
              .where("active", "=", TRUE)
              .groupBy("chat_id"),
          )
          .executeTakeFirst();
        const recipients = count(inserted);
        await trx.updateTable("broadcasts").set({ recipients }).where("id", "=", id).execute();
        return {
          id: Number(id),
          ...message,
          recipients,
          createdAt: at,
          finishedAt: null,
        };
      });
    },

    async openBroadcasts() {
      const rows = await db
        .selectFrom("broadcasts")
        .selectAll()
        .where("finished_at", "is", null)
        .orderBy("id")
        .execute();
      return rows.map(toBroadcast);
    },

    async takeBroadcastDeliveries(broadcastId, limit, worker, staleBefore, at) {
      const reminder = String(broadcastId);
      return db.transaction().execute(async (trx) => {
        await dialect.serialiseClaims(trx);
        const candidates = await deliveriesOf(trx, broadcastId)
          .select(["chat_id", "claimed_by"])
          .where("status", "=", "claimed")
          .where("claimed_at", "<", staleBefore.getTime())
          .orderBy("chat_id")
          .limit(limit)
          .execute();
        if (candidates.length === 0) return { deliveries: [], resumed: false };
        const chatIds = candidates.map((c) => c.chat_id);
        // Conditional: a claim another worker renewed in the meantime stays its own.
        const taken = new Set(
          (
            await trx
              .updateTable("deliveries")
              .set({ claimed_by: worker, claimed_at: at.getTime() })
              .where("campaign_id", "=", broadcastCampaign)
              .where("reminder", "=", reminder)
              .where("chat_id", "in", chatIds)
              .where("status", "=", "claimed")
              .where("claimed_at", "<", staleBefore.getTime())
              .returning("chat_id")
              .execute()
          ).map((r) => r.chat_id),
        );
        if (taken.size === 0) return { deliveries: [], resumed: false };
        const subscribed = new Map(
          (
            await trx
              .selectFrom("subscriptions")
              .select((eb) => ["chat_id", eb.fn.min("chat_kind").as("chat_kind")])
              .where("active", "=", TRUE)
              .where("chat_id", "in", [...taken])
              .groupBy("chat_id")
              .execute()
          ).map((s) => [s.chat_id, s.chat_kind as ChatKind]),
        );
        const gone = [...taken].filter((chatId) => !subscribed.has(chatId));
        await skipUnsubscribed(trx, { campaignId: broadcastCampaign, reminder }, gone, at);
        const deliveries = [...subscribed]
          .sort(([a], [b]) => a - b)
          .map(([chatId, chatKind]) => ({ chatId, campaignId: broadcastCampaign, reminder, chatKind }));
        const resumed = candidates.some(
          (c) => subscribed.has(c.chat_id) && c.claimed_by !== null && c.claimed_by !== worker,
        );
        return { deliveries, resumed };
      });
    },

    async finishBroadcast(broadcastId, at) {
      const result = await db
        .updateTable("broadcasts")
        .set({ finished_at: at.getTime() })
        .where("id", "=", broadcastId)
        .where("finished_at", "is", null)
        .where(({ not, exists }) =>
          not(
            exists(
              deliveriesOf(db, broadcastId).select("chat_id").where("status", "in", ["claimed", "sending"]),
            ),
          ),
        )
        .executeTakeFirst();
      return count(result) > 0;
    },

    async recentBroadcasts(limit) {
      return progressOf(db.selectFrom("broadcasts").orderBy("id", "desc").limit(limit));
    },

    async broadcastProgress(broadcastId) {
      const [progress] = await progressOf(db.selectFrom("broadcasts").where("id", "=", broadcastId));
      return progress;
    },
  };
}
