import { SqliteStore } from "./sqlite.js";
import type { Store } from "./store.js";

export type { ChatRecord, Store } from "./store.js";

/** The store DATABASE_URL names: a SQLite file path (the default) or, later, postgres://. */
export async function createStore(url: string): Promise<Store> {
  if (/^postgres(ql)?:\/\//.test(url)) {
    throw new Error("PostgreSQL storage is not available in this version; use a SQLite file path");
  }
  const file = url.replace(/^(sqlite|file):(\/\/)?/, "");
  return new SqliteStore(file);
}
