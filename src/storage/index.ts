import { PostgresStore } from "./postgres.js";
import { SqliteStore } from "./sqlite.js";
import type { Store } from "./store.js";

export type { Store } from "./store.js";

/**
 * The store DATABASE_URL names: a SQLite file path (the default) or postgres://….
 * `onConnectionError` hears about PostgreSQL connections lost while idle (the pool reconnects).
 */
export async function createStore(url: string, onConnectionError?: (error: Error) => void): Promise<Store> {
  if (/^postgres(ql)?:\/\//.test(url)) {
    return PostgresStore.open(url, onConnectionError ? { onIdleError: onConnectionError } : {});
  }
  const file = url.replace(/^(sqlite|file):(\/\/)?/, "");
  return new SqliteStore(file);
}
