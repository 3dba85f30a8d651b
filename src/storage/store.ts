import type { Lang } from "../knowledge/schema.js";

/** Everything the bot keeps about a chat: its id and chosen language. Nothing else. */
export interface ChatRecord {
  chatId: number;
  language: Lang | null;
  createdAt: Date;
}

/**
 * The bot's storage. Both back ends (SQLite by default, PostgreSQL when DATABASE_URL says so)
 * implement it, and one contract test suite runs against both.
 */
export interface Store {
  readonly kind: "sqlite" | "postgres";
  getChat(chatId: number): Promise<ChatRecord | undefined>;
  setLanguage(chatId: number, language: Lang): Promise<void>;
  /** Deletes everything stored about a chat; true when there was something to delete. */
  deleteChat(chatId: number): Promise<boolean>;
  /** Throws when the database does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
