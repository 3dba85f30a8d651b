import type { Lang } from "../knowledge/schema.js";

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

  /** Throws when the database does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
