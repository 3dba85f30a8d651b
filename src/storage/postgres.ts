import pg from "pg";
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
     chat_id BIGINT PRIMARY KEY,
     language TEXT CHECK (language IN ('de', 'en')),
     created_at BIGINT NOT NULL
   )`,
  `CREATE TABLE unanswered_questions (
     id BIGSERIAL PRIMARY KEY,
     text TEXT NOT NULL,
     asked_at BIGINT NOT NULL
   );
   CREATE INDEX unanswered_questions_asked_at ON unanswered_questions (asked_at)`,
  `CREATE TABLE subscriptions (
     chat_id BIGINT NOT NULL,
     campaign_id TEXT NOT NULL,
     language TEXT NOT NULL CHECK (language IN ('de', 'en')),
     chat_kind TEXT NOT NULL CHECK (chat_kind IN ('private', 'group')),
     mode TEXT NOT NULL DEFAULT 'all' CHECK (mode IN ('all', 'last')),
     active BOOLEAN NOT NULL DEFAULT TRUE,
     created_at BIGINT NOT NULL,
     ended_at BIGINT,
     PRIMARY KEY (chat_id, campaign_id)
   );
   CREATE INDEX subscriptions_due ON subscriptions (campaign_id, active, chat_id);
   CREATE TABLE deliveries (
     chat_id BIGINT NOT NULL,
     campaign_id TEXT NOT NULL,
     reminder TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('claimed', 'sending', 'sent', 'failed', 'skipped')),
     claimed_by TEXT,
     claimed_at BIGINT,
     finished_at BIGINT,
     error TEXT,
     PRIMARY KEY (chat_id, campaign_id, reminder)
   );
   CREATE INDEX deliveries_open ON deliveries (status, campaign_id, reminder, claimed_at);
   CREATE TABLE send_limiter (name TEXT PRIMARY KEY, next_at BIGINT NOT NULL)`,
];

// Telegram chat ids and millisecond times exceed 32 bits but fit a JS number exactly.
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === pg.types.builtins.INT8
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as never,
};

const dueWhere = `s.campaign_id = $1 AND s.active AND s.created_at <= $2
  AND ($3::boolean OR s.mode = 'all')
  AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.chat_id = s.chat_id AND d.campaign_id = $4 AND d.reminder = $5)
  AND (NOT $6::boolean OR NOT EXISTS (SELECT 1 FROM subscriptions o
        WHERE o.chat_id = s.chat_id AND o.campaign_id = $4 AND o.active))`;

const dueParams = (q: DueQuery) => [
  q.audience,
  q.subscribedBy.getTime(),
  q.includeLastOnly,
  q.campaignId,
  q.reminder,
  q.unlessSubscribed,
];

interface SubscriptionRow {
  chat_id: number;
  campaign_id: string;
  language: Lang;
  chat_kind: ChatKind;
  mode: ReminderMode;
  created_at: number;
}

/** Serialises claims of all workers on this database (a transaction-scoped advisory lock). */
const claimLock = 0x5_e_d_1_e_7;

/**
 * PostgreSQL storage (`DATABASE_URL=postgres://…`): the same contract as SQLite, for several
 * bot instances sharing one database. `schema` keeps tests apart from each other.
 */
export class PostgresStore implements Store {
  readonly kind = "postgres" as const;
  private readonly pool: pg.Pool;

  private constructor(
    url: string,
    private readonly schema: string | undefined,
    onIdleError: (error: Error) => void,
  ) {
    this.pool = new pg.Pool({
      connectionString: url,
      max: 5,
      types,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    this.pool.on("error", onIdleError);
  }

  /** Connects and migrates; `schema` (created if missing) isolates tests. */
  static async open(
    url: string,
    options: { schema?: string; onIdleError?: (error: Error) => void } = {},
  ): Promise<PostgresStore> {
    if (options.schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(options.schema)) {
      throw new Error(`invalid schema name: ${options.schema}`);
    }
    const store = new PostgresStore(url, options.schema, options.onIdleError ?? (() => undefined));
    try {
      await store.migrate();
    } catch (error) {
      await store.pool.end();
      throw error;
    }
    return store;
  }

  private async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      // Two instances starting at once: one migrates, the other waits and finds nothing to do.
      await client.query("SELECT pg_advisory_xact_lock(hashtext('widerspruch-bot migrations'))");
      if (this.schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
      await client.query(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)",
      );
      const { rows } = await client.query<{ version: number | null }>(
        "SELECT MAX(version) AS version FROM schema_migrations",
      );
      const current = rows[0]?.version ?? 0;
      for (const [index, sql] of migrations.entries()) {
        if (index + 1 <= current) continue;
        await client.query(sql);
        await client.query("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)", [
          index + 1,
          Date.now(),
        ]);
      }
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async rows<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.pool.query<T>(sql, params)).rows;
  }

  private async count(sql: string, params: unknown[] = []): Promise<number> {
    return (await this.pool.query(sql, params)).rowCount ?? 0;
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const result = await work(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async getChat(chatId: number): Promise<ChatRecord | undefined> {
    const [row] = await this.rows<{ chat_id: number; language: Lang | null; created_at: number }>(
      "SELECT chat_id, language, created_at FROM chats WHERE chat_id = $1",
      [chatId],
    );
    return row && { chatId: row.chat_id, language: row.language, createdAt: new Date(row.created_at) };
  }

  async setLanguage(chatId: number, language: Lang): Promise<void> {
    await this.pool.query(
      `INSERT INTO chats (chat_id, language, created_at) VALUES ($1, $2, $3)
       ON CONFLICT (chat_id) DO UPDATE SET language = excluded.language`,
      [chatId, language, Date.now()],
    );
    await this.pool.query("UPDATE subscriptions SET language = $1 WHERE chat_id = $2", [language, chatId]);
  }

  async exportChat(chatId: number): Promise<ChatExport> {
    return {
      chats: await this.rows("SELECT chat_id, language, created_at FROM chats WHERE chat_id = $1", [chatId]),
      subscriptions: await this.rows("SELECT * FROM subscriptions WHERE chat_id = $1 ORDER BY campaign_id", [
        chatId,
      ]),
      deliveries: await this.rows(
        "SELECT * FROM deliveries WHERE chat_id = $1 ORDER BY campaign_id, reminder",
        [chatId],
      ),
    };
  }

  async deleteChat(chatId: number): Promise<boolean> {
    return this.transaction(async (client) => {
      let changes = 0;
      for (const table of ["deliveries", "subscriptions", "chats"]) {
        changes += (await client.query(`DELETE FROM ${table} WHERE chat_id = $1`, [chatId])).rowCount ?? 0;
      }
      return changes > 0;
    });
  }

  async recordUnanswered(text: string, at: Date): Promise<void> {
    await this.pool.query("INSERT INTO unanswered_questions (text, asked_at) VALUES ($1, $2)", [
      text,
      at.getTime(),
    ]);
  }

  async unansweredReport(since: Date, limit: number): Promise<UnansweredCount[]> {
    return this.rows<UnansweredCount>(
      `SELECT text, COUNT(*)::int AS count FROM unanswered_questions WHERE asked_at >= $1
       GROUP BY text ORDER BY count DESC, text LIMIT $2`,
      [since.getTime(), limit],
    );
  }

  async pruneUnanswered(before: Date): Promise<number> {
    return this.count("DELETE FROM unanswered_questions WHERE asked_at < $1", [before.getTime()]);
  }

  async subscribe(sub: Omit<Subscription, "createdAt">, at: Date): Promise<boolean> {
    // xmax = 0 marks a freshly inserted row; "was active before" is read in the same statement.
    const [row] = await this.rows<{ was_active: boolean | null }>(
      `WITH before AS (SELECT active FROM subscriptions WHERE chat_id = $1 AND campaign_id = $2)
       INSERT INTO subscriptions (chat_id, campaign_id, language, chat_kind, mode, active, created_at)
       VALUES ($1, $2, $3, $4, $5, TRUE, $6)
       ON CONFLICT (chat_id, campaign_id) DO UPDATE SET
         language = excluded.language, chat_kind = excluded.chat_kind,
         mode = CASE WHEN subscriptions.active THEN subscriptions.mode ELSE excluded.mode END,
         created_at = CASE WHEN subscriptions.active THEN subscriptions.created_at ELSE excluded.created_at END,
         active = TRUE, ended_at = NULL
       RETURNING (SELECT active FROM before) AS was_active`,
      [sub.chatId, sub.campaignId, sub.language, sub.chatKind, sub.mode, at.getTime()],
    );
    return row?.was_active !== true;
  }

  async subscriptions(chatId: number): Promise<Subscription[]> {
    const rows = await this.rows<SubscriptionRow>(
      "SELECT * FROM subscriptions WHERE chat_id = $1 AND active ORDER BY campaign_id",
      [chatId],
    );
    return rows.map((r) => ({
      chatId: r.chat_id,
      campaignId: r.campaign_id,
      language: r.language,
      chatKind: r.chat_kind,
      mode: r.mode,
      createdAt: new Date(r.created_at),
    }));
  }

  async setReminderMode(chatId: number, mode: ReminderMode): Promise<void> {
    await this.pool.query("UPDATE subscriptions SET mode = $1 WHERE chat_id = $2 AND campaign_id <> '*'", [
      mode,
      chatId,
    ]);
  }

  async unsubscribe(chatId: number): Promise<number> {
    return this.count("DELETE FROM subscriptions WHERE chat_id = $1 AND active", [chatId]);
  }

  async deactivateChat(chatId: number, at: Date): Promise<number> {
    return this.count(
      "UPDATE subscriptions SET active = FALSE, ended_at = $1 WHERE chat_id = $2 AND active",
      [at.getTime(), chatId],
    );
  }

  async claimDue(query: DueQuery, limit: number, worker: string, at: Date): Promise<Claim[]> {
    return this.transaction(async (client) => {
      // Workers claim one after another, so that they never pick the same candidates and fight
      // over them; the unique key of deliveries is the guarantee, the lock only avoids waste.
      await client.query("SELECT pg_advisory_xact_lock($1)", [claimLock]);
      const { rows } = await client.query<{ chat_id: number; language: Lang; chat_kind: ChatKind }>(
        `WITH candidates AS (
           SELECT s.chat_id, s.language, s.chat_kind FROM subscriptions s WHERE ${dueWhere}
           ORDER BY s.chat_id LIMIT $7
         ), claimed AS (
           INSERT INTO deliveries (chat_id, campaign_id, reminder, status, claimed_by, claimed_at)
           SELECT chat_id, $4, $5, 'claimed', $8, $9 FROM candidates
           ON CONFLICT DO NOTHING
           RETURNING chat_id
         )
         SELECT c.chat_id, c.language, c.chat_kind FROM candidates c JOIN claimed USING (chat_id)
         ORDER BY c.chat_id`,
        [...dueParams(query), limit, worker, at.getTime()],
      );
      return rows.map((c) => ({
        chatId: c.chat_id,
        campaignId: query.campaignId,
        reminder: query.reminder,
        language: c.language,
        chatKind: c.chat_kind,
      }));
    });
  }

  async recoverClaims(
    campaignId: string,
    reminder: string,
    staleBefore: Date,
    worker: string,
    at: Date,
  ): Promise<Claim[]> {
    // A conditional UPDATE: of two workers recovering at once, the second finds claimed_at
    // already renewed and takes nothing.
    const rows = await this.rows<{ chat_id: number }>(
      `UPDATE deliveries SET claimed_by = $1, claimed_at = $2
       WHERE campaign_id = $3 AND reminder = $4 AND status = 'claimed' AND claimed_at < $5
       RETURNING chat_id`,
      [worker, at.getTime(), campaignId, reminder, staleBefore.getTime()],
    );
    const audience = reminder === "announce" ? "*" : campaignId;
    const claims: Claim[] = [];
    for (const { chat_id } of rows) {
      const [sub] = await this.rows<{ language: Lang; chat_kind: ChatKind }>(
        "SELECT language, chat_kind FROM subscriptions WHERE chat_id = $1 AND campaign_id = $2 AND active",
        [chat_id, audience],
      );
      if (sub) {
        claims.push({
          chatId: chat_id,
          campaignId,
          reminder,
          language: sub.language,
          chatKind: sub.chat_kind,
        });
      } else {
        await this.pool.query(
          `UPDATE deliveries SET status = 'skipped', finished_at = $1, error = 'unsubscribed'
           WHERE chat_id = $2 AND campaign_id = $3 AND reminder = $4`,
          [at.getTime(), chat_id, campaignId, reminder],
        );
      }
    }
    return claims;
  }

  async markSending(key: DeliveryKey, worker: string, at: Date): Promise<boolean> {
    const changed = await this.count(
      `UPDATE deliveries SET status = 'sending', claimed_at = $1
       WHERE chat_id = $2 AND campaign_id = $3 AND reminder = $4 AND status = 'claimed' AND claimed_by = $5`,
      [at.getTime(), key.chatId, key.campaignId, key.reminder, worker],
    );
    return changed > 0;
  }

  async releaseClaim(key: DeliveryKey, worker: string, claimedAt: Date): Promise<void> {
    await this.pool.query(
      `UPDATE deliveries SET status = 'claimed', claimed_at = $5
       WHERE chat_id = $1 AND campaign_id = $2 AND reminder = $3 AND status IN ('claimed', 'sending')
         AND claimed_by = $4`,
      [key.chatId, key.campaignId, key.reminder, worker, claimedAt.getTime()],
    );
  }

  async finishDelivery(key: DeliveryKey, status: "sent" | "failed", at: Date, error?: string): Promise<void> {
    await this.pool.query(
      `UPDATE deliveries SET status = $1, finished_at = $2, error = $3
       WHERE chat_id = $4 AND campaign_id = $5 AND reminder = $6`,
      [status, at.getTime(), error ?? null, key.chatId, key.campaignId, key.reminder],
    );
  }

  async skipStale(query: DueQuery, at: Date): Promise<number> {
    return this.transaction(async (client) => {
      const inserted = await client.query(
        `INSERT INTO deliveries (chat_id, campaign_id, reminder, status, finished_at, error)
         SELECT s.chat_id, $4, $5, 'skipped', $7, 'window passed' FROM subscriptions s WHERE ${dueWhere}
         ON CONFLICT DO NOTHING`,
        [...dueParams(query), at.getTime()],
      );
      const unsent = await client.query(
        `UPDATE deliveries SET status = 'skipped', finished_at = $1, error = 'window passed'
         WHERE campaign_id = $2 AND reminder = $3 AND status = 'claimed'`,
        [at.getTime(), query.campaignId, query.reminder],
      );
      return (inserted.rowCount ?? 0) + (unsent.rowCount ?? 0);
    });
  }

  async failInterrupted(staleBefore: Date, at: Date): Promise<number> {
    return this.count(
      `UPDATE deliveries SET status = 'failed', finished_at = $1, error = 'interrupted while sending'
       WHERE status = 'sending' AND claimed_at < $2`,
      [at.getTime(), staleBefore.getTime()],
    );
  }

  async reserveSendSlots(limiter: string, count: number, intervalMs: number, now: number): Promise<number> {
    // One row per limiter; concurrent workers queue on its row lock, so the slots they get never overlap.
    const [row] = await this.rows<{ first: number }>(
      `INSERT INTO send_limiter AS l (name, next_at) VALUES ($1, $2::bigint + $3::bigint)
       ON CONFLICT (name) DO UPDATE SET next_at = GREATEST(l.next_at, $2::bigint) + $3::bigint
       RETURNING l.next_at - $3::bigint AS first`,
      // Whole milliseconds: 1000 / REMINDER_RATE is fractional for most rates (30/s → 33.3 ms).
      [limiter, Math.round(now), Math.ceil(count * intervalMs)],
    );
    if (!row) throw new Error("send limiter returned no row");
    return row.first;
  }

  async holdSendSlots(limiter: string, until: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO send_limiter AS l (name, next_at) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET next_at = GREATEST(l.next_at, excluded.next_at)`,
      [limiter, Math.ceil(until)],
    );
  }

  async activeChats(): Promise<{ chatId: number; chatKind: ChatKind }[]> {
    return this.rows<{ chatId: number; chatKind: ChatKind }>(
      `SELECT chat_id AS "chatId", MIN(chat_kind) AS "chatKind" FROM subscriptions WHERE active
       GROUP BY chat_id ORDER BY chat_id`,
    );
  }

  async reminderStats(): Promise<ReminderStats> {
    const [subs] = await this.rows<{ subscribers: number; waiting: number }>(
      `SELECT COUNT(DISTINCT chat_id)::int AS subscribers,
              COUNT(DISTINCT CASE WHEN campaign_id = '*' THEN chat_id END)::int AS waiting
       FROM subscriptions WHERE active`,
    );
    const counts = await this.rows<{ status: string; n: number }>(
      "SELECT status, COUNT(*)::int AS n FROM deliveries GROUP BY status",
    );
    const of = (...statuses: string[]) =>
      counts.filter((c) => statuses.includes(c.status)).reduce((sum, c) => sum + c.n, 0);
    return {
      subscribers: subs?.subscribers ?? 0,
      waitingForDeadline: subs?.waiting ?? 0,
      sent: of("sent"),
      failed: of("failed"),
      skipped: of("skipped"),
      inProgress: of("claimed", "sending"),
    };
  }

  async ping(): Promise<void> {
    await this.pool.query("SELECT 1");
  }

  /** Drops the test schema (tests only), then closes. */
  async dropSchemaAndClose(): Promise<void> {
    if (this.schema) await this.pool.query(`DROP SCHEMA IF EXISTS ${this.schema} CASCADE`);
    await this.close();
  }

  private closed = false;
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
