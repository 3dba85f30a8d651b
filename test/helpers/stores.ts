import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { it } from "vitest";
import { openPostgresStore, type PostgresStore } from "../../src/storage/postgres.js";
import { openSqliteStore } from "../../src/storage/sqlite.js";
import type { Store } from "../../src/storage/store.js";

export const testDatabaseUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const inCi = process.env.CI === "true" || process.env.CI === "1";

/** Why PostgreSQL cannot be used here, or undefined when it answers. */
async function postgresProblem(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: testDatabaseUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return undefined;
  } catch (error) {
    return `PostgreSQL at ${testDatabaseUrl.replace(/\/\/[^@]*@/, "//…@")} is not reachable (${(error as Error).message})`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export const postgresMissing = await postgresProblem();

/**
 * Whether to run the PostgreSQL half of a suite. In CI a missing PostgreSQL is a failing test,
 * not a skip; elsewhere the suite says why it is skipped.
 */
export function requirePostgres(suite: string): boolean {
  if (!postgresMissing) return true;
  if (inCi) {
    it(`${suite}: PostgreSQL is required in CI`, () => {
      throw new Error(`${postgresMissing}; set TEST_DATABASE_URL`);
    });
  } else {
    const reason = `skipped on PostgreSQL: ${postgresMissing} (set TEST_DATABASE_URL)`;
    console.warn(`${suite}: ${reason}`);
    it.skip(`${suite}: ${reason}`, () => undefined);
  }
  return false;
}

export interface StoreFactory {
  name: "sqlite" | "postgres";
  /** A fresh, empty store; several calls within one test share the same database. */
  open(): Promise<Store>;
  /** Removes the test database (the temp file or the schema). */
  cleanup(): Promise<void>;
}

export function sqliteFactory(): StoreFactory {
  const dir = mkdtempSync(join(tmpdir(), "wb-store-"));
  const file = join(dir, "bot.sqlite");
  const opened: Store[] = [];
  return {
    name: "sqlite",
    async open() {
      const store = openSqliteStore(file);
      opened.push(store);
      return store;
    },
    async cleanup() {
      for (const store of opened) await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every factory gets its own schema, so parallel test files and reruns never meet. */
export function postgresFactory(): StoreFactory {
  const schema = `test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const opened: PostgresStore[] = [];
  return {
    name: "postgres",
    async open() {
      const store = await openPostgresStore(testDatabaseUrl, { schema });
      opened.push(store);
      return store;
    },
    async cleanup() {
      const [first, ...rest] = opened;
      for (const store of rest) await store.close();
      if (first) await first.dropSchemaAndClose();
    },
  };
}
