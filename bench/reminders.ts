/**
 * npm run bench:reminders — 10,000 subscribers due at once, sent through a local server that
 * speaks the Bot API's sendMessage and enforces Telegram's limits (answering 429 like Telegram).
 * Run 1 measures the rate, 429s, duplicates, missing and peak memory; run 2 kills the worker
 * with SIGKILL halfway, restarts it and counts duplicates and missing after the restart.
 * Writes the table to stdout and to bench/results-reminders.md.
 *
 * BENCH_SUBSCRIBERS (3000), REMINDER_RATE (30, the most the bot allows: Telegram's limit for
 * messages to many chats; the server refuses a 31st message within any second, like Telegram),
 * BENCH_DATABASE_URL (a postgres:// URL to run on PostgreSQL instead of a SQLite file).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Campaign } from "../src/knowledge/schema.js";
import { createStore } from "../src/storage/index.js";
import { openPostgresStore } from "../src/storage/postgres.js";

const here = dirname(fileURLToPath(import.meta.url));
const subscribers = Number(process.env.BENCH_SUBSCRIBERS ?? 3_000);
const rate = Number(process.env.REMINDER_RATE ?? 30);
// Telegram's limit for messages to many chats: 30 in any second. A rate configured above it (to
// measure throughput) gets the same limit as the rate, so that going over it still shows.
const serverGlobalLimit = Math.max(30, Math.floor(rate));
const leaseMs = 2_000;

const campaign: Campaign = {
  id: "bench",
  title: { de: "Benchmark-Kampagne", en: "Benchmark campaign" },
  deadline: "2026-06-10",
  timezone: "Europe/Berlin",
  reminders: { offsets: ["P0D"], sendAt: "10:00" },
  sources: [],
  texts: {},
  menu: [],
};
const clockStart = Date.parse("2026-06-10T10:00:01+02:00");
const chatIds = Array.from({ length: subscribers }, (_, i) =>
  i % 100 === 99 ? -1_000_000_000_000 - i : 10_000 + i,
);

/** A Bot API stand-in that enforces the global, per-chat and per-group limits like Telegram. */
class FakeTelegram {
  received = new Map<number, number>();
  accepted: number[] = [];
  tooMany = 0;
  private window: number[] = [];
  private lastPrivate = new Map<number, number>();
  private groupWindow = new Map<number, number[]>();

  handle(method: string, body: Record<string, unknown>): { status: number; json: unknown } {
    if (method !== "sendMessage") return { status: 200, json: { ok: true, result: true } };
    const now = Date.now();
    const chatId = Number(body.chat_id);
    const flood = (retryAfter: number) => {
      this.tooMany++;
      return {
        status: 429,
        json: {
          ok: false,
          error_code: 429,
          description: `Too Many Requests: retry after ${retryAfter}`,
          parameters: { retry_after: retryAfter },
        },
      };
    };
    this.window = this.window.filter((t) => t > now - 1000);
    if (this.window.length >= serverGlobalLimit) return flood(1);
    if (chatId < 0) {
      const sent = (this.groupWindow.get(chatId) ?? []).filter((t) => t > now - 60_000);
      if (sent.length >= 20) return flood(60);
      this.groupWindow.set(chatId, [...sent, now]);
    } else {
      if (now - (this.lastPrivate.get(chatId) ?? 0) < 1000) return flood(1);
      this.lastPrivate.set(chatId, now);
    }
    this.window.push(now);
    this.accepted.push(now);
    this.received.set(chatId, (this.received.get(chatId) ?? 0) + 1);
    return {
      status: 200,
      json: {
        ok: true,
        result: {
          message_id: this.accepted.length,
          date: Math.floor(now / 1000),
          chat: { id: chatId, type: "private" },
        },
      },
    };
  }

  duplicates(): number {
    return [...this.received.values()].filter((n) => n > 1).length;
  }

  missing(): number {
    return chatIds.filter((id) => !this.received.has(id)).length;
  }
}

async function startServer(telegram: { current: FakeTelegram }) {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const method = req.url?.split("/").at(-1) ?? "";
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
      } catch {
        // grammY sends JSON for every method used here.
      }
      const { status, json } = telegram.current.handle(method, body);
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** A fresh database with every subscriber due at 10:00 on the deadline day. */
async function prepareDatabase(label: string): Promise<{ url: string; cleanup: () => Promise<void> }> {
  const pgUrl = process.env.BENCH_DATABASE_URL;
  let url: string;
  let cleanup: () => Promise<void>;
  if (pgUrl) {
    // Its own schema, dropped afterwards; the worker process finds it through search_path.
    const schema = `bench_${label}_${process.pid}`;
    const owner = await openPostgresStore(pgUrl, { schema });
    url = `${pgUrl}${pgUrl.includes("?") ? "&" : "?"}options=-c%20search_path%3D${schema}`;
    cleanup = () => owner.dropSchemaAndClose();
  } else {
    const dir = mkdtempSync(join(tmpdir(), "wb-bench-"));
    url = join(dir, "bench.sqlite");
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  const store = await createStore(url);
  const at = new Date(clockStart - 3_600_000);
  for (const chatId of chatIds) {
    await store.subscribe(
      {
        chatId,
        campaignId: campaign.id,
        language: "de",
        chatKind: chatId < 0 ? "group" : "private",
        mode: "all",
      },
      at,
    );
  }
  await store.close();
  return { url, cleanup };
}

interface WorkerResult {
  counts: Record<string, number>;
  stats: Record<string, number>;
  maxRssMb: number;
  heapMb: number;
}

function spawnWorker(apiRoot: string, databaseUrl: string, realStart: number): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", join(here, "reminders-worker.ts")], {
    env: {
      ...process.env,
      BOT_API_ROOT: apiRoot,
      BENCH_DATABASE: databaseUrl,
      BENCH_CAMPAIGN: JSON.stringify(campaign),
      BENCH_CLOCK_START: String(clockStart),
      BENCH_REAL_START: String(realStart),
      BENCH_TOTAL: String(subscribers),
      BENCH_LEASE_MS: String(leaseMs),
      REMINDER_RATE: String(rate),
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
}

function finished(child: ChildProcess): Promise<WorkerResult | undefined> {
  let out = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    out += chunk.toString("utf8");
  });
  return new Promise((resolve, reject) => {
    child.on("exit", (code, signal) => {
      if (signal === "SIGKILL") return resolve(undefined);
      if (code !== 0) return reject(new Error(`worker exited with ${code}`));
      resolve(JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as WorkerResult);
    });
  });
}

const telegram = { current: new FakeTelegram() };
const { server, url: apiRoot } = await startServer(telegram);
const rows: string[][] = [];
const store = process.env.BENCH_DATABASE_URL ? "PostgreSQL" : "SQLite";

// Run 1: one worker, all the way through.
{
  const db = await prepareDatabase("run1");
  telegram.current = new FakeTelegram();
  const started = Date.now();
  const result = await finished(spawnWorker(apiRoot, db.url, Date.now()));
  const t = telegram.current;
  const first = t.accepted[0] ?? started;
  const last = t.accepted.at(-1) ?? started;
  // n messages at a steady rate span n - 1 intervals.
  const perSecond = ((t.accepted.length - 1) * 1000) / Math.max(1, last - first);
  rows.push(
    ["messages sent", String(t.accepted.length)],
    [
      "rate",
      `${perSecond.toFixed(1)} msg/s of ${rate} configured (${((perSecond / rate) * 100).toFixed(1)} %)`,
    ],
    ["429 answers", String(t.tooMany)],
    ["duplicates", String(t.duplicates())],
    ["missing", String(t.missing())],
    [
      "peak memory (worker RSS)",
      `${result?.maxRssMb.toFixed(0)} MB (JS heap in use at the end: ${result?.heapMb.toFixed(0)} MB)`,
    ],
    ["wall time", `${((Date.now() - started) / 1000).toFixed(1)} s`],
  );
  await db.cleanup();
}

// Run 2: SIGKILL halfway, then a restart with the same database.
{
  const db = await prepareDatabase("run2");
  telegram.current = new FakeTelegram();
  const realStart = Date.now();
  const doomed = spawnWorker(apiRoot, db.url, realStart);
  const killed = finished(doomed);
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (telegram.current.accepted.length >= subscribers / 2) {
        clearInterval(timer);
        doomed.kill("SIGKILL");
        resolve();
      }
    }, 5);
  });
  await killed;
  const atKill = telegram.current.accepted.length;
  const result = await finished(spawnWorker(apiRoot, db.url, realStart));
  const t = telegram.current;
  rows.push(
    ["after SIGKILL at", `${atKill} messages`],
    ["messages sent in total", String(t.accepted.length)],
    ["429 answers (both processes)", String(t.tooMany)],
    ["duplicates after restart", String(t.duplicates())],
    ["missing after restart", String(t.missing())],
    [
      "worker's log after restart",
      `sent ${result?.stats.sent}, failed ${result?.stats.failed} (interrupted mid-request, not resent), skipped ${result?.stats.skipped}`,
    ],
  );
  await db.cleanup();
}
server.close();

const table = [
  `Reminders benchmark: ${subscribers} subscribers due at once, ${store}, REMINDER_RATE=${rate}, lease ${leaseMs / 1000} s`,
  "",
  "| measure | result |",
  "| --- | --- |",
  ...rows.map(([k, v]) => `| ${k} | ${v} |`),
  "",
  `Node ${process.version}, ${new Date().toISOString().slice(0, 10)}. Server limits: ${serverGlobalLimit} msg/s overall, 1/s per private chat, 20/min per group.`,
].join("\n");
console.log(table);
writeFileSync(join(here, "results-reminders.md"), `# ${table}\n`);
