import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import type { Lang } from "../kernel/lang.js";
import type {
  ChatExport,
  ChatKind,
  ChatRecord,
  Claim,
  DeliveryKey,
  DueQuery,
  ReminderMode,
  ReminderStats,
  Store,
  Subscription,
  UnansweredCount,
} from "./store.js";

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
  `CREATE TABLE subscriptions (
     chat_id INTEGER NOT NULL,
     campaign_id TEXT NOT NULL,
     language TEXT NOT NULL CHECK (language IN ('de', 'en')),
     chat_kind TEXT NOT NULL CHECK (chat_kind IN ('private', 'group')),
     mode TEXT NOT NULL DEFAULT 'all' CHECK (mode IN ('all', 'last')),
     active INTEGER NOT NULL DEFAULT 1,
     created_at INTEGER NOT NULL,
     ended_at INTEGER,
     PRIMARY KEY (chat_id, campaign_id)
   );
   CREATE INDEX subscriptions_due ON subscriptions (campaign_id, active, chat_id);
   CREATE TABLE deliveries (
     chat_id INTEGER NOT NULL,
     campaign_id TEXT NOT NULL,
     reminder TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('claimed', 'sending', 'sent', 'failed', 'skipped')),
     claimed_by TEXT,
     claimed_at INTEGER,
     finished_at INTEGER,
     error TEXT,
     PRIMARY KEY (chat_id, campaign_id, reminder)
   );
   CREATE INDEX deliveries_open ON deliveries (status, campaign_id, reminder, claimed_at);
   CREATE TABLE send_limiter (name TEXT PRIMARY KEY, next_at INTEGER NOT NULL)`,
];

const dueWhere = `s.campaign_id = @audience AND s.active = 1 AND s.created_at <= @subscribedBy
  AND (@includeLastOnly = 1 OR s.mode = 'all')
  AND NOT EXISTS (SELECT 1 FROM deliveries d
                  WHERE d.chat_id = s.chat_id AND d.campaign_id = @campaignId AND d.reminder = @reminder)
  AND (@unlessSubscribed = 0 OR NOT EXISTS (SELECT 1 FROM subscriptions o
        WHERE o.chat_id = s.chat_id AND o.campaign_id = @campaignId AND o.active = 1))`;

function dueParams(q: DueQuery) {
  return {
    audience: q.audience,
    subscribedBy: q.subscribedBy.getTime(),
    includeLastOnly: q.includeLastOnly ? 1 : 0,
    campaignId: q.campaignId,
    reminder: q.reminder,
    unlessSubscribed: q.unlessSubscribed ? 1 : 0,
  };
}

interface SubscriptionRow {
  chat_id: number;
  campaign_id: string;
  language: Lang;
  chat_kind: ChatKind;
  mode: ReminderMode;
  created_at: number;
}

const toSubscription = (r: SubscriptionRow): Subscription => ({
  chatId: r.chat_id,
  campaignId: r.campaign_id,
  language: r.language,
  chatKind: r.chat_kind,
  mode: r.mode,
  createdAt: new Date(r.created_at),
});

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

  /**
   * Prepared once and reused: a statement prepared per call holds native memory until the GC
   * happens to finalise it, which under load grows the process by hundreds of megabytes.
   */
  private stmt(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private migrate(): void {
    this.db.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)",
    );
    const row = this.stmt("SELECT MAX(version) AS version FROM schema_migrations").get() as {
      version: number | null;
    };
    const current = row.version ?? 0;
    const apply = this.db.transaction((version: number, sql: string) => {
      this.db.exec(sql);
      this.stmt("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)").run(version, Date.now());
    });
    migrations.forEach((sql, index) => {
      if (index + 1 > current) apply(index + 1, sql);
    });
  }

  async getChat(chatId: number): Promise<ChatRecord | undefined> {
    const row = this.stmt("SELECT chat_id, language, created_at FROM chats WHERE chat_id = ?").get(chatId) as
      | ChatRow
      | undefined;
    return row && { chatId: row.chat_id, language: row.language, createdAt: new Date(row.created_at) };
  }

  async setLanguage(chatId: number, language: Lang): Promise<void> {
    this.stmt(
      `INSERT INTO chats (chat_id, language, created_at) VALUES (?, ?, ?)
         ON CONFLICT (chat_id) DO UPDATE SET language = excluded.language`,
    ).run(chatId, language, Date.now());
    this.stmt("UPDATE subscriptions SET language = ? WHERE chat_id = ?").run(language, chatId);
  }

  async exportChat(chatId: number): Promise<ChatExport> {
    return {
      chats: this.stmt("SELECT chat_id, language, created_at FROM chats WHERE chat_id = ?").all(
        chatId,
      ) as Record<string, unknown>[],
      subscriptions: this.stmt("SELECT * FROM subscriptions WHERE chat_id = ? ORDER BY campaign_id").all(
        chatId,
      ) as Record<string, unknown>[],
      deliveries: this.stmt("SELECT * FROM deliveries WHERE chat_id = ? ORDER BY campaign_id, reminder").all(
        chatId,
      ) as Record<string, unknown>[],
    };
  }

  async deleteChat(chatId: number): Promise<boolean> {
    return this.db.transaction(() => {
      let changes = 0;
      for (const table of ["deliveries", "subscriptions", "chats"]) {
        changes += this.stmt(`DELETE FROM ${table} WHERE chat_id = ?`).run(chatId).changes;
      }
      return changes > 0;
    })();
  }

  async subscribe(sub: Omit<Subscription, "createdAt">, at: Date): Promise<boolean> {
    return this.db.transaction(() => {
      const before = this.stmt("SELECT active FROM subscriptions WHERE chat_id = ? AND campaign_id = ?").get(
        sub.chatId,
        sub.campaignId,
      ) as { active: number } | undefined;
      // An active subscription keeps its start and mode: asking again changes nothing.
      this.stmt(
        `INSERT INTO subscriptions (chat_id, campaign_id, language, chat_kind, mode, active, created_at)
           VALUES (@chatId, @campaignId, @language, @chatKind, @mode, 1, @at)
           ON CONFLICT (chat_id, campaign_id) DO UPDATE SET
             language = excluded.language, chat_kind = excluded.chat_kind,
             mode = CASE WHEN subscriptions.active = 1 THEN subscriptions.mode ELSE excluded.mode END,
             created_at = CASE WHEN subscriptions.active = 1 THEN subscriptions.created_at ELSE excluded.created_at END,
             active = 1, ended_at = NULL`,
      ).run({ ...sub, at: at.getTime() });
      return before?.active !== 1;
    })();
  }

  async subscriptions(chatId: number): Promise<Subscription[]> {
    const rows = this.stmt(
      "SELECT * FROM subscriptions WHERE chat_id = ? AND active = 1 ORDER BY campaign_id",
    ).all(chatId) as SubscriptionRow[];
    return rows.map(toSubscription);
  }

  async setReminderMode(chatId: number, mode: ReminderMode): Promise<void> {
    this.stmt("UPDATE subscriptions SET mode = ? WHERE chat_id = ? AND campaign_id <> '*'").run(mode, chatId);
  }

  async unsubscribe(chatId: number): Promise<number> {
    // The chat's own wish: nothing of the subscription is kept (the delivery log stays, so that
    // subscribing again the same day cannot repeat a reminder).
    return this.stmt("DELETE FROM subscriptions WHERE chat_id = ? AND active = 1").run(chatId).changes;
  }

  async deactivateChat(chatId: number, at: Date): Promise<number> {
    return this.stmt(
      "UPDATE subscriptions SET active = 0, ended_at = ? WHERE chat_id = ? AND active = 1",
    ).run(at.getTime(), chatId).changes;
  }

  async claimDue(query: DueQuery, limit: number, worker: string, at: Date): Promise<Claim[]> {
    return this.db.transaction(() => {
      const candidates = this.stmt(
        `SELECT s.chat_id, s.language, s.chat_kind FROM subscriptions s WHERE ${dueWhere}
           ORDER BY s.chat_id LIMIT @limit`,
      ).all({ ...dueParams(query), limit }) as Pick<SubscriptionRow, "chat_id" | "language" | "chat_kind">[];
      const insert = this.stmt(
        `INSERT INTO deliveries (chat_id, campaign_id, reminder, status, claimed_by, claimed_at)
         VALUES (?, ?, ?, 'claimed', ?, ?) ON CONFLICT DO NOTHING`,
      );
      return candidates
        .filter(
          (c) => insert.run(c.chat_id, query.campaignId, query.reminder, worker, at.getTime()).changes > 0,
        )
        .map((c) => ({
          chatId: c.chat_id,
          campaignId: query.campaignId,
          reminder: query.reminder,
          language: c.language,
          chatKind: c.chat_kind,
        }));
    })();
  }

  async recoverClaims(
    campaignId: string,
    reminder: string,
    staleBefore: Date,
    worker: string,
    at: Date,
  ): Promise<Claim[]> {
    const rows = this.stmt(
      `UPDATE deliveries SET claimed_by = @worker, claimed_at = @at
         WHERE campaign_id = @campaignId AND reminder = @reminder AND status = 'claimed' AND claimed_at < @staleBefore
         RETURNING chat_id`,
    ).all({ worker, at: at.getTime(), campaignId, reminder, staleBefore: staleBefore.getTime() }) as {
      chat_id: number;
    }[];
    const audience = reminder === "announce" ? "*" : campaignId;
    const lookup = this.stmt(
      "SELECT language, chat_kind FROM subscriptions WHERE chat_id = ? AND campaign_id = ? AND active = 1",
    );
    const claims: Claim[] = [];
    for (const { chat_id } of rows) {
      const sub = lookup.get(chat_id, audience) as
        | Pick<SubscriptionRow, "language" | "chat_kind">
        | undefined;
      if (sub) {
        claims.push({
          chatId: chat_id,
          campaignId,
          reminder,
          language: sub.language,
          chatKind: sub.chat_kind,
        });
      } else {
        // Unsubscribed since the claim: nothing to send any more.
        await this.finishSkipped({ chatId: chat_id, campaignId, reminder }, at, "unsubscribed");
      }
    }
    return claims;
  }

  private async finishSkipped(key: DeliveryKey, at: Date, error: string): Promise<void> {
    this.stmt(
      `UPDATE deliveries SET status = 'skipped', finished_at = ?, error = ?
         WHERE chat_id = ? AND campaign_id = ? AND reminder = ?`,
    ).run(at.getTime(), error, key.chatId, key.campaignId, key.reminder);
  }

  async markSending(key: DeliveryKey, worker: string, at: Date): Promise<boolean> {
    return (
      this.stmt(
        `UPDATE deliveries SET status = 'sending', claimed_at = ?
           WHERE chat_id = ? AND campaign_id = ? AND reminder = ? AND status = 'claimed' AND claimed_by = ?`,
      ).run(at.getTime(), key.chatId, key.campaignId, key.reminder, worker).changes > 0
    );
  }

  async releaseClaim(key: DeliveryKey, worker: string, claimedAt: Date): Promise<void> {
    this.stmt(
      `UPDATE deliveries SET status = 'claimed', claimed_at = ?
         WHERE chat_id = ? AND campaign_id = ? AND reminder = ? AND status IN ('claimed', 'sending')
           AND claimed_by = ?`,
    ).run(claimedAt.getTime(), key.chatId, key.campaignId, key.reminder, worker);
  }

  async finishDelivery(key: DeliveryKey, status: "sent" | "failed", at: Date, error?: string): Promise<void> {
    this.stmt(
      `UPDATE deliveries SET status = ?, finished_at = ?, error = ?
         WHERE chat_id = ? AND campaign_id = ? AND reminder = ?`,
    ).run(status, at.getTime(), error ?? null, key.chatId, key.campaignId, key.reminder);
  }

  async skipStale(query: DueQuery, at: Date): Promise<number> {
    return this.db.transaction(() => {
      const inserted = this.stmt(
        `INSERT INTO deliveries (chat_id, campaign_id, reminder, status, finished_at, error)
           SELECT s.chat_id, @campaignId, @reminder, 'skipped', @at, 'window passed' FROM subscriptions s
           WHERE ${dueWhere}
           ON CONFLICT DO NOTHING`,
      ).run({ ...dueParams(query), at: at.getTime() }).changes;
      const unsent = this.stmt(
        `UPDATE deliveries SET status = 'skipped', finished_at = @at, error = 'window passed'
           WHERE campaign_id = @campaignId AND reminder = @reminder AND status = 'claimed'`,
      ).run({ campaignId: query.campaignId, reminder: query.reminder, at: at.getTime() }).changes;
      return inserted + unsent;
    })();
  }

  async failInterrupted(staleBefore: Date, at: Date): Promise<number> {
    return this.stmt(
      `UPDATE deliveries SET status = 'failed', finished_at = ?, error = 'interrupted while sending'
         WHERE status = 'sending' AND claimed_at < ?`,
    ).run(at.getTime(), staleBefore.getTime()).changes;
  }

  async reserveSendSlots(limiter: string, count: number, intervalMs: number, now: number): Promise<number> {
    this.stmt("INSERT INTO send_limiter (name, next_at) VALUES (?, ?) ON CONFLICT DO NOTHING").run(
      limiter,
      now,
    );
    const row = this.stmt(
      `UPDATE send_limiter SET next_at = MAX(next_at, @now) + @span WHERE name = @limiter
         RETURNING next_at - @span AS first`,
    ).get({ limiter, now: Math.round(now), span: Math.ceil(count * intervalMs) }) as { first: number };
    return row.first;
  }

  async holdSendSlots(limiter: string, until: number): Promise<void> {
    this.stmt(
      `INSERT INTO send_limiter (name, next_at) VALUES (?, ?)
         ON CONFLICT (name) DO UPDATE SET next_at = MAX(next_at, excluded.next_at)`,
    ).run(limiter, until);
  }

  async activeChats(): Promise<{ chatId: number; chatKind: ChatKind }[]> {
    return this.stmt(
      `SELECT chat_id AS chatId, MIN(chat_kind) AS chatKind FROM subscriptions WHERE active = 1
       GROUP BY chat_id ORDER BY chat_id`,
    ).all() as { chatId: number; chatKind: ChatKind }[];
  }

  async reminderStats(): Promise<ReminderStats> {
    const subs = this.stmt(
      `SELECT COUNT(DISTINCT chat_id) AS subscribers,
                COUNT(DISTINCT CASE WHEN campaign_id = '*' THEN chat_id END) AS waiting
         FROM subscriptions WHERE active = 1`,
    ).get() as { subscribers: number; waiting: number };
    const counts = this.stmt("SELECT status, COUNT(*) AS n FROM deliveries GROUP BY status").all() as {
      status: string;
      n: number;
    }[];
    const of = (...statuses: string[]) =>
      counts.filter((c) => statuses.includes(c.status)).reduce((sum, c) => sum + c.n, 0);
    return {
      subscribers: subs.subscribers,
      waitingForDeadline: subs.waiting,
      sent: of("sent"),
      failed: of("failed"),
      skipped: of("skipped"),
      inProgress: of("claimed", "sending"),
    };
  }

  async recordUnanswered(text: string, at: Date): Promise<void> {
    this.stmt("INSERT INTO unanswered_questions (text, asked_at) VALUES (?, ?)").run(text, at.getTime());
  }

  async unansweredReport(since: Date, limit: number): Promise<UnansweredCount[]> {
    return this.stmt(
      `SELECT text, COUNT(*) AS count FROM unanswered_questions WHERE asked_at >= ?
         GROUP BY text ORDER BY count DESC, text LIMIT ?`,
    ).all(since.getTime(), limit) as UnansweredCount[];
  }

  async pruneUnanswered(before: Date): Promise<number> {
    return this.stmt("DELETE FROM unanswered_questions WHERE asked_at < ?").run(before.getTime()).changes;
  }

  async ping(): Promise<void> {
    this.stmt("SELECT 1").get();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
