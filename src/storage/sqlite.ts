import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import type { Lang } from "../knowledge/schema.js";
import type { ChatExport, ChatRecord, Store, UnansweredCount } from "./store.js";

/** Ordered schema changes; each runs once, recorded in schema_migrations. Append, never edit. */
const migrations: string[] = [
  `CREATE TABLE chats (
     chat_id INTEGER PRIMARY KEY,
     language TEXT CHECK (language IN ('de', 'en')),
     created_at INTEGER NOT NULL
   )`,
  `CREATE TABLE unanswered_questions (
     id INTEGER PRIMARY KEY,
     text TEXT NOT NULL,
     asked_at INTEGER NOT NULL
   );
   CREATE INDEX unanswered_questions_asked_at ON unanswered_questions (asked_at)`,
];

interface ChatRow {
  chat_id: number;
  language: Lang | null;
  created_at: number;
}

export class SqliteStore implements Store {
  readonly kind = "sqlite" as const;
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(file: string) {
    if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    // WAL lets readers and the single writer work at once; NORMAL sync is safe with WAL.
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    this.db.pragma("busy_timeout = 5000");
    this.db.pragma("foreign_keys = ON");
    this.migrate();
  }

  private migrate(): void {
    this.db.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)",
    );
    const row = this.db.prepare("SELECT MAX(version) AS version FROM schema_migrations").get() as {
      version: number | null;
    };
    const current = row.version ?? 0;
    const apply = this.db.transaction((version: number, sql: string) => {
      this.db.exec(sql);
      this.db
        .prepare("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)")
        .run(version, Date.now());
    });
    migrations.forEach((sql, index) => {
      if (index + 1 > current) apply(index + 1, sql);
    });
  }

  /** A prepared statement, compiled once: preparing costs more than running a small query. */
  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  async getChat(chatId: number): Promise<ChatRecord | undefined> {
    // Runs for every update (the chat's language).
    const row = this.statement("SELECT chat_id, language, created_at FROM chats WHERE chat_id = ?").get(
      chatId,
    ) as ChatRow | undefined;
    return row && { chatId: row.chat_id, language: row.language, createdAt: new Date(row.created_at) };
  }

  async setLanguage(chatId: number, language: Lang): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO chats (chat_id, language, created_at) VALUES (?, ?, ?)
         ON CONFLICT (chat_id) DO UPDATE SET language = excluded.language`,
      )
      .run(chatId, language, Date.now());
  }

  async exportChat(chatId: number): Promise<ChatExport> {
    return {
      chats: this.db
        .prepare("SELECT chat_id, language, created_at FROM chats WHERE chat_id = ?")
        .all(chatId) as Record<string, unknown>[],
    };
  }

  async deleteChat(chatId: number): Promise<boolean> {
    return this.db.prepare("DELETE FROM chats WHERE chat_id = ?").run(chatId).changes > 0;
  }

  async recordUnanswered(text: string, at: Date): Promise<void> {
    this.db
      .prepare("INSERT INTO unanswered_questions (text, asked_at) VALUES (?, ?)")
      .run(text, at.getTime());
  }

  async unansweredReport(since: Date, limit: number): Promise<UnansweredCount[]> {
    return this.db
      .prepare(
        `SELECT text, COUNT(*) AS count FROM unanswered_questions WHERE asked_at >= ?
         GROUP BY text ORDER BY count DESC, text LIMIT ?`,
      )
      .all(since.getTime(), limit) as UnansweredCount[];
  }

  async pruneUnanswered(before: Date): Promise<number> {
    return this.db.prepare("DELETE FROM unanswered_questions WHERE asked_at < ?").run(before.getTime())
      .changes;
  }

  async ping(): Promise<void> {
    this.db.prepare("SELECT 1").get();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
