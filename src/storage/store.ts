import type { Lang } from "../kernel/lang.js";

/** Everything the bot keeps about a chat itself: its id and chosen language. */
export interface ChatRecord {
  chatId: number;
  language: Lang | null;
  createdAt: Date;
}

/** All rows stored about one chat, by table, for /meine_daten. Every table that names a chat appears. */
export type ChatExport = Record<string, Record<string, unknown>[]>;

export interface UnansweredCount {
  text: string;
  count: number;
}

export type ChatKind = "private" | "group";
/** "all": every reminder; "last": only the campaign's last reminder. */
export type ReminderMode = "all" | "last";

/** A chat's wish to be reminded of a campaign's deadline ("*": to hear about new deadlines). */
export interface Subscription {
  chatId: number;
  campaignId: string;
  language: Lang;
  chatKind: ChatKind;
  mode: ReminderMode;
  createdAt: Date;
}

/** One (chat, campaign, reminder) message in the delivery log, identified by its unique key. */
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

export type DeliveryStatus = "claimed" | "sending" | "sent" | "failed" | "skipped";

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

export interface ReminderStats {
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
 * The bot's storage. Both back ends (SQLite by default, PostgreSQL when DATABASE_URL says so)
 * implement it, and one contract test suite runs against both.
 */
export interface Store {
  readonly kind: "sqlite" | "postgres";

  getChat(chatId: number): Promise<ChatRecord | undefined>;
  setLanguage(chatId: number, language: Lang): Promise<void>;
  /** Everything stored about a chat, table by table. */
  exportChat(chatId: number): Promise<ChatExport>;
  /** Deletes everything stored about a chat; true when there was something to delete. */
  deleteChat(chatId: number): Promise<boolean>;

  /**
   * Operator insight, off unless UNANSWERED_LOG_DAYS > 0: the normalised text of a question the
   * bot could not answer, with no chat or user id.
   */
  recordUnanswered(text: string, at: Date): Promise<void>;
  /** The most frequent unanswered questions since a moment. */
  unansweredReport(since: Date, limit: number): Promise<UnansweredCount[]>;
  /** Deletes unanswered questions older than a moment; returns how many. */
  pruneUnanswered(before: Date): Promise<number>;

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
  /** Every chat with an active subscription, once each (the audience of an admin broadcast). */
  activeChats(): Promise<{ chatId: number; chatKind: ChatKind }[]>;

  /**
   * Claims up to `limit` due deliveries for a worker: each (chat, campaign, reminder) is inserted
   * once into the delivery log (unique key), so no other worker or restart can claim it again.
   */
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
  /**
   * Reserves `count` send slots `intervalMs` apart on a rate limiter shared by all workers on this
   * database; returns the time (ms) of the first slot.
   */
  reserveSendSlots(limiter: string, count: number, intervalMs: number, now: number): Promise<number>;
  /** Pushes every worker's next send slot to at least `until` (after a 429 retry_after). */
  holdSendSlots(limiter: string, until: number): Promise<void>;
  reminderStats(): Promise<ReminderStats>;

  /** Throws when the database does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
