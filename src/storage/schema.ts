import type { Generated } from "kysely";
import type { Lang } from "../kernel/lang.js";

export type ChatKind = "private" | "group";
/** "all": every reminder; "last": only the campaign's last reminder. */
export type ReminderMode = "all" | "last";
export type DeliveryStatus = "claimed" | "sending" | "sent" | "failed" | "skipped";

/**
 * The tables as the queries see them (one definition for both databases). Times are epoch
 * milliseconds; `active` is a BOOLEAN in PostgreSQL and 0/1 in SQLite, so queries compare it
 * with the SQL keywords TRUE and FALSE, which both understand.
 */
export interface Database {
  chats: { chat_id: number; language: Lang | null; created_at: number };
  subscriptions: {
    chat_id: number;
    campaign_id: string;
    language: Lang;
    chat_kind: ChatKind;
    mode: ReminderMode;
    active: boolean | number;
    created_at: number;
    ended_at: number | null;
  };
  deliveries: {
    chat_id: number;
    campaign_id: string;
    reminder: string;
    status: DeliveryStatus;
    claimed_by: string | null;
    claimed_at: number | null;
    finished_at: number | null;
    error: string | null;
  };
  send_limiter: { name: string; next_at: number };
  broadcasts: {
    id: Generated<number>;
    text: string;
    /** Telegram's formatting entities as JSON. */
    entities: string;
    recipients: number;
    created_at: number;
    finished_at: number | null;
  };
  handled_updates: { update_id: number; claimed_at: number; finished_at: number | null };
  unanswered_questions: { id: Generated<number>; text: string; asked_at: number };
  schema_migrations: { version: number; applied_at: number };
}
