/**
 * `npm run report:unanswered [-- --days N] [-- --limit N]`: the most frequent questions the bot
 * could not answer (recorded only when UNANSWERED_LOG_DAYS > 0), so that the content can grow
 * where people actually ask. The texts are normalised and carry no chat or user id.
 */
import { parseArgs } from "node:util";
import { ConfigError, createConfig } from "../config.js";
import { formatReport } from "../features/privacy/unanswered.js";
import { createStore } from "../storage/index.js";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { days: { type: "string" }, limit: { type: "string", default: "50" } },
  });
  let config: ReturnType<typeof createConfig>;
  try {
    config = createConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const days = Number(values.days ?? (config.unansweredLogDays || 30));
  const limit = Number(values.limit);
  if (!Number.isInteger(days) || days < 1 || !Number.isInteger(limit) || limit < 1) {
    console.error("--days and --limit must be whole numbers of at least 1");
    process.exit(1);
  }
  if (config.unansweredLogDays === 0) {
    console.error("Note: UNANSWERED_LOG_DAYS is 0, so the bot records no unanswered questions.");
  }
  const store = await createStore(config.databaseUrl);
  try {
    const since = new Date(Date.now() - days * 86_400_000);
    process.stdout.write(formatReport(await store.unansweredReport(since, limit), days));
  } finally {
    await store.close();
  }
}

await main();
