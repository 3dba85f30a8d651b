import { PostgresStore } from "./postgres.js";
import { SqliteStore } from "./sqlite.js";
import type { Store } from "./store.js";

export type { Store } from "./store.js";

/** The store DATABASE_URL names: a SQLite file path (the default) or postgres://…. */
export async function createStore(url: string): Promise<Store> {
  if (/^postgres(ql)?:\/\//.test(url)) return PostgresStore.open(url);
  const file = url.replace(/^(sqlite|file):(\/\/)?/, "");
  return new SqliteStore(file);
}
