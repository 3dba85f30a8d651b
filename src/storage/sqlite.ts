import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { Kysely, SqliteDialect, type SqliteStatement } from "kysely";
import { sqliteDialect } from "./dialect.js";
import { migrate } from "./migrations.js";
import type { Database as Tables } from "./schema.js";
import { type Store, storeOver } from "./store.js";

/**
 * Statements are prepared once and reused: a statement prepared per call (what Kysely's SQLite
 * driver does) holds native memory until the GC happens to finalise it, which under load grows
 * the process by hundreds of megabytes.
 */
function withStatementCache(db: Database.Database) {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => {
      if (db.open) db.close();
    },
    prepare(sql: string): SqliteStatement {
      let statement = statements.get(sql);
      if (!statement) {
        statement = db.prepare(sql) as unknown as SqliteStatement;
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

/**
 * A SQLite file (`:memory:` for tests and `npm run chat`): one instance, the default. Returned
 * at once; the file is opened and migrated on the first query (createStore pings to do it at start).
 */
export function openSqliteStore(file: string): Store {
  const database = async () => {
    if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
    const raw = new Database(file);
    // WAL lets readers and the single writer work at once; NORMAL sync is safe with WAL.
    raw.pragma("journal_mode = WAL");
    raw.pragma("synchronous = NORMAL");
    raw.pragma("busy_timeout = 5000");
    raw.pragma("foreign_keys = ON");
    const cached = withStatementCache(raw);
    // A Kysely of its own for the migrations, on the same connection (it is not closed: the store's is).
    await migrate(new Kysely<Tables>({ dialect: new SqliteDialect({ database: cached }) }), sqliteDialect);
    return cached;
  };
  return storeOver(new Kysely<Tables>({ dialect: new SqliteDialect({ database }) }), sqliteDialect);
}
