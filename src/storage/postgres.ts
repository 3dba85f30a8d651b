import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { postgresDialect } from "./dialect.js";
import { migrate } from "./migrations.js";
import type { Database } from "./schema.js";
import { type Store, storeOver } from "./store.js";

// Telegram chat ids and millisecond times exceed 32 bits but fit a JS number exactly; COUNT is
// a bigint too.
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === pg.types.builtins.INT8
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as never,
};

export interface PostgresOptions {
  /** A schema of its own (created if missing), so that tests never meet. */
  schema?: string;
  /** Hears about connections lost while idle (the pool reconnects on the next query). */
  onIdleError?: (error: Error) => void;
}

export type PostgresStore = Store & {
  /** Drops the test schema (tests only), then closes. */
  dropSchemaAndClose(): Promise<void>;
};

/** PostgreSQL (`DATABASE_URL=postgres://…`), for several bot instances on one database. Connects and migrates. */
export async function openPostgresStore(url: string, options: PostgresOptions = {}): Promise<PostgresStore> {
  const { schema } = options;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`invalid schema name: ${schema}`);
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 5,
    types,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on("error", options.onIdleError ?? (() => undefined));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const dialect = postgresDialect(schema);
  try {
    await migrate(db, dialect);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const store = storeOver(db, dialect);
  return {
    ...store,
    async dropSchemaAndClose() {
      if (schema) await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(db);
      await store.close();
    },
  };
}
