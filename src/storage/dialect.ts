import { type Expression, type Kysely, type RawBuilder, sql } from "kysely";
import type { Database } from "./schema.js";

/**
 * Everything in which the two databases differ, in one place; the queries are written once
 * against this. Column types appear only in the migrations (they keep the exact DDL each
 * database was created with).
 */
export interface Dialect {
  readonly kind: "sqlite" | "postgres";
  readonly types: { id: string; bigint: string; bool: string; true: string };
  /** The larger of two numbers (GREATEST in PostgreSQL, the two-argument MAX in SQLite). */
  greatest(a: Expression<number>, b: Expression<number>): RawBuilder<number>;
  /**
   * Inside a claim's transaction: makes workers on several instances claim one after another, so
   * that they never pick the same candidates and fight over them (the unique key of deliveries is
   * the guarantee; the lock only avoids waste). Nothing to do where one process writes (SQLite).
   */
  serialiseClaims(trx: Kysely<Database>): Promise<void>;
  /** Before migrating: make concurrent starts wait for each other (and create a test schema). */
  beforeMigrations(trx: Kysely<Database>): Promise<void>;
}

/** SQL TRUE and FALSE: PostgreSQL's booleans and SQLite's 1 and 0 alike. */
export const TRUE = sql<boolean>`TRUE`;
export const FALSE = sql<boolean>`FALSE`;

export const sqliteDialect: Dialect = {
  kind: "sqlite",
  types: { id: "INTEGER", bigint: "INTEGER", bool: "INTEGER", true: "1" },
  greatest: (a, b) => sql<number>`MAX(${a}, ${b})`,
  serialiseClaims: async () => undefined,
  beforeMigrations: async () => undefined,
};

/** Serialises claims of all workers on one PostgreSQL database (a transaction-scoped advisory lock). */
const claimLock = 0x5_e_d_1_e_7;

export function postgresDialect(schema: string | undefined): Dialect {
  return {
    kind: "postgres",
    types: { id: "BIGSERIAL", bigint: "BIGINT", bool: "BOOLEAN", true: "TRUE" },
    greatest: (a, b) => sql<number>`GREATEST(${a}, ${b})`,
    serialiseClaims: async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${claimLock})`.execute(trx);
    },
    beforeMigrations: async (trx) => {
      // Two instances starting at once: one migrates, the other waits and finds nothing to do.
      await sql`SELECT pg_advisory_xact_lock(hashtext('widerspruch-bot migrations'))`.execute(trx);
      if (schema) await sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(schema)}`.execute(trx);
    },
  };
}
