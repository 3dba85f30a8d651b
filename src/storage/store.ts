import { type Kysely, sql } from "kysely";
import { type BroadcastStore, broadcastStore } from "./broadcasts.js";
import { type ChatStore, chatStore } from "./chats.js";
import { type DeliveryLog, deliveryLog } from "./delivery-log.js";
import type { Dialect } from "./dialect.js";
import type { Database } from "./schema.js";
import { type SendLimiter, sendLimiter } from "./send-limiter.js";
import { type SubscriptionStore, subscriptionStore } from "./subscriptions.js";
import { type UnansweredLog, unansweredLog } from "./unanswered.js";
import { type UpdateLog, updateLog } from "./updates.js";

export type {
  Broadcast,
  BroadcastDelivery,
  BroadcastProgress,
  BroadcastStore,
  BroadcastText,
} from "./broadcasts.js";
export type { ChatExport, ChatRecord, ChatStore } from "./chats.js";
export type {
  Claim,
  DeliveryKey,
  DeliveryLog,
  DeliveryStats,
  DeliveryStatus,
  DueQuery,
} from "./delivery-log.js";
export type { SendLimiter } from "./send-limiter.js";
export type { ChatKind, ReminderMode, Subscription, SubscriptionStore } from "./subscriptions.js";
export type { UnansweredCount, UnansweredLog } from "./unanswered.js";
export type { UpdateClaim, UpdateLog } from "./updates.js";

/**
 * The bot's storage: one object with every concern, each written once (chats.ts,
 * subscriptions.ts, delivery-log.ts, broadcasts.ts, send-limiter.ts, unanswered.ts, updates.ts) against both databases
 * (SQLite by default, PostgreSQL when DATABASE_URL says so). One contract suite runs against both.
 * Parts of the bot that need one concern take that interface, not the whole store.
 */
export interface Store
  extends ChatStore,
    SubscriptionStore,
    DeliveryLog,
    BroadcastStore,
    SendLimiter,
    UnansweredLog,
    UpdateLog {
  readonly kind: Dialect["kind"];
  /** Throws when the database does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The store over a Kysely instance of either database. */
export function storeOver(db: Kysely<Database>, dialect: Dialect): Store {
  let closed = false;
  return {
    kind: dialect.kind,
    ...chatStore(db),
    ...subscriptionStore(db),
    ...deliveryLog(db, dialect),
    ...broadcastStore(db, dialect),
    ...sendLimiter(db, dialect),
    ...unansweredLog(db),
    ...updateLog(db),
    async ping() {
      // Kysely would quietly connect again after destroy(); a closed store is down.
      if (closed) throw new Error("the store is closed");
      await sql`SELECT 1`.execute(db);
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}

export { broadcastCampaign } from "./broadcasts.js";
export { announcementKey } from "./delivery-log.js";
export { newDeadlinesCampaign } from "./subscriptions.js";
