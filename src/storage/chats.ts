import type { Kysely } from "kysely";
import type { Lang } from "../kernel/lang.js";
import type { Database } from "./schema.js";

/** Everything the bot keeps about a chat itself: its id and chosen language. */
export interface ChatRecord {
  chatId: number;
  language: Lang | null;
  createdAt: Date;
}

/** All rows stored about one chat, by table, for /meine_daten. Every table that names a chat appears. */
export type ChatExport = Record<string, Record<string, unknown>[]>;

export interface ChatStore {
  getChat(chatId: number): Promise<ChatRecord | undefined>;
  /** Remembers the chat's language (also for its reminder subscriptions). */
  setLanguage(chatId: number, language: Lang): Promise<void>;
  /** Everything stored about a chat, table by table. */
  exportChat(chatId: number): Promise<ChatExport>;
  /** Deletes everything stored about a chat; true when there was something to delete. */
  deleteChat(chatId: number): Promise<boolean>;
}

/** The tables that name a chat, children first (the order deleteChat empties them in). */
const chatTables = ["deliveries", "subscriptions", "chats"] as const;

export function chatStore(db: Kysely<Database>): ChatStore {
  const chatRow = (chatId: number) =>
    db.selectFrom("chats").select(["chat_id", "language", "created_at"]).where("chat_id", "=", chatId);
  return {
    async getChat(chatId) {
      const row = await chatRow(chatId).executeTakeFirst();
      return row && { chatId: row.chat_id, language: row.language, createdAt: new Date(row.created_at) };
    },

    async setLanguage(chatId, language) {
      await db
        .insertInto("chats")
        .values({ chat_id: chatId, language, created_at: Date.now() })
        .onConflict((oc) =>
          oc.column("chat_id").doUpdateSet((eb) => ({ language: eb.ref("excluded.language") })),
        )
        .execute();
      await db.updateTable("subscriptions").set({ language }).where("chat_id", "=", chatId).execute();
    },

    async exportChat(chatId) {
      return {
        chats: await chatRow(chatId).execute(),
        subscriptions: await db
          .selectFrom("subscriptions")
          .selectAll()
          .where("chat_id", "=", chatId)
          .orderBy("campaign_id")
          .execute(),
        deliveries: await db
          .selectFrom("deliveries")
          .selectAll()
          .where("chat_id", "=", chatId)
          .orderBy("campaign_id")
          .orderBy("reminder")
          .execute(),
      };
    },

    async deleteChat(chatId) {
      return db.transaction().execute(async (trx) => {
        let deleted = 0n;
        for (const table of chatTables) {
          deleted += (await trx.deleteFrom(table).where("chat_id", "=", chatId).executeTakeFirst())
            .numDeletedRows;
        }
        return deleted > 0n;
      });
    },
  };
}
