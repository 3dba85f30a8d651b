import { type Kysely, sql } from "kysely";
import type { Dialect } from "./dialect.js";
import type { Database } from "./schema.js";

type Types = Dialect["types"];

/**
 * Ordered schema changes, one list for both databases; each runs once, recorded in
 * schema_migrations. Append, never edit: the text with each database's types is exactly what
 * earlier releases ran, so old and new databases have the same schema.
 */
const migrations: ((t: Types) => string[])[] = [
  (t) => [
    `CREATE TABLE chats (
     chat_id ${t.bigint} PRIMARY KEY,
     language TEXT CHECK (language IN ('de', 'en')),
     created_at ${t.bigint} NOT NULL
   )`,
  ],
  (t) => [
    `CREATE TABLE unanswered_questions (
     id ${t.id} PRIMARY KEY,
     text TEXT NOT NULL,
     asked_at ${t.bigint} NOT NULL
   )`,
    "CREATE INDEX unanswered_questions_asked_at ON unanswered_questions (asked_at)",
  ],
  (t) => [
    `CREATE TABLE subscriptions (
     chat_id ${t.bigint} NOT NULL,
     campaign_id TEXT NOT NULL,
     language TEXT NOT NULL CHECK (language IN ('de', 'en')),
     chat_kind TEXT NOT NULL CHECK (chat_kind IN ('private', 'group')),
     mode TEXT NOT NULL DEFAULT 'all' CHECK (mode IN ('all', 'last')),
     active ${t.bool} NOT NULL DEFAULT ${t.true},
     created_at ${t.bigint} NOT NULL,
     ended_at ${t.bigint},
     PRIMARY KEY (chat_id, campaign_id)
   )`,
    "CREATE INDEX subscriptions_due ON subscriptions (campaign_id, active, chat_id)",
    `CREATE TABLE deliveries (
     chat_id ${t.bigint} NOT NULL,
     campaign_id TEXT NOT NULL,
     reminder TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('claimed', 'sending', 'sent', 'failed', 'skipped')),
     claimed_by TEXT,
     claimed_at ${t.bigint},
     finished_at ${t.bigint},
     error TEXT,
     PRIMARY KEY (chat_id, campaign_id, reminder)
   )`,
    "CREATE INDEX deliveries_open ON deliveries (status, campaign_id, reminder, claimed_at)",
    `CREATE TABLE send_limiter (name TEXT PRIMARY KEY, next_at ${t.bigint} NOT NULL)`,
  ],
  // Broadcasts, recorded per recipient in deliveries (campaign_id '#broadcast', reminder = id).
  (t) => [
    `CREATE TABLE broadcasts (
     id ${t.id} PRIMARY KEY,
     text TEXT NOT NULL,
     entities TEXT NOT NULL,
     recipients INTEGER NOT NULL,
     created_at ${t.bigint} NOT NULL,
     finished_at ${t.bigint}
   )`,
  ],
  // Ids of updates handled lately, so that one delivered again is not answered again.
  (t) => [
    `CREATE TABLE handled_updates (
     update_id ${t.bigint} PRIMARY KEY,
     claimed_at ${t.bigint} NOT NULL,
     finished_at ${t.bigint}
   )`,
    "CREATE INDEX handled_updates_claimed_at ON handled_updates (claimed_at)",
  ],
];

/** The number of the newest migration. */
export const schemaVersion = migrations.length;

/** Brings the database up to date in one transaction; returns the versions it applied. */
export async function migrate(db: Kysely<Database>, dialect: Dialect): Promise<number[]> {
  return db.transaction().execute(async (trx) => {
    await dialect.beforeMigrations(trx);
    await sql
      .raw(
        `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at ${dialect.types.bigint} NOT NULL)`,
      )
      .execute(trx);
    const row = await trx
      .selectFrom("schema_migrations")
      .select((eb) => eb.fn.max("version").as("version"))
      .executeTakeFirst();
    const applied: number[] = [];
    for (let version = Number(row?.version ?? 0) + 1; version <= migrations.length; version++) {
      for (const statement of migrations[version - 1]?.(dialect.types) ?? []) {
        await sql.raw(statement).execute(trx);
      }
      await trx.insertInto("schema_migrations").values({ version, applied_at: Date.now() }).execute();
      applied.push(version);
    }
    return applied;
  });
}
