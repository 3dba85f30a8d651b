/**
 * `npx tsx bench/storage.ts`: what one storage call costs on each back end, through the public
 * `createStore(url)` (so the same script measures any implementation of the Store contract).
 * SQLite: a temporary file; PostgreSQL: a schema of its own at BENCH_DATABASE_URL (default: the
 * test database), dropped afterwards. Prints a Markdown table.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import pg from "pg";
import type { Store } from "../src/storage/store.js";

// STORE_MODULE=path/to/storage/index.ts measures another implementation of the same contract
// (e.g. an earlier release's, checked out into bench/.tmp).
const { createStore } = (await import(
  process.env.STORE_MODULE ? resolve(process.env.STORE_MODULE) : "../src/storage/index.js"
)) as { createStore: (url: string) => Promise<Store> };

const postgresUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const subscribers = 5_000;

async function time(runs: number, work: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.min(50, runs); i++) await work(i); // warm up
  const started = performance.now();
  for (let i = 0; i < runs; i++) await work(i);
  return ((performance.now() - started) * 1000) / runs;
}

async function measure(store: Store): Promise<Record<string, number>> {
  const at = new Date("2026-06-01T08:00:00Z");
  await store.setLanguage(1, "de");
  const result: Record<string, number> = {};
  result["getChat (every update)"] = await time(20_000, () => store.getChat(1));
  result.setLanguage = await time(2_000, (i) => store.setLanguage(10 + (i % 100), i % 2 ? "de" : "en"));
  result.subscribe = await time(subscribers, (i) =>
    store.subscribe(
      { chatId: 100_000 + i, campaignId: "camp", language: "de", chatKind: "private", mode: "all" },
      at,
    ),
  );
  const query = {
    campaignId: "camp",
    reminder: "P7D",
    audience: "camp",
    subscribedBy: at,
    includeLastOnly: false,
    unlessSubscribed: false,
  };
  // A reminder to every subscriber: claim in batches of 25, mark sending, record as sent.
  let delivered = 0;
  const started = performance.now();
  for (;;) {
    const claims = await store.claimDue(query, 25, "bench", at);
    if (claims.length === 0) break;
    for (const claim of claims) {
      await store.markSending(claim, "bench", at);
      await store.finishDelivery(claim, "sent", at);
      delivered++;
    }
  }
  if (delivered !== subscribers) throw new Error(`delivered ${delivered} of ${subscribers}`);
  result["claim + sending + sent, per reminder"] = ((performance.now() - started) * 1000) / delivered;
  const start = Date.now();
  result.reserveSendSlots = await time(2_000, (i) => store.reserveSendSlots("bench", 1, 40, start + i * 40));
  result[`reminderStats (${subscribers} chats)`] = await time(50, () => store.reminderStats());
  return result;
}

async function onSqlite(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), "wb-bench-store-"));
  const store = await createStore(join(dir, "bench.sqlite"));
  try {
    return await measure(store);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function onPostgres(): Promise<Record<string, number> | string> {
  const schema = `bench_storage_${process.pid}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  try {
    await admin.connect();
  } catch (error) {
    return `PostgreSQL not reachable (${(error as Error).message})`;
  }
  await admin.query(`CREATE SCHEMA ${schema}`);
  const url = new URL(postgresUrl);
  url.searchParams.set("options", `-c search_path=${schema}`);
  const store = await createStore(url.toString());
  try {
    return await measure(store);
  } finally {
    await store.close();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
}

const sqlite = await onSqlite();
const postgres = await onPostgres();
const rows = Object.keys(sqlite).map((name) => {
  const pgValue = typeof postgres === "string" ? "–" : (postgres[name] ?? 0).toFixed(0);
  return `| ${name} | ${(sqlite[name] ?? 0).toFixed(1)} | ${pgValue} |`;
});
console.log(["| call | SQLite µs | PostgreSQL µs |", "| --- | ---: | ---: |", ...rows].join("\n"));
if (typeof postgres === "string") console.log(`\n${postgres}`);
