import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { openPostgresStore } from "../../src/storage/postgres.js";
import { openSqliteStore } from "../../src/storage/sqlite.js";
import { requirePostgres, testDatabaseUrl } from "../helpers/stores.js";

/**
 * The schema as the earlier releases created it (two back ends with their own DDL, migration 3),
 * dumped from them before the storage was rewritten once for both; and the schema today, the
 * released one plus the tables added since (broadcasts, handled_updates). A fresh database must
 * come out exactly as today's, with every released table, column, index and constraint
 * unchanged, so that upgraded and new databases never differ.
 */
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8"));
const released = fixture("schema-v3.json");
const current = fixture("schema.json");

it("keeps everything the released schema had, unchanged", () => {
  for (const row of released.sqlite) expect(current.sqlite).toContainEqual(row);
  for (const part of ["columns", "indexes", "constraints"]) {
    for (const row of released.postgres[part]) expect(current.postgres[part]).toContainEqual(row);
  }
});

describe("database schema", () => {
  it("SQLite: a new file has exactly today's schema", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wb-schema-"));
    const store = openSqliteStore(join(dir, "bot.sqlite"));
    await store.ping();
    await store.close();
    const db = new Database(join(dir, "bot.sqlite"), { readonly: true });
    const rows = db
      .prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name")
      .all();
    db.close();
    rmSync(dir, { recursive: true, force: true });
    expect(rows).toEqual(current.sqlite);
  });

  if (requirePostgres("database schema")) {
    it("PostgreSQL: a new schema has exactly today's columns, indexes and constraints", async () => {
      const schema = `test_schema_${randomBytes(4).toString("hex")}`;
      const store = await openPostgresStore(testDatabaseUrl, { schema });
      const client = new pg.Client({ connectionString: testDatabaseUrl });
      await client.connect();
      try {
        const strip = (text: string | null) => text?.replaceAll(`${schema}.`, "");
        const columns = await client.query(
          `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
           WHERE table_schema = $1 ORDER BY table_name, ordinal_position`,
          [schema],
        );
        const indexes = await client.query(
          "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = $1 ORDER BY indexname",
          [schema],
        );
        const constraints = await client.query(
          `SELECT conrelid::regclass::text AS t, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
           WHERE connamespace = $1::regnamespace ORDER BY conname`,
          [schema],
        );
        expect({
          columns: columns.rows.map((c) => ({ ...c, column_default: strip(c.column_default) })),
          indexes: indexes.rows.map((i) => ({ ...i, indexdef: strip(i.indexdef) })),
          constraints: constraints.rows.map((c) => ({ ...c, t: strip(c.t) })),
        }).toEqual(current.postgres);
      } finally {
        await client.end();
        await store.dropSchemaAndClose();
      }
    });
  }
});
