/**
 * The reminder worker as a separate process, so that the benchmark can SIGKILL it. Everything
 * comes from the environment the benchmark sets; the clock runs from a fixed Berlin morning.
 */
import { Api } from "grammy";
import { pino } from "pino";
import { realSleep } from "../src/delivery/sleep.js";
import { ReminderWorker } from "../src/features/reminders/worker.js";
import { createI18n } from "../src/i18n.js";
import type { Campaign } from "../src/knowledge/schema.js";
import { createStore } from "../src/storage/index.js";

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const campaign = JSON.parse(env("BENCH_CAMPAIGN")) as Campaign;
const clockStart = Number(env("BENCH_CLOCK_START"));
const realStart = Number(env("BENCH_REAL_START"));
const total = Number(env("BENCH_TOTAL"));
const store = await createStore(env("BENCH_DATABASE"));
const worker = new ReminderWorker({
  store,
  api: new Api("123456:bench-token-bench-token-bench-token", { apiRoot: env("BOT_API_ROOT") }),
  campaigns: () => [campaign],
  i18n: createI18n(),
  logger: pino({ level: process.env.LOG_LEVEL ?? "error" }, pino.destination(2)),
  clock: () => new Date(clockStart + (Date.now() - realStart)),
  rate: Number(env("REMINDER_RATE")),
  leaseMs: Number(env("BENCH_LEASE_MS")),
});

// Like the real loop, but ends once every subscriber's reminder has an outcome.
for (;;) {
  await worker.runOnce();
  const stats = await store.reminderStats();
  if (stats.inProgress === 0 && stats.sent + stats.failed + stats.skipped >= total) break;
  await realSleep(250);
}
const stats = await store.reminderStats();
await store.close();
process.stdout.write(
  `${JSON.stringify({ counts: worker.counts, stats, maxRssMb: process.resourceUsage().maxRSS / 1024, heapMb: process.memoryUsage().heapUsed / 1048576 })}\n`,
);
