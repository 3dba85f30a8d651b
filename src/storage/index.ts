import { openPostgresStore } from "./postgres.js";
import { openSqliteStore } from "./sqlite.js";
import type { Store } from "./store.js";

export type { Store } from "./store.js";

/**
 * The store DATABASE_URL names: a SQLite file path (the default) or postgres://…, connected and
 * migrated. `onConnectionError` hears about PostgreSQL connections lost while idle (the pool
 * reconnects).
 */
export async function createStore(url: string, onConnectionError?: (error: Error) => void): Promise<Store> {
  if (/^postgres(ql)?:\/\//.test(url)) {
    return openPostgresStore(url, onConnectionError ? { onIdleError: onConnectionError } : {});
  }
  const store = openSqliteStore(url.replace(/^(sqlite|file):(\/\/)?/, ""));
  try {
    await store.ping(); // opens and migrates now, so that a broken file stops the start
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
