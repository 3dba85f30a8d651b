import { type Kysely, sql } from "kysely";
import type { Lang } from "../kernel/lang.js";
import { FALSE, TRUE } from "./dialect.js";
import type { ChatKind, Database, ReminderMode } from "./schema.js";

export type { ChatKind, ReminderMode } from "./schema.js";

/** The campaign id of the wish "tell me when a new deadline is published". */
export const newDeadlinesCampaign = "*";

/** A chat's wish to be reminded of a campaign's deadline ("*": to hear about new deadlines). */
export interface Subscription {
  chatId: number;
  campaignId: string;
  language: Lang;
  chatKind: ChatKind;
  mode: ReminderMode;
  createdAt: Date;
}

export interface SubscriptionStore {
  /** Subscribes a chat (or reactivates it); true when it was not actively subscribed before. */
  subscribe(sub: Omit<Subscription, "createdAt">, at: Date): Promise<boolean>;
  /** The chat's active subscriptions. */
  subscriptions(chatId: number): Promise<Subscription[]>;
  /** Changes the mode of all the chat's campaign subscriptions. */
  setReminderMode(chatId: number, mode: ReminderMode): Promise<void>;
  /** Ends all the chat's subscriptions (its own wish); returns how many were active. */
  unsubscribe(chatId: number): Promise<number>;
  /** The bot was blocked or removed: the chat's subscriptions end for good (until it subscribes again). */
  deactivateChat(chatId: number, at: Date): Promise<number>;
}

export function subscriptionStore(db: Kysely<Database>): SubscriptionStore {
  return {
    async subscribe(sub, at) {
      return db.transaction().execute(async (trx) => {
        const before = await trx
          .selectFrom("subscriptions")
          .select("active")
          .where("chat_id", "=", sub.chatId)
          .where("campaign_id", "=", sub.campaignId)
          .executeTakeFirst();
        // An active subscription keeps its start and mode: asking again changes nothing.
        await trx
          .insertInto("subscriptions")
          .values({
            chat_id: sub.chatId,
            campaign_id: sub.campaignId,
            language: sub.language,
            chat_kind: sub.chatKind,
            mode: sub.mode,
            active: TRUE,
            created_at: at.getTime(),
          })
          .onConflict((oc) =>
            oc.columns(["chat_id", "campaign_id"]).doUpdateSet((eb) => ({
              language: eb.ref("excluded.language"),
              chat_kind: eb.ref("excluded.chat_kind"),
              mode: sql`CASE WHEN subscriptions.active THEN subscriptions.mode ELSE excluded.mode END`,
              created_at: sql`CASE WHEN subscriptions.active THEN subscriptions.created_at ELSE excluded.created_at END`,
              active: TRUE,
              ended_at: null,
            })),
          )
          .execute();
        return !before?.active;
      });
    },

    async subscriptions(chatId) {
      const rows = await db
        .selectFrom("subscriptions")
        .select(["chat_id", "campaign_id", "language", "chat_kind", "mode", "created_at"])
        .where("chat_id", "=", chatId)
        .where("active", "=", TRUE)
        .orderBy("campaign_id")
        .execute();
      return rows.map((r) => ({
        chatId: r.chat_id,
        campaignId: r.campaign_id,
        language: r.language,
        chatKind: r.chat_kind,
        mode: r.mode,
        createdAt: new Date(r.created_at),
      }));
    },

    async setReminderMode(chatId, mode) {
      await db
        .updateTable("subscriptions")
        .set({ mode })
        .where("chat_id", "=", chatId)
        .where("campaign_id", "<>", newDeadlinesCampaign)
        .execute();
    },

    async unsubscribe(chatId) {
      // The chat's own wish: nothing of the subscription is kept (the delivery log stays, so that
      // subscribing again the same day cannot repeat a reminder).
      const result = await db
        .deleteFrom("subscriptions")
        .where("chat_id", "=", chatId)
        .where("active", "=", TRUE)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async deactivateChat(chatId, at) {
      const result = await db
        .updateTable("subscriptions")
        .set({ active: FALSE, ended_at: at.getTime() })
        .where("chat_id", "=", chatId)
        .where("active", "=", TRUE)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
}
